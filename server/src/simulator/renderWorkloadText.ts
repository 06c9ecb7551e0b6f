import { formatAge } from './formatTime';
import { eventFormatter, rowFormatter } from './renderText';
import type {
  PodSnapshot,
  WorkloadCondition,
  WorkloadPod,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from './types';

/**
 * The text of `podscope simulate` for a workload simulated with its controller: a header, the
 * workload's timeline (a row like `kubectl get <kind> -w` whenever kubectl's columns or the count
 * of ready endpoints change, with the controller's events above the row they led to and the
 * conditions that changed below it), a row per pod, the final status and conditions, the lost
 * nodes, and the controller's notes. Times are from the workload's creation.
 */
export function renderWorkloadTimeline(result: WorkloadSimulationResult): string {
  const { workload } = result;
  const nodes =
    result.nodes.length === 1
      ? '1 node (node-1)'
      : `${result.nodes.length} nodes (node-1 … node-${result.nodes.length})`;
  const lines = [
    `${workload.kind} ${workload.namespace}/${workload.name} on ${nodes}, simulated for ${formatAge(result.duration)}`,
    '',
    ...timeline(result),
    '',
    ...podTable(result),
    '',
    ...finalState(result.final, result.duration, servesEndpoints(workload.kind)),
  ];
  const lost = result.nodes.filter((node) => node.lostAt !== null);
  if (lost.length > 0) {
    lines.push(
      '',
      'Nodes lost:',
      ...lost.map(
        (node) =>
          `  ${node.name} stopped reporting at ${formatAge(node.lostAt ?? 0)}` +
          (node.returnsAt !== null ? `, reported again at ${formatAge(node.returnsAt)}` : ', did not return'),
      ),
    );
  }
  if (result.notes.length > 0) {
    lines.push('', 'What the controller did, and why:', ...result.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Whether the ready endpoints are worth a column: a Service routes to a Deployment's pods, not to
 * a Job's, whose pods are Ready only while they run.
 */
function servesEndpoints(kind: string): boolean {
  return kind !== 'Job' && kind !== 'CronJob';
}

function conditionKey(condition: WorkloadCondition): string {
  return `${condition.status}|${condition.reason ?? ''}|${condition.message ?? ''}`;
}

/** kubectl's columns that show the time elapsed since something (printers.go translateTimestampSince). */
const elapsedColumns = new Set(['DURATION', 'LAST SCHEDULE', 'AGE']);

function timeline(result: WorkloadSimulationResult): string[] {
  // The columns in the order they first appear, then the ready endpoints.
  const columnNames: string[] = [];
  for (const snapshot of result.snapshots) {
    for (const column of Object.keys(snapshot.columns)) {
      if (!columnNames.includes(column)) {
        columnNames.push(column);
      }
    }
  }
  const endpoints = servesEndpoints(result.workload.kind);
  const header = ['T', ...columnNames, ...(endpoints ? ['ENDPOINTS'] : [])];
  // What a row shows: kubectl's columns and the number of ready endpoints. Like `kubectl get -w`,
  // a row is printed when the object changes, not when time passes: the columns that count
  // elapsed time (a Job's DURATION, a CronJob's LAST SCHEDULE) do not make a row of their own.
  const rowKey = (snapshot: WorkloadSnapshot): string =>
    JSON.stringify([
      Object.entries(snapshot.columns).filter(([column]) => !elapsedColumns.has(column)),
      endpoints ? snapshot.endpoints.length : 0,
    ]);
  interface Row {
    index: number;
    cells: string[];
    changes: WorkloadCondition[];
    removed: string[];
  }
  const rows: Row[] = [];
  let lastKey = '';
  let conditions = new Map<string, string>();
  result.snapshots.forEach((snapshot, index) => {
    const changes = snapshot.conditions.filter(
      (condition) => conditions.get(condition.type) !== conditionKey(condition),
    );
    const removed = [...conditions.keys()].filter(
      (type) => !snapshot.conditions.some((condition) => condition.type === type),
    );
    const key = rowKey(snapshot);
    if (key !== lastKey || changes.length > 0 || removed.length > 0) {
      lastKey = key;
      rows.push({
        index,
        cells: [
          formatAge(snapshot.t),
          ...columnNames.map((column) => snapshot.columns[column] ?? ''),
          ...(endpoints ? [String(snapshot.endpoints.length)] : []),
        ],
        changes,
        removed,
      });
    }
    conditions = new Map(snapshot.conditions.map((condition) => [condition.type, conditionKey(condition)]));
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(({ cells }) => cells[column]?.length ?? 0)),
  );
  const formatRow = rowFormatter(widths);

  const events = result.events;
  const formatEvent = eventFormatter(events);
  const allChanges = rows.flatMap((row) => row.changes);
  const conditionWidths = {
    type: Math.max(0, ...allChanges.map((condition) => condition.type.length)),
    status: Math.max(0, ...allChanges.map((condition) => condition.status.length)),
    reason: Math.max(0, ...allChanges.map((condition) => (condition.reason ?? '').length)),
  };
  const formatChange = (condition: WorkloadCondition): string =>
    [
      `  ~ ${condition.type.padEnd(conditionWidths.type)}`,
      condition.status.padEnd(conditionWidths.status),
      (condition.reason ?? '').padEnd(conditionWidths.reason),
      condition.message ?? '',
    ]
      .join('  ')
      .trimEnd();

  const lines = [formatRow(header)];
  let nextEvent = 0;
  for (const row of rows) {
    while (nextEvent < events.length && events[nextEvent]!.snapshot <= row.index) {
      lines.push(formatEvent(events[nextEvent]!));
      nextEvent++;
    }
    lines.push(formatRow(row.cells));
    lines.push(...row.changes.map(formatChange), ...row.removed.map((type) => `  ~ ${type} removed`));
  }
  for (; nextEvent < events.length; nextEvent++) {
    lines.push(formatEvent(events[nextEvent]!));
  }
  return lines;
}

/** When the pod was first Ready, if it was. */
function readyAt(pod: WorkloadPod): number | undefined {
  return pod.result.snapshots.find((snapshot: PodSnapshot) => snapshot.conditions.Ready === true)?.t;
}

/** One row per pod: where it ran, its revision, when it was created, Ready and removed, and how it ended. */
function podTable(result: WorkloadSimulationResult): string[] {
  if (result.pods.length === 0) {
    return ['Pods: none created'];
  }
  const indexed = result.pods.some((pod) => pod.index !== null);
  const header = [
    'NAME',
    'NODE',
    'REVISION',
    ...(indexed ? ['INDEX'] : []),
    'CREATED',
    'READY AT',
    'PHASE',
    'STATUS',
    'RESTARTS',
    'DELETED',
  ];
  const rows = result.pods.map((pod) => {
    const ready = readyAt(pod);
    const final = pod.result.final;
    return [
      pod.name,
      pod.node === '' ? '<none>' : pod.node,
      pod.revision,
      ...(indexed ? [pod.index === null ? '-' : String(pod.index)] : []),
      formatAge(pod.createdAt),
      ready === undefined ? '-' : formatAge(ready),
      final.phase,
      final.status,
      String(final.restarts),
      pod.deletedAt === null ? '-' : formatAge(pod.deletedAt),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const formatRow = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]! + 3)))
      .join('')
      .trimEnd();
  return [
    `Pods (${result.pods.length}; podscope simulate --pod <name> prints one pod's timeline):`,
    formatRow(header),
    ...rows.map(formatRow),
  ];
}

/** The final status: kubectl's columns, the ready endpoints, the status counters, the conditions. */
function finalState(final: WorkloadSnapshot, duration: number, endpoints: boolean): string[] {
  const parts = Object.entries(final.columns).map(([column, value]) => `${column} ${value}`);
  if (endpoints) {
    parts.push(
      `${final.endpoints.length} ready endpoint${final.endpoints.length === 1 ? '' : 's'}` +
        (final.endpoints.length > 0 ? ` (${final.endpoints.join(', ')})` : ''),
    );
  }
  const counters = Object.entries(final.status).map(([field, value]) => `${field} ${value}`);
  const lines = [`Final (at ${formatAge(duration)}): ${parts.join(', ')}`];
  if (counters.length > 0) {
    lines.push(`Status: ${counters.join(', ')}`);
  }
  if (final.conditions.length > 0) {
    const rows = [
      ['Type', 'Status', 'Since', 'Reason', 'Message'],
      ...final.conditions.map((condition) => [
        condition.type,
        condition.status,
        formatAge(condition.lastTransitionTime),
        condition.reason ?? '',
        condition.message ?? '',
      ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    lines.push(
      'Conditions:',
      ...rows.map((row) =>
        `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join('')}`.trimEnd(),
      ),
    );
  }
  return lines;
}
