/**
 * The benchmark: podscope against yaml-language-server with the same Kubernetes definitions,
 * and against the floor, a bare `yaml` parse. `npm run bench` builds first and writes
 * BENCHMARKS.md; `npm run bench:smoke` runs a few repetitions on the small workloads only, to
 * keep the harness working. No time is ever checked; the run fails when podscope does not report
 * the deliberate mistakes of a workload.
 *
 * The workspace (`workspaceBench.ts`): a generated workspace of 2,000 files (50 in the smoke run)
 * indexed by podscope, navigation across it, and the keystroke path with and without it.
 *
 * The simulation (`simulationBench.ts`): a 10-replica Deployment update over 30 simulated minutes,
 * timed in this process.
 *
 * Options: --smoke, --seed=<n>, --workloads=small,500,helm500,2k,1mb, --workspace=<files> (0: none),
 * --no-write (print only),
 * --cpu-prof (profile every podscope process into out/bench/profiles), --podscope=<folder> (run
 * another podscope bundle: server.js, catalog.json and validators.js, e.g. for before/after).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { SettingsState } from 'yaml-language-server/out/server/src/yamlSettings';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { Catalog } from '../../server/src/catalog/catalog';
import { serverNodeOptions } from '../../server/src/protocol/serverProcess';
import { validationDelay } from '../../server/src/server';
import { repoRoot, sharedRoot } from '../support/paths';
import { LanguageServerSession, type ServerSpec } from './languageServerSession';
import { peerKubernetesSchema } from './peerSchema';
import {
  renderReport,
  type RunInfo,
  type ServerName,
  serverNames,
  type ServerResults,
  type WorkloadResults,
} from './report';
import { profileRevalidation, type RevalidationProfile } from './revalidationProfile';
import { fullSimulationPlan, measureSimulation, smokeSimulationPlan } from './simulationBench';
import { summarize } from './statistics';
import {
  generateWorkload,
  loadCorpus,
  revalidationKeystroke,
  type MistakeKind,
  type Workload,
  type WorkloadName,
} from './workloads';
import { fullVersionsPlan, measureVersions, smokeVersionsPlan } from './versionsBench';
import {
  fullCustomResourcePlan,
  measureCustomResources,
  smokeCustomResourcePlan,
  type CustomResourceResults,
} from './customResourceBench';
import {
  fullWorkspacePlan,
  measureWorkspace,
  smokeWorkspacePlan,
  type WorkspaceResults,
} from './workspaceBench';

interface Plan {
  coldStarts: number;
  warmupRounds: number;
  rounds: number;
  /** Keystrokes measured (an even number: every inserted character is deleted again). */
  edits: number;
  /** Rounds of typing a new key at every site that has room for one (at most `typingSites`). */
  typingRounds: number;
  typingSites?: number;
}

const fullPlans: Record<WorkloadName, Plan> = {
  small: { coldStarts: 10, warmupRounds: 3, rounds: 10, edits: 40, typingRounds: 5 },
  '2k': { coldStarts: 10, warmupRounds: 3, rounds: 10, edits: 30, typingRounds: 3 },
  // 20 keystrokes of a new key: a 95th percentile of fewer samples is their maximum.
  '1mb': { coldStarts: 4, warmupRounds: 1, rounds: 3, edits: 8, typingRounds: 2, typingSites: 10 },
  '500': { coldStarts: 10, warmupRounds: 3, rounds: 10, edits: 30, typingRounds: 3 },
  helm500: { coldStarts: 10, warmupRounds: 3, rounds: 10, edits: 30, typingRounds: 3 },
};

const smokePlans: Record<WorkloadName, Plan> = {
  small: { coldStarts: 1, warmupRounds: 1, rounds: 1, edits: 2, typingRounds: 1, typingSites: 3 },
  '2k': { coldStarts: 1, warmupRounds: 0, rounds: 1, edits: 2, typingRounds: 1, typingSites: 3 },
  '1mb': { coldStarts: 1, warmupRounds: 0, rounds: 1, edits: 2, typingRounds: 1, typingSites: 3 },
  '500': { coldStarts: 1, warmupRounds: 0, rounds: 1, edits: 2, typingRounds: 1, typingSites: 3 },
  helm500: { coldStarts: 1, warmupRounds: 0, rounds: 1, edits: 2, typingRounds: 1, typingSites: 3 },
};

