/**
 * The workspace in the benchmark: podscope started with a generated workspace of N files
 * (`workspaceWorkload.ts`) as its workspace folder, as an editor opens a project. Measured:
 *
 * - indexing: from `initialized` to the end of the work-done progress the server reports, with
 *   the server's own figure from its log line ("Indexed N YAML files … in X ms"), and the
 *   server's RSS once indexing is done;
 * - the first diagnostics of a file opened right after `initialized`, with the workspace folder
 *   and without any (no rootUri, no workspaceFolders), cold starts taken in turn;
 * - go to definition, find references and rename at reference names spread over the workspace;
 * - the keystroke path (completion, hover, re-validation) on the 2,000-line workload, in two
 *   podscope sessions side by side: one whose workspace folder holds only that file, as the rest
 *   of the benchmark runs, and one whose workspace folder is the generated workspace.
 *
 * yaml-language-server has no index of a workspace: it is not measured here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LanguageServerSession, type Milliseconds, type ServerSpec } from './languageServerSession';
import { type Summary, summarize } from './statistics';
import { revalidationKeystroke, type Workload } from './workloads';
import { generateWorkspace, type NavigationSiteKind } from './workspaceWorkload';

export interface WorkspacePlan {
  /** Files of the generated workspace. */
  files: number;
  /** Cold starts with the workspace, and as many without. */
  coldStarts: number;
  /** Reference names where navigation is measured. */
  sites: number;
  warmupRounds: number;
  rounds: number;
  /** Keystrokes for re-validation (an even number). */
  edits: number;
}

export const fullWorkspacePlan: WorkspacePlan = {
  files: 2000,
  coldStarts: 5,
  sites: 24,
  warmupRounds: 2,
  rounds: 5,
  edits: 30,
};

export const smokeWorkspacePlan: WorkspacePlan = {
  files: 60,
  coldStarts: 1,
  sites: 6,
  warmupRounds: 0,
  rounds: 1,
  edits: 2,
};

/** The keystroke figures of one podscope session. */
export interface KeystrokeResults {
  completion: Summary;
  hover: Summary;
  revalidation: Summary;
  peakRss: number;
  /** Diagnostics published for the file after the last edit. */
  diagnosticCount: number;
}

export interface WorkspaceResults {
  files: number;
  bytes: number;
  applications: number;
  /** Initialized → the end of the indexing progress, in the harness. */
  indexTime: Summary;
  /** The time in the server's log line. */
  serverIndexTime: Summary;
  /** From the server's log line: YAML files read, and those with manifests (the last cold start). */
  indexedFiles: number;
  indexedWithManifests: number;
  /** VmRSS once indexing ended and the server was quiet. */
  rssAfterIndex: Summary;
  /** VmRSS of a server without a workspace folder, once it published the open file's diagnostics. */
  rssWithoutWorkspace: Summary;
  /** Spawn → first diagnostics of the file opened right after `initialized`. */
  firstDiagnostics: Summary;
  firstDiagnosticsWithoutWorkspace: Summary;
  /** Cold starts whose first diagnostics came before indexing ended. */
  firstDiagnosticsBeforeIndexEnd: number;
  coldStarts: number;
  definition: Summary;
  references: Summary;
  rename: Summary;
  sites: number;
  siteKinds: NavigationSiteKind[];
  /** Sites where definition named the declaring file / references found more than the declaration / rename edited two files or more. */
  definitionFound: number;
  referencesFound: number;
  renameAcrossFiles: number;
  rounds: number;
  keystrokes: { without: KeystrokeResults; with: KeystrokeResults };
  keystrokeRounds: number;
  keystrokeEdits: number;
}

const log = (message: string): void => console.log(message);

const indexedLine = /Indexed (\d+) YAML files of the workspace \((\d+) with manifests\) in (\d+) ms/;

/** The end of the server's indexing, or an error after five minutes. */
async function indexingEnd(session: LanguageServerSession): Promise<Milliseconds> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('No end of the indexing progress in 300 s')), 300_000);
  });
  return Promise.race([session.progressEnd, timeout]).finally(() => clearTimeout(timer));
}

/** The server's log line about indexing (it follows the end of the progress). */
async function indexedLogLine(
  session: LanguageServerSession,
): Promise<{ files: number; withManifests: number; ms: number }> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const match = session.logMessages.map((line) => indexedLine.exec(line)).find(Boolean);
    if (match) {
      return { files: Number(match[1]), withManifests: Number(match[2]), ms: Number(match[3]) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`No "Indexed … YAML files" line in the server's log:\n${session.logMessages.join('\n')}`);
}

