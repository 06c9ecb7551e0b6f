/**
 * The figures of issue 20 ("cost that follows the edit"): how each figure grows from the small
 * Pod to the 1 MB file and the 2,000-file workspace, what memory a document and an indexed file
 * cost, every figure against Podscope 0.1.0's run, and the targets.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerResults, WorkloadResults } from './report';
import type { WorkspaceResults } from './workspaceBench';

interface Baseline {
  source: string;
  workloads: Record<string, Record<string, number>>;
}

export const baseline010: Baseline = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'baseline-0.1.0.json'), 'utf8'),
) as Baseline;

/** The rows of a workload table that 0.1.0 also measured, with where to read them now. */
export const comparedMeasures: readonly [
  label: string,
  pick: (server: ServerResults) => number,
  unit: 'ms' | 'MB',
][] = [
  ['Cold start to first diagnostics, median', (server) => server.coldStart.median, 'ms'],
  ['Cold start to first diagnostics, p95', (server) => server.coldStart.p95, 'ms'],
  ['Completion, median', (server) => server.completion.median, 'ms'],
  ['Completion, p95', (server) => server.completion.p95, 'ms'],
  ['Hover, median', (server) => server.hover.median, 'ms'],
  ['Hover, p95', (server) => server.hover.p95, 'ms'],
  ['Completion on the first keystroke of a new key, median', (server) => server.typing.median, 'ms'],
  ['Completion on the first keystroke of a new key, p95', (server) => server.typing.p95, 'ms'],
  ['Re-validation after a keystroke, median', (server) => server.revalidation.median, 'ms'],
  ['Re-validation after a keystroke, p95', (server) => server.revalidation.p95, 'ms'],
  [
    'Re-validation minus the server’s debounce, median',
    (server) => server.revalidation.median - server.debounce,
    'ms',
  ],
  ['Peak RSS (VmHWM)', (server) => server.peakRss / 1024 / 1024, 'MB'],
];

export interface GrowthRow {
  label: string;
  values: (number | undefined)[];
  unit: 'ms' | 'MB' | 'KiB' | '';
}

/** Per measure, its value in each workload (small, 2k, 1 MB), and the 2,000-file workspace. */
export function growthRows(results: readonly WorkloadResults[], workspace?: WorkspaceResults): GrowthRow[] {
  const byName = (name: string): WorkloadResults | undefined =>
    results.find((result) => result.workload.name === name);
  const order = ['small', '2k', '1mb'].map(byName);
  const pick = (read: (server: ServerResults) => number): (number | undefined)[] => [
    ...order.map((result) => (result ? read(result.servers.podscope) : undefined)),
  ];
  const keystroke = workspace?.keystrokes.with;
  const rows: GrowthRow[] = [
    {
      label: 'Size',
      unit: 'KiB',
      values: [
        ...order.map((result) => (result ? result.workload.bytes / 1024 : undefined)),
        workspace ? workspace.bytes / 1024 : undefined,
      ],
    },
    {
      label: 'Documents',
      unit: '',
      values: [...order.map((result) => result?.workload.documents), workspace?.indexedWithManifests],
    },
    {
      label: 'Cold start to first diagnostics, median',
      unit: 'ms',
      values: [...pick((server) => server.coldStart.median), workspace?.firstDiagnostics.median],
    },
    {
      label: 'Completion, median',
      unit: 'ms',
      values: [...pick((server) => server.completion.median), keystroke?.completion.median],
    },
    {
      label: 'Hover, median',
      unit: 'ms',
      values: [...pick((server) => server.hover.median), keystroke?.hover.median],
    },
    {
      label: 'Completion on the first keystroke of a new key, p95',
      unit: 'ms',
      values: [...pick((server) => server.typing.p95), undefined],
    },
    {
      label: 'Re-validation after a keystroke, median',
      unit: 'ms',
      values: [...pick((server) => server.revalidation.median), keystroke?.revalidation.median],
    },
    {
      label: 'Peak RSS (VmHWM)',
      unit: 'MB',
      values: [
        ...pick((server) => server.peakRss / 1024 / 1024),
        workspace ? workspace.rssAfterIndex.median / 1024 / 1024 : undefined,
      ],
    },
    {
      label: 'Diagnostics published for the file',
      unit: '',
      values: [...pick((server) => server.diagnosticCount), keystroke?.diagnosticCount],
    },
  ];
  return rows;
}

/** Memory a document and an indexed file cost: the slope between workloads. */
export function memoryCosts(
  results: readonly WorkloadResults[],
  workspace?: WorkspaceResults,
): { perMegabyteOfYaml?: number; perIndexedFile?: number } {
  const small = results.find((result) => result.workload.name === 'small');
  const large = results.find((result) => result.workload.name === '1mb');
  const perMegabyteOfYaml =
    small && large
      ? (large.servers.podscope.peakRss - small.servers.podscope.peakRss) /
        ((large.workload.bytes - small.workload.bytes) / 1024 / 1024)
      : undefined;
  const perIndexedFile = workspace
    ? (workspace.rssAfterIndex.median - workspace.rssWithoutWorkspace.median) / workspace.indexedFiles
    : undefined;
  return {
    ...(perMegabyteOfYaml === undefined ? {} : { perMegabyteOfYaml }),
    ...(perIndexedFile === undefined ? {} : { perIndexedFile }),
  };
}
