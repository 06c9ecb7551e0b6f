/**
 * Several Kubernetes minors in one catalog (issue 17), in the benchmark: podscope as built (the
 * catalog of every covered minor, with spans, and validators compiled from the union of their
 * fields) against the same server with one minor (the catalog projected to the newest minor,
 * without spans, and validators compiled from it). Cold starts taken in turn, the side that
 * starts first swapped every run. Measured: from the spawn to the first diagnostics of the
 * 2,000-line workload, and the server's RSS then and after the run's keystrokes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { Catalog } from '../../server/src/catalog/catalog';
import type { CatalogData, DefinitionData, KindData } from '../../server/src/catalog/catalogData';
import { generateValidators } from '../../server/scripts/generateValidators';
import { LanguageServerSession, type ServerSpec } from './languageServerSession';
import { type Summary, summarize } from './statistics';
import type { Workload } from './workloads';

export interface VersionsPlan {
  coldStarts: number;
}

export const fullVersionsPlan: VersionsPlan = { coldStarts: 6 };
export const smokeVersionsPlan: VersionsPlan = { coldStarts: 1 };

export interface VersionsSide {
  startUp: Summary;
  rssAtStartUp: Summary;
  /** The catalog file and the validators beside the server, in bytes. */
  catalogBytes: number;
  validatorsBytes: number;
}

export interface VersionsResults {
  coldStarts: number;
  /** The covered minors, e.g. `1.30–1.36`. */
  covered: string;
  all: VersionsSide;
  one: VersionsSide;
}

/** The catalog as one minor has it, without spans: what a build for that minor alone would ship. */
export function oneMinorCatalogData(catalog: Catalog, minor: number): CatalogData {
  const view = catalog.atMinor(minor);
  const definitions: Record<string, DefinitionData> = {};
  const strip = <T extends object>(entry: T): T => {
    const copy = { ...entry } as Record<string, unknown>;
    for (const key of ['minors', 'enumMinors', 'requiredMinors', 'descriptions']) {
      delete copy[key];
    }
    return copy as T;
  };
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) {
      return;
    }
    seen.add(id);
    const definition = view.getDefinition(id);
    if (!definition) {
      return;
    }
    const properties = definition.properties
      ? Object.fromEntries(Object.entries(definition.properties).map(([name, field]) => [name, strip(field)]))
      : undefined;
    definitions[id] = strip({ ...definition, ...(properties ? { properties } : {}) });
    for (const field of Object.values(definition.properties ?? {})) {
      for (const match of field.type.matchAll(/#([A-Za-z0-9_.-]+)/g)) {
        visit(match[1]!);
      }
    }
    for (const match of (definition.type ?? '').matchAll(/#([A-Za-z0-9_.-]+)/g)) {
      visit(match[1]!);
    }
  };
  const kinds: KindData[] = view.kinds.map((kind) => strip(kind));
  for (const kind of kinds) {
    visit(kind.definition);
  }
  visit('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  return { formatVersion: 1, source: `${catalog.source} at 1.${minor}`, kinds, definitions };
}

/** A copy of the bundle folder with the one-minor catalog and its validators. */
async function oneMinorBundle(bundleDirectory: string, workDirectory: string): Promise<string> {
  const directory = path.join(workDirectory, 'podscope-one-minor');
  fs.rmSync(directory, { recursive: true, force: true });
  fs.cpSync(bundleDirectory, directory, { recursive: true });
  const catalog = Catalog.load(path.join(bundleDirectory, 'catalog.json'));
  const data = oneMinorCatalogData(catalog, catalog.minors.newest);
  fs.writeFileSync(path.join(directory, 'catalog.json'), JSON.stringify(data));
  const source = path.join(workDirectory, 'validators-one-minor.js');
  fs.writeFileSync(source, generateValidators(Catalog.fromData(data)));
  await esbuild.build({
    entryPoints: [source],
    outfile: path.join(directory, 'validators.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    logLevel: 'silent',
  });
  return directory;
}

export async function measureVersions(
  podscope: ServerSpec,
  serverScript: string,
  workload: Workload,
  plan: VersionsPlan,
  workDirectory: string,
  log: (message: string) => void,
): Promise<VersionsResults> {
  const bundle = path.dirname(serverScript);
  const oneDirectory = await oneMinorBundle(bundle, workDirectory);
  const specs = {
    all: podscope,
    one: {
      ...podscope,
      name: 'podscope (one minor)',
      args: podscope.args.map((argument) =>
        argument === serverScript ? path.join(oneDirectory, path.basename(serverScript)) : argument,
      ),
    },
  };
  const folder = path.join(workDirectory, 'versions');
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'workload.yaml');
  fs.writeFileSync(file, workload.text);
  const uri = pathToFileURL(file).href;
  const samples = {
    all: { startUp: [] as number[], rss: [] as number[] },
    one: { startUp: [] as number[], rss: [] as number[] },
  };
  for (let run = 0; run < plan.coldStarts; run++) {
    const order = run % 2 === 0 ? (['all', 'one'] as const) : (['one', 'all'] as const);
    for (const side of order) {
      const session = await LanguageServerSession.start(specs[side], null);
      try {
        const first = session.nextDiagnostics(uri);
        await session.open(uri, workload.text);
        await first;
        samples[side].startUp.push(performance.now() - session.spawnedAt);
        await session.settle(200);
        samples[side].rss.push(session.rss());
      } finally {
        await session.stop();
      }
    }
  }
  log(
    `  Kubernetes versions: ${plan.coldStarts} cold starts with every covered minor and ${plan.coldStarts} with one`,
  );
  const catalog = Catalog.load(path.join(bundle, 'catalog.json'));
  const side = (name: 'all' | 'one', directory: string): VersionsSide => ({
    startUp: summarize(samples[name].startUp),
    rssAtStartUp: summarize(samples[name].rss),
    catalogBytes: fs.statSync(path.join(directory, 'catalog.json')).size,
    validatorsBytes: fs.statSync(path.join(directory, 'validators.js')).size,
  });
  return {
    coldStarts: plan.coldStarts,
    covered: `1.${catalog.minors.oldest}–1.${catalog.minors.newest}`,
    all: side('all', bundle),
    one: side('one', oneDirectory),
  };
}
