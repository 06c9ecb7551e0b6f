/**
 * `podscope simulate <file> [--doc <index or name>] [--scenario <file>] [--assert <expr>]…
 * [--pod <name> | --single-pod] [--format text|json|sarif]`: the simulator on the command line,
 * and its assertions as a check in CI (exit 1 when one fails).
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { podSpecPath, podTemplateMetadataPath } from '../kubernetes/workloads';
import { objectOf, valueAt } from '../common/guards';
import { anchorRange, valueRange } from '../yaml/astPath';
import {
  type Assertion,
  assertionProblem,
  assertionSummaries,
  type AssertionTarget,
  type AssertionVerdict,
  evaluateAssertion,
  parseAssertion,
} from '../simulator/assertions';
import { normalizePod } from '../simulator/podSpec';
import { renderTimeline } from '../simulator/renderText';
import { renderWorkloadTimeline } from '../simulator/renderWorkloadText';
import { formatProblem, parseScenario, scenarioPosition } from '../simulator/scenario';
import { simulatePod } from '../simulator/simulator';
import type { Scenario, WorkloadSimulationResult } from '../simulator/types';
import { hasWorkloadController, simulateWorkload, type WorkloadInput } from '../simulator/workloadSimulator';
import { type ManifestDocument as ParsedDocument, ManifestParser } from '../yaml/manifestFile';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../catalog/catalog';
import { DiagnosticCode } from '../common/diagnosticCodes';
import { SettingsResolver } from '../config/settingsResolver';
import { loadPrecompiledValidators } from '../schema/precompiledValidators';
import { getLanguageService } from '../service/languageService';
import type { CliIo } from './cliIo';
import { kubernetesVersionArgument, lazyCatalog } from './kubernetesVersionOption';
import { type LintFinding, type SarifRule, toSarif } from './lintCommand';

const usage = `Usage: podscope simulate <file> [--doc <index or name>] [--scenario <file>] [--assert <expr>]…
                        [--pod <name> | --single-pod] [--format text|json|sarif]
                        [--kubernetes-version <1.x>]

Simulates a manifest and prints its timeline. A Deployment, ReplicaSet, StatefulSet, DaemonSet,
Job or CronJob is simulated with its controller when the simulator has one: the controller
creates, replaces and deletes pods on simulated nodes, each pod run by the kubelet model, and
the timeline shows the workload's status like \`kubectl get <kind> -w\`, the controller's events
and conditions, the ready endpoints a Service would route to, and a row per pod. A Pod (or the pod
template of any other workload, or any workload with --single-pod) is simulated as one pod: its
states like \`kubectl get pod -w\`, with the kubelet's events between them.

Options:
  --doc <index or name>   The document to simulate: its 0-based index in the file, or its
                          metadata.name. Default: the first document with a pod; when the file
                          has several, stderr says which one was used.
  --scenario <file>       What the manifest cannot know, in YAML or JSON: when containers exit
                          and with which code, when probes fail, hook durations, image pull
                          failures, deletion (deleteAt), node loss (nodeLostAt) and the node's
                          return (nodeReturnsAt); for a workload, the nodes (nodes: 3) and the
                          nodes lost (nodeLoss); assertions to check (assert). Default: a healthy
                          run of 600 seconds.
  --assert <expr>         Checks the simulation; repeat it for several. Exit code 1 when one
                          fails, with the time and the reason. Assertions can also be listed
                          in the scenario (assert: [...]).
  --pod <name>            For a workload: print the detailed timeline of one of its pods.
  --single-pod            Simulate a workload's pod template as one pod, without its controller.
  --format text|json|sarif
                          text (default): the timeline, then the assertions' verdicts;
                          json: the whole result (events, snapshots, pods, final state, with
                          explanations), with the verdicts in "assertions"; sarif: the failed
                          assertions only, as SARIF 2.1.0 (like podscope lint).

Assertions (times from the creation of the pod or workload; durations like 90s, 5m, 1h30m):
  ready-within <duration>              a pod is Ready; a workload has every desired replica ready
  no-restarts                          no container restarts
  completes-within <duration>          a pod Succeeds; a Job is Complete
  rollout-completes-within <duration>  a Deployment, StatefulSet or DaemonSet is rolled out at its
                                       last revision, as kubectl rollout status decides
  never-below <n> ready                once n pods are ready endpoints, never fewer afterwards
  fails                                the pod or Job fails; a Deployment's progress deadline passes
  no-evictions                         no pod is evicted from a lost node

Exit codes: 0 when the simulation ran and every assertion holds; 1 when an assertion fails, or
for a usage error, a file that cannot be read, or a wrong scenario or assertion (stderr says
which); 2 for a --kubernetes-version that is not a covered Kubernetes minor. With a target
(--kubernetes-version 1.31, or kubernetesVersion in .podscope.yaml), the fields and values of the
file that the target does not have are warnings on stderr; the simulation is the same.

Example scenario:
  duration: 600
  deleteAt: 300
  containers:
    app:
      exitAfter: 5        # seconds after each start
      exitCode: 1
      probes:
        liveness: { failFrom: 30, failUntil: 90 }
  assert:
    - no-restarts

In CI:
  podscope simulate deploy/web.yaml --assert 'ready-within 2m' --assert 'never-below 2 ready'
  podscope simulate deploy/web.yaml --scenario ci/update.yaml --format sarif > simulate.sarif
`;

/**
 * With a target Kubernetes minor (--kubernetes-version, or kubernetesVersion in the file's
 * .podscope.yaml), the fields and enum values of the file that the target does not have, as
 * warnings on stderr: the simulator models the kubelet as the newest minor does, and a server of
 * the target would reject those fields or values (validation/versionStage.ts says why). An
 * invalid version exits 2 before this.
 */
