/**
 * `podscope simulate <file> [--doc <index or name>] [--scenario <file>] [--format text|json]`:
 * the pod lifecycle simulator on the command line.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { podSpecPath } from '../kubernetes/workloads';
import { objectOf, valueAt } from '../common/guards';
import { normalizePod } from '../simulator/podSpec';
import { renderTimeline } from '../simulator/renderText';
import { formatProblem, parseScenario } from '../simulator/scenario';
import { simulatePod } from '../simulator/simulator';
import type { Scenario, SimulationInput } from '../simulator/types';
import { ManifestParser } from '../yaml/manifestFile';
import type { CliIo } from './cliIo';

const usage = `Usage: podscope simulate <file> [--doc <index or name>] [--scenario <file>] [--format text|json]

Simulates how the kubelet runs the pod of a manifest (a Pod, or the pod template of a Deployment,
StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob or PodTemplate) and prints
its timeline: states like \`kubectl get pod -w\`, with the events between them.

Options:
  --doc <index or name>   The document to simulate: its 0-based index in the file, or its
                          metadata.name. Default: the first document with a pod; when the file
                          has several, stderr says which one was used.
  --scenario <file>       What the manifest cannot know, in YAML or JSON: when containers exit
                          and with which code, when probes fail, hook durations, image pull
                          failures, deletion (deleteAt), node loss (nodeLostAt) and the node's
                          return (nodeReturnsAt). Default: a healthy run of 600 seconds.
  --format text|json      text (default): the timeline; json: events, snapshots and the final
                          state, with explanations.

Example scenario:
  duration: 600
  deleteAt: 300
  containers:
    app:
      exitAfter: 5        # seconds after each start
      exitCode: 1
      probes:
        liveness: { failFrom: 30, failUntil: 90 }
`;

export function simulateCommand(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      doc: { type: 'string' },
      scenario: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`error: give one manifest file to simulate\n\n${usage}`);
    return 1;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.stderr(`error: --format must be text or json, not "${values.format}"\n`);
    return 1;
  }
  const file = positionals[0]!;
  const text = readText(file, io);
  if (text === undefined) {
    return 1;
  }
  const chosen = choosePod(file, readManifestDocuments(text), values.doc, io);
  if (!chosen) {
    return 1;
  }

  let scenario: Scenario = {};
  if (values.scenario !== undefined) {
    const scenarioText = readText(values.scenario, io);
    if (scenarioText === undefined) {
      return 1;
    }
    const normalized = normalizePod(chosen);
    const containerNames = normalized.ok
      ? [
          ...normalized.pod.initContainers,
          ...normalized.pod.containers,
          ...normalized.pod.ephemeralContainers,
        ].map(({ name }) => name)
      : [];
    const parsed = parseScenario(scenarioText, containerNames);
    for (const problem of parsed.problems) {
      io.stderr(`${problem.severity}: ${formatProblem(problem, values.scenario)}\n`);
    }
    if (!parsed.scenario) {
      return 1;
    }
    scenario = parsed.scenario;
  }

  const outcome = simulatePod(chosen, scenario);
  if (!outcome.ok) {
    io.stderr(`error: ${file}: ${outcome.error}\n`);
    return 1;
  }
  for (const warning of outcome.result.warnings) {
    io.stderr(`warning: ${warning}\n`);
  }
  io.stdout(
    values.format === 'json'
      ? `${JSON.stringify(outcome.result, null, 2)}\n`
      : renderTimeline(outcome.result),
  );
  return 0;
}

function readText(file: string, io: CliIo): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    io.stderr(`error: cannot read ${file}: ${(error as Error).message}\n`);
    return undefined;
  }
}

interface ManifestDocument {
  index: number;
  value: unknown;
  /** The first YAML error, as `line:column: message`. */
  error: string | undefined;
}

/**
 * Reads every document of a manifest, as Kubernetes reads YAML (1.1, with merge keys). Kept small
 * and in one place so that the shared document model can replace it.
 */