interface Options {
  smoke: boolean;
  seed: number;
  workloads: WorkloadName[];
  /** Files of the generated workspace; 0 leaves the workspace out, undefined takes the plan's. */
  workspaceFiles?: number;
  write: boolean;
  cpuProfile: boolean;
  /** A folder with another podscope bundle (server.js, catalog.json, validators.js), for before/after. */
  podscopeBundle?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    smoke: false,
    seed: 20260522,
    workloads: ['small', '500', 'helm500', '2k', '1mb'],
    write: true,
    cpuProfile: false,
  };
  let workloadsGiven = false;
  for (const argument of argv) {
    const [name, value] = argument.split('=', 2) as [string, string | undefined];
    switch (name) {
      case '--smoke':
        options.smoke = true;
        break;
      case '--seed':
        options.seed = Number(value);
        break;
      case '--workloads':
        options.workloads = (value ?? '').split(',').filter(Boolean) as WorkloadName[];
        workloadsGiven = true;
        break;
      case '--workspace':
        options.workspaceFiles = Number(value);
        break;
      case '--no-write':
        options.write = false;
        break;
      case '--podscope':
        options.podscopeBundle = path.resolve(value ?? '');
        break;
      case '--cpu-prof':
        options.cpuProfile = true;
        break;
      default:
        throw new Error(`Unknown option ${argument}`);
    }
  }
  if (options.smoke && !workloadsGiven) {
    options.workloads = ['small', '500', 'helm500', '2k'];
  }
  if (
    !Number.isInteger(options.seed) ||
    options.workloads.some((name) => !(name in fullPlans)) ||
    (options.workspaceFiles !== undefined &&
      !(Number.isInteger(options.workspaceFiles) && options.workspaceFiles >= 0))
  ) {
    throw new Error(
      'Usage: run.ts [--smoke] [--seed=<n>] [--workloads=small,500,helm500,2k,1mb] [--workspace=<files>] [--no-write] [--cpu-prof]',
    );
  }
  return options;
}

const log = (message: string): void => console.log(message);

/** The newest modification time under a folder. */
function newestChange(target: string): { file: string; time: number } {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) {
    return { file: target, time: stat.mtimeMs };
  }
  let newest = { file: target, time: 0 };
  for (const entry of fs.readdirSync(target)) {
    const candidate = newestChange(path.join(target, entry));
    if (candidate.time > newest.time) {
      newest = candidate;
    }
  }
  return newest;
}

/**
 * Checks that dist/ holds a bundle built from the current sources, and copies it to a private
 * folder: a build started by someone else mid-run (esbuild empties dist/) cannot change it.
 */
function prepareServerBundle(workDirectory: string): string {
  const files = ['server.js', 'catalog.json', 'validators.js'];
  const missing = files.filter((file) => !fs.existsSync(path.join(repoRoot, 'dist', file)));
  if (missing.length > 0) {
    throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` first (npm run bench does).`);
  }
  const built = Math.min(...files.map((file) => fs.statSync(path.join(repoRoot, 'dist', file)).mtimeMs));
  for (const source of ['server/src', 'server/scripts', 'server/generated/catalog.json']) {
    const newest = newestChange(path.join(repoRoot, source));
    if (newest.time > built) {
      throw new Error(
        `dist/ is stale: ${path.relative(repoRoot, newest.file)} changed after the build. Run \`npm run build\` first (npm run bench does).`,
      );
    }
  }
  const directory = path.join(workDirectory, 'podscope');
  fs.mkdirSync(directory, { recursive: true });
  for (const file of files) {
    fs.copyFileSync(path.join(repoRoot, 'dist', file), path.join(directory, file));
  }
  // The bundled custom resource pack, read from beside server.js (absent from older builds).
  const pack = path.join(repoRoot, 'dist', 'customResources');
  if (fs.existsSync(pack)) {
    fs.cpSync(pack, path.join(directory, 'customResources'), { recursive: true });
  }
  return path.join(directory, 'server.js');
}

/** The commit of the sources, with a note when the server's sources have local changes. */
function sourceRevision(): string {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'server').length > 0;
    return dirty ? `${commit} with local changes under server/` : commit;
  } catch {
    return 'an unknown commit';
  }
}