export function targetWarnings(
  file: string,
  text: string,
  minor: number | undefined,
  catalog: () => Catalog,
): string[] {
  const uri = pathToFileURL(path.resolve(file)).href;
  const settings = new SettingsResolver().resolve(
    uri,
    minor !== undefined ? { kubernetesVersion: minor } : {},
  );
  if (settings.kubernetesVersion === undefined) {
    return [];
  }
  const precompiledValidators = loadPrecompiledValidators();
  const service = getLanguageService({
    catalog: catalog(),
    ...(precompiledValidators ? { precompiledValidators } : {}),
  });
  const versionCodes: readonly unknown[] = [DiagnosticCode.fieldNotInTarget, DiagnosticCode.valueNotInTarget];
  return service
    .doValidation(TextDocument.create(uri, 'yaml', 1, text), settings)
    .filter((diagnostic) => versionCodes.includes(diagnostic.code))
    .map((diagnostic) => {
      const { line, character } = diagnostic.range.start;
      const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
      return `warning: ${file}:${line + 1}:${character + 1}: ${message}`;
    });
}

/** Where an assertion was written: on the command line, or in the scenario file. */
type AssertionSource =
  | { from: 'command line'; expression: string }
  | { from: 'scenario'; file: string; line: number; column: number };

interface SourcedAssertion {
  assertion: Assertion;
  source: AssertionSource;
}