export async function measureWorkspace(
  spec: ServerSpec,
  workload: Workload,
  plan: WorkspacePlan,
  workDirectory: string,
  seed: number,
): Promise<WorkspaceResults> {
  const root = path.join(workDirectory, 'generated-workspace');
  const workspace = generateWorkspace(root, plan.files, seed, plan.sites);
  const rootUri = pathToFileURL(root).href;
  const uriOf = (relative: string): string => pathToFileURL(path.join(root, relative)).href;
  log(
    `\nworkspace: ${workspace.files} files, ${workspace.bytes} bytes, ${workspace.applications} applications, ${workspace.sites.length} navigation sites`,
  );

  // Cold starts, with the workspace and without a workspace folder, in turn.
  const firstUri = uriOf(workspace.firstFile);
  const firstText = fs.readFileSync(path.join(root, workspace.firstFile), 'utf8');
  const indexTimes: number[] = [];
  const serverIndexTimes: number[] = [];
  const rssAfterIndex: number[] = [];
  const rssWithout: number[] = [];
  const firstWith: number[] = [];
  const firstWithout: number[] = [];
  let beforeIndexEnd = 0;
  let indexed = { files: 0, withManifests: 0 };
  let kept: LanguageServerSession | undefined;
  for (let run = 0; run < plan.coldStarts; run++) {
    const order = run % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
    for (const variant of order) {
      const withWorkspace = variant === 'with';
      const session = await LanguageServerSession.start(spec, withWorkspace ? rootUri : null, {
        workDoneProgress: true,
      });
      const first = session.nextDiagnostics(firstUri);
      await session.open(firstUri, firstText);
      await first;
      const firstAt = performance.now();
      (withWorkspace ? firstWith : firstWithout).push(firstAt - session.spawnedAt);
      if (withWorkspace) {
        const end = await indexingEnd(session);
        indexTimes.push(end - session.initializedAt);
        beforeIndexEnd += firstAt < end ? 1 : 0;
        const line = await indexedLogLine(session);
        serverIndexTimes.push(line.ms);
        indexed = { files: line.files, withManifests: line.withManifests };
      }
      // The open file is validated again once the index is complete: wait until that is done.
      await session.settle(500);
      (withWorkspace ? rssAfterIndex : rssWithout).push(session.rss());
      if (withWorkspace && run === plan.coldStarts - 1) {
        kept = session;
      } else {
        await session.stop();
      }
    }
  }
  log(`  cold starts done (${plan.coldStarts} with the workspace, ${plan.coldStarts} without)`);

  // Navigation, in the last session with the workspace: the files of the sites open, as an
  // editor has them when the user asks.
  const session = kept!;
  for (const file of new Set(workspace.sites.map((site) => site.file))) {
    const uri = uriOf(file);
    if (uri !== firstUri) {
      const published = session.nextDiagnostics(uri);
      await session.open(uri, fs.readFileSync(path.join(root, file), 'utf8'));
      await published;
    }
  }
  await session.settle(1000);
  const definition: number[] = [];
  const references: number[] = [];
  const rename: number[] = [];
  const definitionFound = new Set<number>();
  const referencesFound = new Set<number>();
  const renameAcrossFiles = new Set<number>();
  for (let round = 0; round < plan.warmupRounds + plan.rounds; round++) {
    const measured = round >= plan.warmupRounds;
    for (const [index, site] of workspace.sites.entries()) {
      const { elapsed, uris } = await session.definition(uriOf(site.file), site.position);
      if (measured) {
        definition.push(elapsed);
      }
      if (uris.includes(uriOf(site.declaredIn))) {
        definitionFound.add(index);
      }
    }
    for (const [index, site] of workspace.sites.entries()) {
      const { elapsed, count } = await session.references(uriOf(site.file), site.position);
      if (measured) {
        references.push(elapsed);
      }
      if (count >= 2) {
        referencesFound.add(index);
      }
    }
    for (const [index, site] of workspace.sites.entries()) {
      const { elapsed, files } = await session.rename(
        uriOf(site.file),
        site.position,
        `${site.name}-renamed`,
      );
      if (measured) {
        rename.push(elapsed);
      }
      if (files >= 2) {
        renameAcrossFiles.add(index);
      }
    }
  }
  await session.stop();
  log(`  navigation done (${plan.rounds} rounds of ${workspace.sites.length} sites)`);

  const keystrokes = await measureKeystrokes(spec, workload, plan, workDirectory, root);
  return {
    files: workspace.files,
    bytes: workspace.bytes,
    applications: workspace.applications,
    indexTime: summarize(indexTimes),
    serverIndexTime: summarize(serverIndexTimes),
    indexedFiles: indexed.files,
    indexedWithManifests: indexed.withManifests,
    rssAfterIndex: summarize(rssAfterIndex),
    rssWithoutWorkspace: summarize(rssWithout),
    firstDiagnostics: summarize(firstWith),
    firstDiagnosticsWithoutWorkspace: summarize(firstWithout),
    firstDiagnosticsBeforeIndexEnd: beforeIndexEnd,
    coldStarts: plan.coldStarts,
    definition: summarize(definition),
    references: summarize(references),
    rename: summarize(rename),
    sites: workspace.sites.length,
    siteKinds: [...new Set(workspace.sites.map((site) => site.kind))],
    definitionFound: definitionFound.size,
    referencesFound: referencesFound.size,
    renameAcrossFiles: renameAcrossFiles.size,
    rounds: plan.rounds,
    keystrokes,
    keystrokeRounds: plan.rounds,
    keystrokeEdits: plan.edits,
  };
}

