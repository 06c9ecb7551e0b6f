import type { PodSnapshot, SimulationEvent, SimulationResult } from './types';

/**
 * The compact text timeline of `podscope simulate`: rows like `kubectl get pod -w` (NAME READY
 * STATUS RESTARTS AGE), one whenever one of those columns changes, with the events that led to
 * each row listed above it.
 */

/**
 * A duration as kubectl prints ages (k8s.io/apimachinery duration.HumanDuration): `45s`, `119s`,
 * `2m5s`, … Unlike kubectl, it never rounds: `10m45s` rather than `10m`, and `1h2m3s`.
 */
export function formatAge(value: number): string {
  if (value < 120) {
    return `${Number(value.toFixed(3))}s`;
  }
  const whole = Math.floor(value);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secondsPart = Number(((whole % 60) + (value - whole)).toFixed(3));
  return (
    (hours > 0 ? `${hours}h` : '') +
    (minutes > 0 || (hours > 0 && secondsPart > 0) ? `${minutes}m` : '') +
    (secondsPart > 0 ? `${secondsPart}s` : '')
  );
}

/** kubectl's RESTARTS column: `3`, or `3 (20s ago)` once a container has restarted. */
export function formatRestarts(snapshot: PodSnapshot): string {
  return snapshot.restarts > 0 && snapshot.lastRestartAt !== null
    ? `${snapshot.restarts} (${formatAge(Math.max(0, snapshot.t - snapshot.lastRestartAt))} ago)`
    : String(snapshot.restarts);
}

export function renderTimeline(result: SimulationResult): string {
  const { pod } = result;
  const header = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
  const rows: { index: number; cells: string[] }[] = [];
  let lastKey = '';
  result.snapshots.forEach((snapshot, index) => {
    const key = `${snapshot.ready}|${snapshot.status}|${snapshot.restarts}`;
    if (key !== lastKey) {
      lastKey = key;
      rows.push({
        index,
        cells: [pod.name, snapshot.ready, snapshot.status, formatRestarts(snapshot), formatAge(snapshot.t)],
      });
    }
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(({ cells }) => cells[column]?.length ?? 0)),
  );
  const formatRow = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd((widths[column] ?? 0) + 3)))
      .join('')
      .trimEnd();

  const eventWidths = {
    t: Math.max(0, ...result.events.map((event) => formatAge(event.t).length)),
    type: Math.max(0, ...result.events.map((event) => event.type.length)),
    reason: Math.max(0, ...result.events.map((event) => event.reason.length)),
    object: Math.max(0, ...result.events.map((event) => event.object.length)),
  };
  const formatEvent = (event: SimulationEvent): string =>
    [
      `  | ${formatAge(event.t).padStart(eventWidths.t)}`,
      event.type.padEnd(eventWidths.type),
      event.reason.padEnd(eventWidths.reason),
      event.object.padEnd(eventWidths.object),
      event.message,
    ].join('  ');

  const restartPolicy = `restartPolicy ${pod.restartPolicy}`;
  const lines = [
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
  );
  return `${lines.join('\n')}\n`;
}