export function simulateCommand(args: readonly string[], io: CliIo): number {
  const loadCatalog = lazyCatalog();
  const version = kubernetesVersionArgument(args, loadCatalog, io);
  if (typeof version === 'number') {
    return version;
  }
  const { values, positionals } = parseArgs({
    args: version.rest,
    allowPositionals: true,
    options: {
      doc: { type: 'string' },
      scenario: { type: 'string' },
      assert: { type: 'string', multiple: true, default: [] },
      pod: { type: 'string' },
      'single-pod': { type: 'boolean', default: false },
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
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    io.stderr(`error: --format must be text, json or sarif, not "${format}"\n`);
    return 1;
  }
  if (values.pod !== undefined && values['single-pod']) {
    io.stderr('error: --pod and --single-pod cannot be used together\n');
    return 1;
  }
  const assertions: SourcedAssertion[] = [];
  let badAssertion = false;
  for (const expression of values.assert) {
    const parsed = parseAssertion(expression);
    if (parsed.ok) {
      assertions.push({ assertion: parsed.assertion, source: { from: 'command line', expression } });
    } else {
      io.stderr(`error: --assert "${expression}": column ${parsed.error.column}: ${parsed.error.message}\n`);
      badAssertion = true;
    }
  }
  if (badAssertion) {
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
  const { input } = chosen;
  const workload = !values['single-pod'] && input.kind !== 'Pod' && hasWorkloadController(input.kind);
  if (values.pod !== undefined && !workload) {
    io.stderr(
      `error: --pod names a pod of a workload simulated with its controller; ${input.kind} ${input.name} is simulated as one pod\n`,
    );
    return 1;
  }

  let scenario: Scenario = {};
  if (values.scenario !== undefined) {
    const scenarioText = readText(values.scenario, io);
    if (scenarioText === undefined) {
      return 1;
    }
    const normalized = normalizePod(input);
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
    (scenario.assert ?? []).forEach((expression, index) => {
      const parsedAssertion = parseAssertion(expression);
      const position = scenarioPosition(scenarioText, ['assert', index]);
      if (parsedAssertion.ok) {
        assertions.push({
          assertion: parsedAssertion.assertion,
          source: {
            from: 'scenario',
            file: values.scenario!,
            line: position?.line ?? 1,
            column: position?.column ?? 1,
          },
        });
      }
    });
  }

  // An assertion that cannot apply to what is simulated is a mistake: said before simulating.
  let inapplicable = false;
  for (const { assertion, source } of assertions) {
    const problem = assertionProblem(assertion, workload ? 'workload' : 'pod', input.kind);
    if (problem !== undefined) {
      io.stderr(`error: ${describeSource(source)}: ${problem}\n`);
      inapplicable = true;
    }
  }
  if (inapplicable) {
    return 1;
  }
  for (const warning of targetWarnings(file, text, version.minor, loadCatalog)) {
    io.stderr(`${warning}\n`);
  }

  let target: AssertionTarget;
  /** The text, or the value printed as JSON. */
  let output: string | object;
  if (workload) {
    const outcome = simulateWorkload(input, scenario);
    if (!outcome.ok) {
      io.stderr(`error: ${file}: ${outcome.error}\n`);
      return 1;
    }
    const { result } = outcome;
    printWarnings(result, io);
    target = { level: 'workload', result, spec: input.spec };
    const rendered = renderWorkloadOutput(result, values.pod, format, io);
    if (rendered === undefined) {
      return 1;
    }
    output = rendered;
  } else {
    const outcome = simulatePod(input, scenario);
    if (!outcome.ok) {
      io.stderr(`error: ${file}: ${outcome.error}\n`);
      return 1;
    }
    const { result } = outcome;
    for (const warning of result.warnings) {
      io.stderr(`warning: ${warning}\n`);
    }
    target = { level: 'pod', result };
    output = format === 'json' ? result : renderTimeline(result);
  }

  const verdicts = assertions.map(({ assertion, source }) => ({
    verdict: evaluateAssertion(assertion, target),
    source,
  }));
  const failed = verdicts.filter(({ verdict }) => !verdict.passed);
  if (format === 'sarif') {
    io.stdout(`${JSON.stringify(assertionsSarif(failed, file, chosen.location), null, 2)}\n`);
  } else if (typeof output === 'object') {
    // The result's own fields first, in their order; the verdicts last, when there are any.
    const json = verdicts.length === 0 ? output : { ...output, assertions: verdicts.map(verdictJson) };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(
      verdicts.length === 0 ? output : `${output}\n${renderVerdicts(verdicts.map(({ verdict }) => verdict))}`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}

/** The workload's text or JSON, or with --pod one pod's; undefined when there is no such pod. */
function renderWorkloadOutput(
  result: WorkloadSimulationResult,
  podName: string | undefined,
  format: 'text' | 'json' | 'sarif',
  io: CliIo,
): string | object | undefined {
  if (podName === undefined) {
    return format === 'json' ? result : renderWorkloadTimeline(result);
  }
  const pod = result.pods.find((candidate) => candidate.name === podName);
  if (!pod) {
    const names = result.pods.map((candidate) => candidate.name);
    io.stderr(
      `error: ${result.workload.kind} ${result.workload.name} has no pod "${podName}"` +
        (names.length > 0
          ? `; its pods: ${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`
          : '; it created no pod') +
        '\n',
    );
    return undefined;
  }
  const { workload } = result;
  return format === 'json'
    ? pod
    : renderTimeline(pod.result, {
        owner: `${workload.kind} ${workload.namespace}/${workload.name}`,
        createdAt: pod.createdAt,
      });
}

/** The workload's warnings, then each pod's that the workload's do not already say. */
function printWarnings(result: WorkloadSimulationResult, io: CliIo): void {
  const printed = new Set<string>();
  const warnings: string[] = [...result.warnings, ...result.pods.flatMap((pod) => pod.result.warnings)];
  for (const warning of warnings) {
    if (!printed.has(warning)) {
      printed.add(warning);
      io.stderr(`warning: ${warning}\n`);
    }
  }
}

function describeSource(source: AssertionSource): string {
  return source.from === 'command line'
    ? `--assert "${source.expression}"`
    : `${source.file}:${source.line}:${source.column}`;
}

/** `Assertions:` then `✔`/`✖` and each verdict's message, then a count. */
export function renderVerdicts(verdicts: readonly AssertionVerdict[]): string {
  const failed = verdicts.filter((verdict) => !verdict.passed).length;
  return (
    [
      'Assertions:',
      ...verdicts.map((verdict) => `  ${verdict.passed ? '✔' : '✖'} ${verdict.message}`),
      failed === 0
        ? `${verdicts.length === 1 ? 'The assertion holds' : `All ${verdicts.length} assertions hold`}.`
        : `${failed} of ${verdicts.length} assertion${verdicts.length === 1 ? '' : 's'} failed.`,
    ].join('\n') + '\n'
  );
}

/** The SARIF rule id of an assertion: one per kind of assertion. */
function assertionRuleId(assertion: Assertion): string {
  return `simulate/${assertion.kind}`;
}

function verdictJson({ verdict, source }: { verdict: AssertionVerdict; source: AssertionSource }): object {
  return {
    assertion: verdict.assertion.text,
    rule: assertionRuleId(verdict.assertion),
    passed: verdict.passed,
    t: verdict.t,
    message: verdict.message,
    source:
      source.from === 'command line'
        ? { from: 'command line' }
        : { from: 'scenario', file: source.file, line: source.line, column: source.column },
  };
}

const assertionDocumentation =
  'https://github.com/podscope/podscope/blob/main/README.md#simulation-as-a-check-in-ci';

/**
 * The failed assertions as SARIF 2.1.0, like `podscope lint --format sarif`: an assertion from
 * the command line is located at the workload's document in the manifest (its metadata.name),
 * one from the scenario at its line in the scenario file.
 */
function assertionsSarif(
  failed: readonly { verdict: AssertionVerdict; source: AssertionSource }[],
  file: string,
  location: LintFinding['range'],
): object {
  const rules = new Map<string, SarifRule>(
    Object.entries(assertionSummaries).map(([kind, summary]) => [
      `simulate/${kind}`,
      { summary, helpUri: assertionDocumentation },
    ]),
  );
  const findings = failed.map(({ verdict, source }): LintFinding => {
    const range =
      source.from === 'scenario'
        ? {
            start: { line: source.line - 1, character: source.column - 1 },
            end: { line: source.line - 1, character: source.column - 1 },
          }
        : location;
    return {
      file: source.from === 'scenario' ? source.file : file,
      range,
      severity: 'error',
      code: assertionRuleId(verdict.assertion),
      message: verdict.message,
      source: 'podscope',
    };
  });
  return toSarif(findings, rules);
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
  parsed: ParsedDocument;
}

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
        parsed: document,
      };
    }
    const value = document.toJS();
    return value === undefined
      ? {
          index,
          value: undefined,
          error: 'the document expands too many aliases, or an alias refers to the node that holds it',
          parsed: document,
        }
      : { index, value, error: undefined, parsed: document };
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

/** Where a document's findings are reported: its metadata.name, else its kind, else its start. */
function documentLocation(document: ParsedDocument): LintFinding['range'] {
  const range =
    valueRange(document.yaml, ['metadata', 'name']) ?? anchorRange(document.yaml, ['kind']) ?? document.span;
  return document.rangeOf(range[0], range[1]);
}

/** Picks the document to simulate: `--doc` by index or name, else the first one with a pod. */
function choosePod(
  file: string,
  documents: ManifestDocument[],
  doc: string | undefined,
  io: CliIo,
): { input: WorkloadInput; location: LintFinding['range'] } | undefined {
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
  const podPath = typeof kind === 'string' ? podSpecPath(kind) : undefined;
  if (typeof kind !== 'string' || !podPath) {
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
  const templateMetadata = podTemplateMetadataPath(kind);
  const labels = objectOf(
    templateMetadata ? fieldOf(valueAt(chosen.value, templateMetadata), 'labels') : undefined,
  );
  const templateLabels = labels
    ? Object.fromEntries(
        Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
    : undefined;
  const input: WorkloadInput = {
    kind,
    name: typeof name === 'string' && name !== '' ? name : kind.toLowerCase(),
    ...(typeof namespace === 'string' && namespace !== '' ? { namespace } : {}),
    podSpec: valueAt(chosen.value, podPath),
    spec: fieldOf(chosen.value, 'spec'),
    ...(templateLabels ? { templateLabels } : {}),
  };
  return { input, location: documentLocation(chosen.parsed) };
}
