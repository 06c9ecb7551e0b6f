import { formatAge, formatRestarts } from './formatTime';
import { timelineNotes } from './backOff';
import type { PodSnapshot, SimulationEvent, SimulationResult } from './types';

// Existing importers (the tests) read the AGE formatter from here.
export { formatAge } from './formatTime';

/**
 * The compact text timeline of `podscope simulate`: rows like `kubectl get pod -w` (NAME READY
 * STATUS RESTARTS AGE), one whenever one of those columns changes, with the events that led to
 * each row listed above it.
 */

/** A pod of a workload: who created it and when (its timeline uses the workload's clock). */
export interface PodOfWorkload {
  /** `Deployment default/web` */
  owner: string;
  createdAt: number;
}

export function renderTimeline(result: SimulationResult, ofWorkload?: PodOfWorkload): string {
  const { pod } = result;
  // kubectl's AGE is the pod's own; in a workload, the pod's clock is the workload's.
  const age = (t: number): string => formatAge(Math.max(0, t - (ofWorkload?.createdAt ?? 0)));
  const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
  const rows: { index: number; cells: string[] }[] = [];
  let lastKey = '';
  result.snapshots.forEach((snapshot, index) => {
    const key = `${snapshot.ready}|${snapshot.status}|${snapshot.restarts}`;
    if (key !== lastKey) {
      lastKey = key;
      rows.push({
        index,
        cells: [
          pod.name,
          snapshot.ready,
          snapshot.status,
          formatRestarts(snapshot.restarts, snapshot.lastRestartAt, snapshot.t),
          age(snapshot.t),
        ],
      });
    }
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(({ cells }) => cells[column]?.length ?? 0)),
  );
  const formatRow = rowFormatter(widths);

  const formatEvent = eventFormatter(result.events);

  const restartPolicy = `restartPolicy ${pod.restartPolicy}`;
  const lines = ofWorkload
    ? [
        `${pod.kind} ${pod.namespace}/${pod.name} of ${ofWorkload.owner} on ${pod.node || '<no node>'}, created at ${formatAge(ofWorkload.createdAt)}, ${restartPolicy}, simulated until ${formatAge(result.duration)}`,
        "Times at the left of events are from the workload's creation; AGE is the pod's.",
        '',
        formatRow(header),
      ]
    : [
        `${pod.kind} ${pod.namespace}/${pod.name} on ${pod.node}, ${restartPolicy}, simulated for ${formatAge(result.duration)}`,
        '',
        formatRow(header),
      ];
  let nextEvent = 0;
  for (const row of rows) {
    while (nextEvent < result.events.length && result.events[nextEvent]!.snapshot <= row.index) {
      lines.push(formatEvent(result.events[nextEvent]!));
      nextEvent++;
    }
    lines.push(formatRow(row.cells));
  }
  for (; nextEvent < result.events.length; nextEvent++) {
    lines.push(formatEvent(result.events[nextEvent]!));
  }
  const final = result.final;
  const ending =
    result.deletedAt !== null
      ? `deleted at ${formatAge(result.deletedAt)}`
      : `at ${formatAge(result.duration)}`;
  lines.push(
    '',
    `Final (${ending}): phase ${final.phase}, status ${final.status}, ${final.ready} ready, ${final.restarts} restart${final.restarts === 1 ? '' : 's'}`,
    ...conditionTable(final),
  );
  if (result.notes.length > 0) {
    lines.push(
      '',
      'What happened from outside the node, and why:',
      ...result.notes.map((note) => `- ${note}`),
    );
  }
  const notes = timelineNotes(result);
  if (notes.length > 0) {
    lines.push('', ...notes.map((note) => `Note: ${note}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The pod's conditions at the end, as `kubectl describe pod` lists them, with when and why. */
function conditionTable(snapshot: PodSnapshot): string[] {
  const rows = [
    ['Type', 'Status', 'Since', 'Reason'],
    ...snapshot.podConditions.map((condition) => [
      condition.type,
      condition.status,
      formatAge(condition.lastTransitionTime),
      condition.reason ?? '',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return [
    'Conditions:',
    ...rows.map((row) =>
      `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3))).join('')}`.trimEnd(),
    ),
  ];
}

/** Cells padded to their column's width, three spaces apart, the last one as it is. */
export function rowFormatter(widths: readonly number[]): (cells: readonly string[]) => string {
  return (cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3)))
      .join('')
      .trimEnd();
}

/** An event line of a text timeline (`  | 5s  Normal  Pulled  app  …`), its columns aligned over `events`. */
export function eventFormatter(
  events: readonly Pick<SimulationEvent, 't' | 'type' | 'reason' | 'object' | 'message'>[],
): (event: Pick<SimulationEvent, 't' | 'type' | 'reason' | 'object' | 'message'>) => string {
  const widths = {
    t: Math.max(0, ...events.map((event) => formatAge(event.t).length)),
    type: Math.max(0, ...events.map((event) => event.type.length)),
    reason: Math.max(0, ...events.map((event) => event.reason.length)),
    object: Math.max(0, ...events.map((event) => event.object.length)),
  };
  return (event) =>
    [
      `  | ${formatAge(event.t).padStart(widths.t)}`,
      event.type.padEnd(widths.type),
      event.reason.padEnd(widths.reason),
      event.object.padEnd(widths.object),
      event.message,
    ].join('  ');
}
