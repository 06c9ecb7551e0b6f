/**
 * The workload's timeline as the panel shows it, computed from a workload simulation: one lane per
 * pod grouped by revision, the controller's conditions as bands, the Service's ready endpoints as a
 * step line, the events as marks, and kubectl's row for the workload at a time. Pure (no DOM), so
 * that unit tests cover it without a browser; the colours are the pod view's (timelineModel.ts).
 */
import { sourceFieldKey } from '../../../server/src/common/sourceFields';
import type {
  PodSnapshot,
  SimulationEvent,
  WorkloadCondition,
  WorkloadEvent,
  WorkloadPod,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from '../../../server/src/simulator/types';
import { formatTime, type Segment, type SegmentState, statusState } from './timelineModel';

/** One pod of the workload over time. */
export interface PodLane {
  /** The pod's index in the result's `pods`. */
  pod: number;
  label: string;
  /** From the pod's creation to its removal (or the end of the run). */
  segments: Segment[];
  createdAt: number;
  deletedAt: number | null;
  /** When one of its containers restarted (the kubelet restarting it in place). */
  restarts: number[];
}

/** The pods of one revision, in creation order. */
export interface RevisionGroup {
  revision: string;
  pods: PodLane[];
}

/** A condition of the workload over time. */
export interface ConditionLane {
  type: string;
  segments: Segment[];
}

/** How many ready endpoints a Service has from `from` to `to`. */
export interface EndpointStep {
  from: number;
  to: number;
  count: number;
}

/**
 * The colour of a pod at one snapshot, as a person reads a pod: ready, running but not ready,
 * pending, crash-looping, failed, completed, terminating. The same names (and CSS classes) as
 * the pod view's lanes.
 */
export function podSnapshotState(snapshot: PodSnapshot): [SegmentState, string] {
  const label = `${snapshot.status} (${snapshot.ready} ready)`;
  if (snapshot.deleting && snapshot.phase !== 'Succeeded' && snapshot.phase !== 'Failed') {
    return ['terminating', `Terminating (${snapshot.ready} ready)`];
  }
  switch (snapshot.phase) {
    case 'Succeeded':
      return ['completed', label];
    case 'Failed':
      return ['failed', label];
    case 'Unknown':
      return ['unknown', label];
    default:
      break;
  }
  const status = statusState(snapshot.status);
  if (/BackOff$/.test(snapshot.status)) {
    return [/Image|ErrImagePull/.test(snapshot.status) ? 'pull-error' : 'backoff', label];
  }
  if (snapshot.phase === 'Pending') {
    return [status === 'failed' ? 'failed' : 'waiting', label];
  }
  if (snapshot.conditions.Ready === true) {
    return ['ready', label];
  }
  return status === 'failed' ? ['failed', label] : ['running', label];
}

/** The pod's lane: its snapshots from its creation, as segments ending at its removal. */
export function podLane(result: WorkloadSimulationResult, index: number): PodLane {
  const pod = result.pods[index]!;
  const end = Math.min(pod.deletedAt ?? result.duration, result.duration);
  const segments: Segment[] = [];
  const snapshots = pod.result.snapshots;
  snapshots.forEach((snapshot, position) => {
    const from = Math.max(snapshot.t, pod.createdAt);
    const to = Math.min(snapshots[position + 1]?.t ?? end, end);
    if (to < from || from > end) {
      return;
    }
    const [state, label] = podSnapshotState(snapshot);
    const last = segments[segments.length - 1];
    if (last && last.state === state && last.label === label && last.to === from) {
      last.to = to;
    } else if (to > from || segments.length === 0 || position === snapshots.length - 1) {
      segments.push({ from, to, state, label });
    }
  });
  const restarts: number[] = [];
  let previous = 0;
  for (const snapshot of snapshots) {
    if (snapshot.restarts > previous) {
      restarts.push(snapshot.t);
    }
    previous = snapshot.restarts;
  }
  return {
    pod: index,
    label: pod.node ? `${pod.name} · ${pod.node}` : `${pod.name} · unscheduled`,
    segments: segments.filter((segment) => segment.to > segment.from || segments.length === 1),
    createdAt: pod.createdAt,
    deletedAt: pod.deletedAt,
    restarts,
  };
}

/** The pods' lanes, grouped by revision in the order each revision's first pod was created. */
export function revisionGroups(result: WorkloadSimulationResult): RevisionGroup[] {
  const groups: RevisionGroup[] = [];
  result.pods.forEach((pod, index) => {
    let group = groups.find((candidate) => candidate.revision === pod.revision);
    if (!group) {
      group = { revision: pod.revision, pods: [] };
      groups.push(group);
    }
    group.pods.push(podLane(result, index));
  });
  return groups;
}

/**
 * Conditions whose True is bad news: a Job's Failed (and FailureTarget, which comes before it), a
 * ReplicaSet's ReplicaFailure. For the others True is the healthy value (Complete, Available,
 * Progressing).
 */
const failureConditions: ReadonlySet<string> = new Set(['Failed', 'FailureTarget', 'ReplicaFailure']);

export function workloadConditionState(condition: WorkloadCondition): [SegmentState, string] {
  const label = `${condition.type} ${condition.status}${condition.reason ? ` (${condition.reason})` : ''}`;
  if (condition.status === 'Unknown') {
    return ['unknown', label];
  }
  if (failureConditions.has(condition.type)) {
    // Not failed is no news: the colour of False.
    return condition.status === 'True' ? ['failed', label] : ['false', label];
  }
  if (condition.status === 'True') {
    return ['ready', label];
  }
  // A condition turned False by a limit (ProgressDeadlineExceeded) is a failure.
  return condition.reason?.endsWith('Exceeded') ? ['failed', label] : ['false', label];
}

/** One band per condition type, in the order the controller first set each. */
export function conditionLanes(result: WorkloadSimulationResult): ConditionLane[] {
  const types: string[] = [];
  for (const snapshot of result.snapshots) {
    for (const condition of snapshot.conditions) {
      if (!types.includes(condition.type)) {
        types.push(condition.type);
      }
    }
  }
  return types.map((type) => ({
    type,
    segments: stepSegments(result, (snapshot) => {
      const condition = snapshot.conditions.find((candidate) => candidate.type === type);
      return condition ? workloadConditionState(condition) : undefined;
    }),
  }));
}

function stepSegments(
  result: WorkloadSimulationResult,
  describe: (snapshot: WorkloadSnapshot) => [SegmentState, string] | undefined,
): Segment[] {
  const out: Segment[] = [];
  result.snapshots.forEach((snapshot, index) => {
    const to = result.snapshots[index + 1]?.t ?? result.duration;
    const value = describe(snapshot);
    if (!value || to < snapshot.t) {
      return;
    }
    const [state, label] = value;
    const last = out[out.length - 1];
    if (last && last.state === state && last.label === label && last.to === snapshot.t) {
      last.to = to;
    } else {
      out.push({ from: snapshot.t, to, state, label });
    }
  });
  return out.filter((segment) => segment.to > segment.from);
}

/**
 * The Service's ready endpoints over time, as steps (snapshots at the same time: the last one
 * holds; a count that does not change continues the step).
 */
export function endpointSteps(result: WorkloadSimulationResult): EndpointStep[] {
  const steps: EndpointStep[] = [];
  result.snapshots.forEach((snapshot, index) => {
    const to = result.snapshots[index + 1]?.t ?? result.duration;
    const count = snapshot.endpoints.length;
    const last = steps[steps.length - 1];
    if (last && last.count === count) {
      last.to = to;
    } else if (last && last.from === snapshot.t) {
      last.count = count;
      last.to = to;
    } else {
      steps.push({ from: snapshot.t, to, count });
    }
  });
  return steps.filter((step, index) => step.to > step.from || index === steps.length - 1);
}

/** The workload snapshot in force at `t`. */
export function workloadSnapshotAt(result: WorkloadSimulationResult, t: number): WorkloadSnapshot {
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

/** kubectl's row for the workload at `t`: NAME, its own columns, AGE; and the ready endpoints. */
export function workloadStatusRow(
  result: WorkloadSimulationResult,
  t: number,
): { columns: string[]; cells: string[]; endpoints: number } {
  const snapshot = workloadSnapshotAt(result, t);
  const columns = Object.keys(snapshot.columns);
  return {
    columns: ['NAME', ...columns, 'AGE'],
    cells: [result.workload.name, ...columns.map((column) => snapshot.columns[column]!), formatTime(t)],
    endpoints: snapshot.endpoints.length,
  };
}

/** A pod's row at `t`, for the hover of its lane: what `kubectl get pod` would print. */
export function podHover(pod: WorkloadPod, t: number): string {
  if (t < pod.createdAt) {
    return `${pod.name}: created at ${formatTime(pod.createdAt)}`;
  }
  let snapshot = pod.result.snapshots[0] ?? pod.result.final;
  for (const candidate of pod.result.snapshots) {
    if (candidate.t <= t) {
      snapshot = candidate;
    }
  }
  const removed = pod.deletedAt !== null && pod.deletedAt <= t;
  return [
    `${pod.name} on ${pod.node || 'no node'}, revision ${pod.revision}${pod.index !== null ? `, index ${pod.index}` : ''}`,
    removed
      ? `removed at ${formatTime(pod.deletedAt!)}`
      : `at ${formatTime(t)}: ${snapshot.status}, ${snapshot.ready} ready, ${snapshot.restarts} restarts`,
    `created ${formatTime(pod.createdAt)}${pod.deletedAt !== null ? `, removed ${formatTime(pod.deletedAt)}` : ''}`,
  ].join('\n');
}

/**
 * The workload fields that the controllers' reasons come from (condition reasons, event reasons):
 * the line of YAML responsible. Job: the JobReason* constants of k8s.io/api batch/v1 types.go,
 * which pkg/controller/job/job_controller.go sets on the Failed and SuccessCriteriaMet conditions
 * (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, MaxFailedIndexesExceeded,
 * FailedIndexes, SuccessPolicy, CompletionsReached); Deployment: TimedOutReason
 * (ProgressDeadlineExceeded) and MinimumReplicasUnavailable of
 * pkg/controller/deployment/util/deployment_util.go, and the ScalingReplicaSet events of
 * pkg/controller/deployment/sync.go (scaleReplicaSet), whose steps the strategy decides.
 */
const reasonFields: Readonly<Record<string, string>> = {
  BackoffLimitExceeded: 'backoffLimit',
  DeadlineExceeded: 'activeDeadlineSeconds',
  PodFailurePolicy: 'podFailurePolicy',
  MaxFailedIndexesExceeded: 'maxFailedIndexes',
  FailedIndexes: 'backoffLimitPerIndex',
  SuccessPolicy: 'successPolicy',
  CompletionsReached: 'completions',
  ProgressDeadlineExceeded: 'progressDeadlineSeconds',
  ScalingReplicaSet: 'strategy',
  MinimumReplicasUnavailable: 'strategy',
};

/** The workload field a controller's reason names, as a `sourceFieldKey`. */
export function workloadReasonField(reason: string | null | undefined): string | undefined {
  const field =
    reason && Object.prototype.hasOwnProperty.call(reasonFields, reason) ? reasonFields[reason] : undefined;
  return field ? sourceFieldKey('workload', field) : undefined;
}

/**
 * The field of the manifest that a pod event's explanation names: the probe whose failures
 * killed or unreadied a container, the hook, the pod's restart policy behind a back-off, the
 * image that does not pull, the pod's activeDeadlineSeconds.
 */
export function podEventField(event: SimulationEvent): string | undefined {
  const container = { container: event.object };
  const detail = event.detail;
  switch (detail?.kind) {
    case 'probe':
      return sourceFieldKey(container, `${detail.probe}Probe`);
    case 'kill':
      switch (detail.cause) {
        case 'liveness':
        case 'startup':
          return sourceFieldKey(container, `${detail.cause}Probe`);
        case 'postStart':
          return sourceFieldKey(container, 'lifecycle.postStart');
        case 'deadline':
          return sourceFieldKey('pod', 'activeDeadlineSeconds');
        default:
          return undefined;
      }
    case 'backOff':
      return sourceFieldKey('pod', 'restartPolicy');
    case 'imagePullBackOff':
      return sourceFieldKey(container, 'image');
    default:
      break;
  }
  switch (event.reason) {
    case 'FailedPreStopHook':
      return sourceFieldKey(container, 'lifecycle.preStop');
    case 'FailedPostStartHook':
      return sourceFieldKey(container, 'lifecycle.postStart');
    case 'DeadlineExceeded':
      return sourceFieldKey('pod', 'activeDeadlineSeconds');
    default:
      return undefined;
  }
}

/** The field a workload event names: by its reason. */
export function workloadEventField(event: WorkloadEvent): string | undefined {
  return workloadReasonField(event.reason);
}

/** A field key, when the document has it written (the extension can reveal only those). */
export function revealable(
  key: string | undefined,
  fields: readonly string[] | undefined,
): string | undefined {
  return key !== undefined && fields?.includes(key) ? key : undefined;
}

/** The legend of the workload view: the pod view's colours, named for pods and conditions. */
export const workloadLegend: readonly [SegmentState, string][] = [
  ['ready', 'Running, ready / condition healthy'],
  ['running', 'Running, not ready'],
  ['waiting', 'Pending'],
  ['backoff', 'crash loop / image back-off'],
  ['failed', 'Failed / condition failed'],
  ['completed', 'Succeeded'],
  ['terminating', 'Terminating'],
  ['false', 'condition False'],
  ['unknown', 'Unknown'],
];

/** Why the workload is as it is at `t`: each condition's explanation (or message), with its field. */
export function conditionExplanations(
  result: WorkloadSimulationResult,
  t: number,
): { text: string; field: string | undefined }[] {
  return workloadSnapshotAt(result, t).conditions.map((condition) => ({
    text: `${condition.type} ${condition.status}${condition.reason ? ` (${condition.reason})` : ''} since ${formatTime(condition.lastTransitionTime)}: ${condition.explanation ?? condition.message ?? ''}`.trim(),
    field: workloadReasonField(condition.reason),
  }));
}
