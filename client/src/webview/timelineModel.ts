/**
 * The timeline as the panel shows it, computed from a simulation result: the lanes and their
 * segments, the status row at a time, the time axis, the explanation of an event. Pure (no DOM),
 * so that unit tests cover it without a browser. The vocabulary (condition types, back-off
 * limits, kubectl's AGE) comes from the simulator, never repeated here.
 */
import {
  backOffExpirySeconds,
  initialBackOffSeconds,
  maxBackOffSeconds,
  restartJitterNote,
} from '../../../server/src/simulator/backOff';
import { formatAge, formatRestarts } from '../../../server/src/simulator/formatTime';
import {
  conditionTypes,
  type ConditionValue,
  type ContainerSnapshot,
  type PodSnapshot,
  type SimulationEvent,
  type SimulationResult,
} from '../../../server/src/simulator/types';

/** Every time the panel prints: the simulation's times as kubectl prints ages. */
export const formatTime = formatAge;

/**
 * A state's name is the CSS class of its colour (`state-<name>`), and the legend's entry.
 * `ready` doubles as True, `false` as False.
 */
export type SegmentState =
  | 'ready'
  | 'running'
  | 'starting'
  | 'waiting'
  | 'backoff'
  | 'pull-error'
  | 'failed'
  | 'completed'
  | 'terminating'
  | 'false'
  | 'unknown';

export interface Segment {
  from: number;
  to: number;
  state: SegmentState;
  label: string;
}

export interface Lane {
  label: string;
  /** `band` for the phase and the conditions, `container` for a container. */
  kind: 'band' | 'container';
  segments: Segment[];
  /** The container's name, for a container lane. */
  container?: string;
  /** When the container restarted. */
  restarts: number[];
}

export const legend: readonly [SegmentState, string][] = [
  ['ready', 'running, ready / True'],
  ['running', 'running, not ready'],
  ['starting', 'running, not started'],
  ['waiting', 'waiting'],
  ['backoff', 'back-off'],
  ['failed', 'exited with an error'],
  ['completed', 'completed'],
  ['false', 'False'],
  ['unknown', 'Unknown'],
];

/** The snapshot in force at time `t`: the last one taken at or before it. */
export function snapshotAt(result: SimulationResult, t: number): PodSnapshot {
  let current = result.snapshots[0] ?? result.final;
  for (const snapshot of result.snapshots) {
    if (snapshot.t <= t) {
      current = snapshot;
    } else {
      break;
    }
  }
  return current;
}

/** Consecutive snapshots with the same value, as segments of the timeline. */
export function segments<T>(
  result: SimulationResult,
  value: (snapshot: PodSnapshot) => T | undefined,
  describe: (value: T) => [SegmentState, string],
): Segment[] {
  const out: Segment[] = [];
  const snapshots = result.snapshots;
  for (let index = 0; index < snapshots.length; index++) {
    const snapshot = snapshots[index]!;
    const next = snapshots[index + 1];
    const to = next ? next.t : result.duration;
    const current = value(snapshot);
    if (current === undefined || to < snapshot.t) {
      continue;
    }
    const [state, label] = describe(current);
    const last = out[out.length - 1];
    if (last && last.state === state && last.label === label && last.to === snapshot.t) {
      last.to = to;
    } else {
      out.push({ from: snapshot.t, to, state, label });
    }
  }
  return out;
}

export function containerState(container: ContainerSnapshot): [SegmentState, string] {
  if (container.state === 'running') {
    if (container.type === 'ephemeral') {
      // An ephemeral container has no probes: neither started nor ready is reported for it.
      return ['running', 'Running'];
    }
    if (container.ready) {
      return ['ready', 'Running, ready'];
    }
    return container.started ? ['running', 'Running, not ready'] : ['starting', 'Running, not started'];
  }
  if (container.state === 'terminated') {
    return container.exitCode === 0
      ? ['completed', `Terminated: ${container.reason ?? 'Completed'} (exit 0)`]
      : ['failed', `Terminated: ${container.reason ?? 'Error'} (exit ${container.exitCode ?? '?'})`];
  }
  const reason = container.reason ?? 'Waiting';
  if (reason === 'CrashLoopBackOff') {
    return ['backoff', 'Waiting: CrashLoopBackOff'];
  }
  if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff') {
    return ['pull-error', `Waiting: ${reason}`];
  }
  return ['waiting', `Waiting: ${reason}`];
}