function packageVersion(name: string): string {
  const file =
    name === 'podscope'
      ? path.join(repoRoot, 'package.json')
      : path.join(repoRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}

function serverSpecs(
  serverScript: string,
  schemaUri: string,
  profileDirectory?: string,
): Record<ServerName, ServerSpec> {
  return {
    podscope: {
      name: 'podscope',
      command: process.execPath,
      args: [
        ...(profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : []),
        // As the VS Code client starts it.
        ...serverNodeOptions,
        serverScript,
        '--stdio',
      ],
      configuration: (section) => (section === 'podscope' ? {} : null),
    },
    'yaml-language-server': {
      name: 'yaml-language-server',
      command: process.execPath,
      args: [path.join(repoRoot, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      configuration: (section) => {
        switch (section) {
          case 'yaml':
            return {
              schemas: { [schemaUri]: ['*.yaml'] },
              schemaStore: { enable: false },
              kubernetesCRDStore: { enable: false },
              validate: true,
              completion: true,
              hover: true,
              format: { enable: false },
              yamlVersion: '1.1',
            };
          case 'http':
          case '[yaml]':
          case 'editor':
            return {};
          default:
            return null;
        }
      },
    },
  };
}

function mistakesReported(
  workload: Workload,
  diagnostics: PublishDiagnosticsParams,
): Record<MistakeKind, boolean> {
  const reported = (kind: MistakeKind): boolean => {
    const mistake = workload.mistakes.find((candidate) => candidate.kind === kind)!;
    return diagnostics.diagnostics.some((diagnostic) => diagnostic.range.start.line === mistake.line);
  };
  return {
    'unknown field': reported('unknown field'),
    'bad enum value': reported('bad enum value'),
    'wrong type': reported('wrong type'),
  };
}

/** Alternates which server goes first, so that neither always runs in the other's wake. */
function inTurn<T>(items: readonly T[], turn: number): T[] {
  return turn % 2 === 0 ? [...items] : [...items].reverse();
}

function timeFloorParse(text: string): number {
  const started = performance.now();
  parseAllDocuments(text, { version: '1.1' });
  return performance.now() - started;
}

async function measureWorkload(
  workload: Workload,
  plan: Plan,
  specs: Record<ServerName, ServerSpec>,
  workspace: string,
): Promise<WorkloadResults> {
  const file = path.join(workspace, workload.fileName);
  fs.writeFileSync(file, workload.text);
  const uri = pathToFileURL(file).href;
  const workspaceUri = pathToFileURL(workspace).href;
  const samples = Object.fromEntries(
    serverNames.map((name) => [
      name,
      {
        coldStart: [] as number[],
        coldStartComplete: true,
        completion: [] as number[],
        hover: [] as number[],
        revalidation: [] as number[],
        roundTrip: [] as number[],
        typing: [] as number[],
        typingAnswered: 0,
        completionAnswered: new Set<number>(),
        hoverAnswered: new Set<number>(),
      },
    ]),
  ) as Record<
    ServerName,
    {
      coldStart: number[];
      coldStartComplete: boolean;
      completion: number[];
      hover: number[];
      revalidation: number[];
      roundTrip: number[];
      completionAnswered: Set<number>;
      hoverAnswered: Set<number>;
      typing: number[];
      typingAnswered: number;
    }
  >;

  log(
    `\n${workload.name}: ${workload.lines} lines, ${workload.bytes} bytes, ${workload.documents} documents`,
  );
  /** Spawns a server, opens the file and waits for its first diagnostics: one cold start. */
  const coldStart = async (name: ServerName): Promise<LanguageServerSession> => {
    const session = await LanguageServerSession.start(specs[name], workspaceUri);
    const first = session.nextDiagnostics(uri);
    await session.open(uri, workload.text);
    const diagnostics = await first;
    samples[name].coldStart.push(performance.now() - session.spawnedAt);
    if (!Object.values(mistakesReported(workload, diagnostics)).every(Boolean)) {
      samples[name].coldStartComplete = false;
    }
    return session;
  };
  for (let run = 1; run < plan.coldStarts; run++) {
    for (const name of inTurn(serverNames, run)) {
      await (await coldStart(name)).stop();
    }
  }
  // The measuring sessions (their starts are the last cold starts): both servers up, the file
  // open and validated, then quiet.
  const sessions = {} as Record<ServerName, LanguageServerSession>;
  for (const name of inTurn(serverNames, plan.coldStarts)) {
    sessions[name] = await coldStart(name);
    await sessions[name].settle(1000);
  }
  log(`  cold starts done (${plan.coldStarts} per server)`);

  // Each server answers a whole round of sites in a row, the order swapped every round: taking
  // turns site by site would let one server's garbage collection run into the other's turn.
  const missingUri = pathToFileURL(path.join(workspace, 'not-open.yaml')).href;
  for (let round = 0; round < plan.warmupRounds + plan.rounds; round++) {
    const measured = round >= plan.warmupRounds;
    for (const name of inTurn(serverNames, round)) {
      for (const [index, site] of workload.sites.entries()) {
        const { elapsed, items } = await sessions[name].complete(uri, site.completion);
        if (measured) {
          samples[name].completion.push(elapsed);
        }
        if (items > 0) {
          samples[name].completionAnswered.add(index);
        }
      }
    }
    for (const name of inTurn(serverNames, round)) {
      for (const [index, site] of workload.sites.entries()) {
        const { elapsed, hasContent } = await sessions[name].hover(uri, site.hover);
        if (measured) {
          samples[name].hover.push(elapsed);
        }
        if (hasContent) {
          samples[name].hoverAnswered.add(index);
        }
      }
    }
    // The transport alone: a hover in a document that is not open, which both answer with null.
    for (const name of inTurn(serverNames, round)) {
      for (const site of workload.sites) {
        const { elapsed } = await sessions[name].hover(missingUri, site.hover);
        if (measured) {
          samples[name].roundTrip.push(elapsed);
        }
      }
    }
  }
  log(`  completion and hover done (${plan.rounds} rounds of ${workload.sites.length} sites)`);

  // Typing a new key: a line holding the first letter of a key is inserted above a key that has
  // a line of its own, and completion is asked at once, as an editor does on the first keystroke
  // (later keystrokes filter in the editor). The line is removed again, and the next sample waits
  // until the server has published the same diagnostics as before, so that no validation of the
  // typed text is still running.
  const typingSites = workload.sites.filter((site) => site.sibling).slice(0, plan.typingSites);
  for (let round = 0; round < plan.typingRounds; round++) {
    for (const name of inTurn(serverNames, round)) {
      const session = sessions[name];
      const baseline = JSON.stringify(session.diagnostics.get(uri)?.diagnostics);
      for (const site of typingSites) {
        const { column, key } = site.sibling!;
        const line = site.completion.line;
        await session.change(
          uri,
          { start: { line, character: 0 }, end: { line, character: 0 } },
          `${' '.repeat(column)}${key[0]}\n`,
        );
        const { elapsed, items } = await session.complete(uri, { line, character: column + 1 });
        samples[name].typing.push(elapsed);
        samples[name].typingAnswered += items > 0 ? 1 : 0;
        const settled = session.nextDiagnostics(
          uri,
          (params) => JSON.stringify(params.diagnostics) === baseline,
        );
        await session.change(
          uri,
          { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
          '',
        );
        await settled;
      }
    }
  }
  log(`  typing done (${plan.typingRounds} rounds of ${typingSites.length} sites)`);

  // Keystrokes: a character typed and deleted again, alternately; two of each to warm up.
  const floorSamples: number[] = [];
  for (let warmup = 0; warmup < 3; warmup++) {
    timeFloorParse(workload.text);
  }
  const warmupEdits = plan.warmupRounds > 0 ? 2 : 0;
  let text = workload.text;
  const lastDiagnostics = {} as Record<ServerName, PublishDiagnosticsParams>;
  const editOffset = offsetAt(text, workload.editAt);
  for (let edit = 0; edit < warmupEdits + plan.edits; edit++) {
    const keystroke = revalidationKeystroke(workload, edit);
    text = keystroke.text
      ? `${text.slice(0, editOffset)}${keystroke.text}${text.slice(editOffset)}`
      : workload.text;
    for (const name of inTurn(serverNames, edit >> 1)) {
      const { elapsed, diagnostics } = await sessions[name].changeAndWaitForDiagnostics(
        uri,
        keystroke.range,
        keystroke.text,
      );
      if (edit >= warmupEdits) {
        samples[name].revalidation.push(elapsed);
      }
      lastDiagnostics[name] = diagnostics;
    }
    floorSamples.push(timeFloorParse(text));
  }
  while (floorSamples.length < 10) {
    floorSamples.push(timeFloorParse(text));
  }
  log(`  re-validation done (${plan.edits} keystrokes)`);

  const servers = {} as Record<ServerName, ServerResults>;
  for (const name of serverNames) {
    const server = samples[name];
    servers[name] = {
      coldStart: summarize(server.coldStart),
      coldStartComplete: server.coldStartComplete,
      completion: summarize(server.completion),
      hover: summarize(server.hover),
      revalidation: summarize(server.revalidation),
      roundTrip: summarize(server.roundTrip),
      debounce: name === 'podscope' ? validationDelay : new SettingsState().validationDelayMs,
      peakRss: sessions[name].peakRss(),
      completionAnswered: server.completionAnswered.size,
      hoverAnswered: server.hoverAnswered.size,
      typing: summarize(server.typing),
      typingAnswered: server.typingAnswered,
      mistakesReported: mistakesReported(workload, lastDiagnostics[name]),
      diagnosticCount: lastDiagnostics[name].diagnostics.length,
    };
    await sessions[name].stop();
  }
  return {
    workload,
    floor: summarize(floorSamples.slice(warmupEdits)),
    servers,
    repetitions: { coldStarts: plan.coldStarts, rounds: plan.rounds, edits: plan.edits },
  };
}

function offsetAt(text: string, position: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    offset = text.indexOf('\n', offset) + 1;
  }
  return offset + position.character;
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  const source = options.podscopeBundle ? `the bundle in ${options.podscopeBundle}` : sourceRevision();
  const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-bench-'));
  try {
    const serverScript = options.podscopeBundle
      ? path.join(options.podscopeBundle, 'server.js')
      : prepareServerBundle(workDirectory);
    const corpusDirectory = path.join(sharedRoot, 'corpus/k8s-website-examples');
    if (!fs.existsSync(corpusDirectory)) {
      throw new Error(`The corpus is missing: ${corpusDirectory} (../shared beside the repository).`);
    }
    const catalog = Catalog.load(path.join(path.dirname(serverScript), 'catalog.json'));
    const schemaFile = path.join(workDirectory, 'k8s-all.json');
    fs.writeFileSync(schemaFile, JSON.stringify(peerKubernetesSchema(catalog)));
    const workspace = path.join(workDirectory, 'workspace');
    fs.mkdirSync(workspace);
    let profileDirectory: string | undefined;
    if (options.cpuProfile) {
      profileDirectory = path.join(repoRoot, 'out/bench/profiles');
      fs.mkdirSync(profileDirectory, { recursive: true });
    }
    const specs = serverSpecs(serverScript, pathToFileURL(schemaFile).href, profileDirectory);
    const corpus = loadCorpus(corpusDirectory);
    const plans = options.smoke ? smokePlans : fullPlans;
    const results: WorkloadResults[] = [];
    for (const name of options.workloads) {
      const workload = generateWorkload(corpus, name, options.seed);
      results.push(await measureWorkload(workload, plans[name], specs, workspace));
    }
    // Where the small Pod's re-validation goes: a profiled session of its own, after the measured ones.
    let revalidationProfile: RevalidationProfile | undefined;
    if (options.workloads.includes('small')) {
      revalidationProfile = await profileRevalidation(
        generateWorkload(corpus, 'small', options.seed),
        specs.podscope,
        workspace,
        options.smoke ? 10 : 200,
      );
      log(`\nsmall: re-validation profiled (${revalidationProfile.keystrokes} keystrokes)`);
    }
    let workspaceResults: WorkspaceResults | undefined;
    const workspacePlan = options.smoke ? smokeWorkspacePlan : fullWorkspacePlan;
    const workspaceFiles = options.workspaceFiles ?? workspacePlan.files;
    if (workspaceFiles > 0) {
      workspaceResults = await measureWorkspace(
        specs.podscope,
        generateWorkload(corpus, '2k', options.seed),
        { ...workspacePlan, files: workspaceFiles },
        workDirectory,
        options.seed,
      );
    }
    const simulation = measureSimulation(options.smoke ? smokeSimulationPlan : fullSimulationPlan);
    const customResources: CustomResourceResults = await measureCustomResources(
      specs.podscope,
      generateWorkload(corpus, '2k', options.seed),
      options.smoke ? smokeCustomResourcePlan : fullCustomResourcePlan,
      workDirectory,
      log,
    );
    const versions = await measureVersions(
      specs.podscope,
      serverScript,
      generateWorkload(corpus, '2k', options.seed),
      options.smoke ? smokeVersionsPlan : fullVersionsPlan,
      workDirectory,
      log,
    );
    const command = options.smoke ? 'npm run bench:smoke' : 'npm run bench';
    const extra = process.argv.slice(2).filter((argument) => argument !== '--smoke');
    const info: RunInfo = {
      date: new Date(),
      command: extra.length > 0 ? `${command} -- ${extra.join(' ')}` : command,
      seed: options.seed,
      smoke: options.smoke,
      durationSeconds: (performance.now() - started) / 1000,
      source,
      versions: {
        podscope: packageVersion('podscope'),
        'yaml-language-server': packageVersion('yaml-language-server'),
        yaml: packageVersion('yaml'),
      },
    };
    const report = renderReport(
      info,
      results,
      workspaceResults,
      simulation,
      customResources,
      versions,
      revalidationProfile,
    );
    log(`\n${report}`);
    if (options.write && !options.smoke) {
      fs.writeFileSync(path.join(repoRoot, 'BENCHMARKS.md'), report);
      log('Written to BENCHMARKS.md');
    }
    // Times are never checked, but a podscope that stops reporting the deliberate mistakes fails
    // the run: a speed-up that comes from skipping work does not count.
    for (const result of results) {
      const missed = Object.entries(result.servers.podscope.mistakesReported)
        .filter(([, reported]) => !reported)
        .map(([kind]) => kind);
      if (missed.length > 0) {
        console.error(
          `podscope did not report the ${missed.join(', ')} in the ${result.workload.name} workload.`,
        );
        process.exitCode = 1;
      }
    }
    // The workspace's rows must be there and hold figures, and navigation must find what the
    // generated references name: an index that finds nothing would be fast for nothing.
    if (workspaceResults) {
      const problems = workspaceProblems(workspaceResults);
      if (problems.length > 0) {
        console.error(`The workspace measures are incomplete:\n- ${problems.join('\n- ')}`);
        process.exitCode = 1;
      }
      if (!report.includes('### Workspace:') || !report.includes('Go to definition, median')) {
        console.error('The report lacks the workspace rows.');
        process.exitCode = 1;
      }
    }
    // The simulation's row must measure a rollout that completes: a fast run that stops early is no figure.
    if (!simulation.completed || !report.includes('### Simulation:')) {
      console.error(
        "The simulation benchmark's Deployment did not complete its rollout, or its rows are missing.",
      );
      process.exitCode = 1;
    }
    // The profile must have seen the validations it breaks down.
    if (revalidationProfile && revalidationProfile.busy <= 0) {
      console.error("The small Pod's re-validation profile holds no sample of the server's work.");
      process.exitCode = 1;
    }
    if (!report.includes('### Custom resources: the bundled pack')) {
      console.error('The report lacks the custom resource rows.');
      process.exitCode = 1;
    }
    if (profileDirectory) {
      log(`CPU profiles of podscope: ${profileDirectory}`);
    }
  } finally {
    fs.rmSync(workDirectory, { recursive: true, force: true });
  }
}

function workspaceProblems(results: WorkspaceResults): string[] {
  const problems: string[] = [];
  const timings = {
    indexing: results.indexTime,
    'first diagnostics with the workspace': results.firstDiagnostics,
    'first diagnostics without a workspace folder': results.firstDiagnosticsWithoutWorkspace,
    definition: results.definition,
    references: results.references,
    rename: results.rename,
    'completion without the workspace': results.keystrokes.without.completion,
    'completion with the workspace': results.keystrokes.with.completion,
    'hover with the workspace': results.keystrokes.with.hover,
    're-validation with the workspace': results.keystrokes.with.revalidation,
  };
  for (const [name, summary] of Object.entries(timings)) {
    if (summary.count === 0 || !Number.isFinite(summary.median)) {
      problems.push(`no ${name} figure`);
    }
  }
  if (results.indexedFiles < results.files) {
    problems.push(`the server indexed ${results.indexedFiles} files of ${results.files}`);
  }
  for (const [name, found] of [
    ['definition in the declaring file', results.definitionFound],
    ['references beyond the declaration', results.referencesFound],
    ['rename across files', results.renameAcrossFiles],
  ] as const) {
    if (found < results.sites) {
      problems.push(`${name} at ${found} of ${results.sites} sites`);
    }
  }
  return problems;
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exitCode = 1;
});