/**
 * Completion, hover and re-validation on the same workload file in two podscope sessions: its
 * workspace folder holds only that file (as in the rest of the benchmark), or it is the generated
 * workspace (the file put at its root, after the cold starts). Taken in turn, the order swapped
 * every round.
 */
async function measureKeystrokes(
  spec: ServerSpec,
  workload: Workload,
  plan: WorkspacePlan,
  workDirectory: string,
  root: string,
): Promise<{ without: KeystrokeResults; with: KeystrokeResults }> {
  const lone = path.join(workDirectory, 'lone-workspace');
  fs.mkdirSync(lone, { recursive: true });
  const variants = ['without', 'with'] as const;
  const sessions = {} as Record<(typeof variants)[number], { session: LanguageServerSession; uri: string }>;
  for (const variant of variants) {
    const folder = variant === 'with' ? root : lone;
    const file = path.join(folder, workload.fileName);
    fs.writeFileSync(file, workload.text);
    const uri = pathToFileURL(file).href;
    const session = await LanguageServerSession.start(spec, pathToFileURL(folder).href, {
      workDoneProgress: true,
    });
    const first = session.nextDiagnostics(uri);
    await session.open(uri, workload.text);
    await first;
    if (variant === 'with') {
      await indexingEnd(session);
    }
    sessions[variant] = { session, uri };
  }
  for (const variant of variants) {
    await sessions[variant].session.settle(1000);
  }
  const samples = Object.fromEntries(
    variants.map((variant) => [
      variant,
      { completion: [] as number[], hover: [] as number[], revalidation: [] as number[] },
    ]),
  ) as Record<(typeof variants)[number], { completion: number[]; hover: number[]; revalidation: number[] }>;
  const inTurn = (turn: number): (typeof variants)[number][] =>
    turn % 2 === 0 ? [...variants] : [...variants].reverse();

  for (let round = 0; round < plan.warmupRounds + plan.rounds; round++) {
    const measured = round >= plan.warmupRounds;
    for (const variant of inTurn(round)) {
      const { session, uri } = sessions[variant];
      for (const site of workload.sites) {
        const { elapsed } = await session.complete(uri, site.completion);
        if (measured) {
          samples[variant].completion.push(elapsed);
        }
      }
    }
    for (const variant of inTurn(round)) {
      const { session, uri } = sessions[variant];
      for (const site of workload.sites) {
        const { elapsed } = await session.hover(uri, site.hover);
        if (measured) {
          samples[variant].hover.push(elapsed);
        }
      }
    }
  }
  // A character typed into a metadata.name mid-file and deleted again, as in the rest of the
  // benchmark; the time to the diagnostics of that version.
  const warmupEdits = plan.warmupRounds > 0 ? 2 : 0;
  const last = {} as Record<(typeof variants)[number], PublishDiagnosticsParams>;
  for (let edit = 0; edit < warmupEdits + plan.edits; edit++) {
    const { range, text } = revalidationKeystroke(workload, edit);
    for (const variant of inTurn(edit >> 1)) {
      const { session, uri } = sessions[variant];
      const { elapsed, diagnostics } = await session.changeAndWaitForDiagnostics(uri, range, text);
      if (edit >= warmupEdits) {
        samples[variant].revalidation.push(elapsed);
      }
      last[variant] = diagnostics;
    }
  }
  const results = {} as Record<(typeof variants)[number], KeystrokeResults>;
  for (const variant of variants) {
    const { session } = sessions[variant];
    results[variant] = {
      completion: summarize(samples[variant].completion),
      hover: summarize(samples[variant].hover),
      revalidation: summarize(samples[variant].revalidation),
      peakRss: session.peakRss(),
      diagnosticCount: last[variant].diagnostics.length,
    };
    await session.stop();
  }
  log(
    `  keystrokes with and without the workspace done (${plan.rounds} rounds of ${workload.sites.length} sites, ${plan.edits} keystrokes)`,
  );
  return results;
}