/** The documents of a file, read with the language service's YAML model (YAML 1.1, as Kubernetes). */
function readManifestDocuments(text: string): ManifestDocument[] {
  return new ManifestParser().parse(text).documents.map((document, index) => {
    const first = document.yaml.errors[0];
    if (first) {
      const position = document.positionAt(first.pos[0]);
      return {
        index,
        value: undefined,
        error: `${position.line + 1}:${position.character + 1}: ${first.message.split('\n')[0] ?? ''}`,
      };
    }
    const value = document.toJS();
    return value === undefined
      ? {
          index,
          value: undefined,
          error: 'the document expands too many aliases, or an alias refers to the node that holds it',
        }
      : { index, value, error: undefined };
  });
}

function fieldOf(value: unknown, key: string): unknown {
  return objectOf(value)?.[key];
}

function describeDocument(document: ManifestDocument): string {
  const kind = fieldOf(document.value, 'kind');
  const name = fieldOf(fieldOf(document.value, 'metadata'), 'name');
  const label = [typeof kind === 'string' ? kind : undefined, typeof name === 'string' ? name : undefined]
    .filter((part) => part !== undefined)
    .join(' ');
  return `document ${document.index}${label ? ` (${label})` : ''}`;
}

/** Picks the document to simulate: `--doc` by index or name, else the first one with a pod. */
function choosePod(
  file: string,
  documents: ManifestDocument[],
  doc: string | undefined,
  io: CliIo,
): SimulationInput | undefined {
  const hasPod = (document: ManifestDocument): boolean => {
    const kind = fieldOf(document.value, 'kind');
    return document.error === undefined && typeof kind === 'string' && podSpecPath(kind) !== undefined;
  };
  let chosen: ManifestDocument | undefined;
  if (doc !== undefined) {
    chosen = /^\d+$/.test(doc)
      ? documents[Number(doc)]
      : documents.find((document) => fieldOf(fieldOf(document.value, 'metadata'), 'name') === doc);
    if (!chosen) {
      io.stderr(
        /^\d+$/.test(doc)
          ? `error: ${file} has no document ${doc} (it has ${documents.length}, numbered from 0)\n`
          : `error: ${file} has no document named "${doc}"\n`,
      );
      return undefined;
    }
  } else {
    const withPods = documents.filter(hasPod);
    chosen = withPods[0];
    if (!chosen) {
      const broken = documents.find((document) => document.error !== undefined);
      const kinds = documents
        .map((document) => fieldOf(document.value, 'kind'))
        .filter((kind): kind is string => typeof kind === 'string');
      io.stderr(
        broken
          ? `error: ${file}:${broken.error ?? ''}\n`
          : `error: ${file} has no pod to simulate` +
              (kinds.length > 0 ? ` (it has: ${[...new Set(kinds)].join(', ')})` : '') +
              '; podscope simulate takes a Pod or a workload with a pod template\n',
      );
      return undefined;
    }
    if (withPods.length > 1) {
      io.stderr(
        `note: ${file} has ${withPods.length} documents with a pod; simulating ${describeDocument(chosen)}. Choose another with --doc.\n`,
      );
    }
  }
  if (chosen.error !== undefined) {
    io.stderr(`error: ${file}: document ${chosen.index}: ${chosen.error}\n`);
    return undefined;
  }
  const kind = fieldOf(chosen.value, 'kind');
  const path = typeof kind === 'string' ? podSpecPath(kind) : undefined;
  if (typeof kind !== 'string' || !path) {
    io.stderr(
      `error: ${file}: ${describeDocument(chosen)} has no pod to simulate; podscope simulate takes a Pod or a ` +
        'workload with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, ' +
        'Job, CronJob, PodTemplate)\n',
    );
    return undefined;
  }
  const metadata = fieldOf(chosen.value, 'metadata');
  const name = fieldOf(metadata, 'name') ?? fieldOf(metadata, 'generateName');
  const namespace = fieldOf(metadata, 'namespace');
  return {
    kind,
    name: typeof name === 'string' && name !== '' ? name : kind.toLowerCase(),
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    podSpec: valueAt(chosen.value, path),
  };
}