export function conditionState(value: ConditionValue): [SegmentState, string] {
  return value === 'Unknown' ? ['unknown', 'Unknown'] : value ? ['ready', 'True'] : ['false', 'False'];
}

const phaseStates: Record<string, SegmentState> = {
  Pending: 'waiting',
  Running: 'ready',
  Succeeded: 'completed',
  Failed: 'failed',
  Unknown: 'unknown',
};

/** The colour of kubectl's STATUS column. */
export function statusState(status: string): SegmentState {
  if (status === 'Running') {
    return 'ready';
  }
  if (status === 'Completed') {
    return 'completed';
  }
  if (status === 'Terminating' || status === 'Unknown') {
    return 'unknown';
  }
  if (/Error|BackOff|ErrImagePull|DeadlineExceeded|OOMKilled|Evicted/.test(status)) {
    return 'failed';
  }
  return 'waiting';
}

/** The lanes, top to bottom: the phase, each condition, each container. */
export function timelineLanes(result: SimulationResult): Lane[] {
  const lanes: Lane[] = [
    {
      label: 'Phase',
      kind: 'band',
      segments: segments(
        result,
        (snapshot) => snapshot.phase,
        (phase) => [phaseStates[phase] ?? 'waiting', phase],
      ),
      restarts: [],
    },
  ];
  for (const condition of conditionTypes) {
    lanes.push({
      label: condition,
      kind: 'band',
      segments: segments(result, (snapshot) => snapshot.conditions[condition], conditionState),
      restarts: [],
    });
  }
  for (const container of result.pod.containers) {
    const find = (snapshot: PodSnapshot): ContainerSnapshot | undefined =>
      snapshot.containers.find((candidate) => candidate.name === container.name);
    const restarts: number[] = [];
    let previous = 0;
    for (const snapshot of result.snapshots) {
      const count = find(snapshot)?.restartCount ?? 0;
      if (count > previous) {
        restarts.push(snapshot.t);
      }
      previous = count;
    }
    lanes.push({
      label: `${container.name} (${container.type})`,
      kind: 'container',
      container: container.name,
      segments: segments(result, find, containerState),
      restarts,
    });
  }
  return lanes;
}

/** The times of the axis' ticks: about eight, at round steps. */
export function axisTicks(duration: number): number[] {
  const step = niceStep(duration);
  const ticks: number[] = [];
  for (let t = 0; t <= duration; t += step) {
    ticks.push(t);
  }
  return ticks;
}

function niceStep(duration: number): number {
  const target = duration / 8;
  for (const step of [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200]) {
    if (step >= target) {
      return step;
    }
  }
  return 14400;
}

/** kubectl's row for the pod at time `t`, with the colour of its STATUS. */
export function statusRow(
  result: SimulationResult,
  t: number,
  /** When the pod was created on the timeline's clock (a workload's pod), for its AGE. */
  createdAt = 0,
): { cells: [string, string, string, string, string, string]; statusState: SegmentState } {
  const snapshot = snapshotAt(result, t);
  return {
    cells: [
      result.pod.name,
      snapshot.ready,
      snapshot.status,
      formatRestarts(snapshot.restarts, snapshot.lastRestartAt, t),
      formatTime(Math.max(0, t - createdAt)),
      snapshot.phase,
    ],
    statusState: statusState(snapshot.status),
  };
}

export const statusColumns = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'PHASE'] as const;

/** Why an event happened, in a sentence or two. */
export function explainEvent(event: SimulationEvent): string {
  const detail = event.detail;
  if (detail?.kind === 'backOff') {
    // Results from before the node's cap was a scenario knob have no maxDelay.
    const cap = detail.maxDelay ?? maxBackOffSeconds;
    const initial = Math.min(initialBackOffSeconds, cap);
    const steps = [1, 2, 4]
      .map((factor) => Math.min(initial * factor, cap))
      .filter((step, index, all) => all.indexOf(step) === index)
      .map((step) => `${step} s`)
      .join(', ');
    // An entry expires 600 s after its last step (backOff.ts).
    const reset = backOffExpirySeconds / 60;
    return `Back-off ${detail.delay} s before restart ${detail.restart}: the delay doubles after each failed restart (${steps}, …), capped at ${cap} s, and resets after ${reset} minutes of running. Next try at ${formatTime(detail.retryAt)}. ${restartJitterNote}`;
  }
  return event.explanation ?? event.message;
}
