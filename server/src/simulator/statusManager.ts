import { conditionExplanation, containerExplanation } from './explanations';
import type { PodState } from './podState';
import {
  containersReadyCondition,
  getPhase,
  initializedCondition,
  printPod,
  type ConditionCore,
} from './podStatus';
import {
  conditionTypes,
  type ConditionType,
  type ContainerSnapshot,
  type PodCondition,
  type PodPhase,
  type PodSnapshot,
} from './types';

/**
 * Status: the pod's phase and conditions, computed from its containers with the kubelet's and
 * kubectl's rules (podStatus.ts), and recorded as snapshots whenever a value changes, with the
 * time of each condition's last transition (the kubelet's status manager).
 */

function containerSnapshots(state: PodState): ContainerSnapshot[] {
  return state.containers.map((container) => ({
    name: container.spec.name,
    type: container.spec.type,
    state: container.state,
    reason: container.reason,
    exitCode: container.exitCode,
    restartCount: container.restartCount,
    started: container.started,
    ready: container.ready,
    lastState: container.lastState,
    explanation: containerExplanation(state, container),
  }));
}

/** The phase, which the kubelet never moves out of Succeeded or Failed. */
export function currentPhase(
  state: PodState,
  containers: ContainerSnapshot[] = containerSnapshots(state),
): PodPhase {
  if (state.terminalPhase !== null) {
    return state.terminalPhase;
  }
  if (state.nodeLostAt !== null) {
    return 'Unknown';
  }
  let phase = getPhase(state.pod.restartPolicy, containers, state.podIsTerminal);
  if (state.podIsTerminal && phase !== 'Succeeded' && phase !== 'Failed') {
    phase = 'Failed';
  }
  if (phase === 'Succeeded' || phase === 'Failed') {
    state.terminalPhase = phase;
  }
  return phase;
}

/** Records a snapshot of the pod at the current time, unless nothing but the time has changed. */
export function recordSnapshot(state: PodState): void {
  const now = state.clock.now;
  const containers = containerSnapshots(state);
  const phase = currentPhase(state, containers);
  const initialized = initializedCondition(containers, phase);
  const containersReady = containersReadyCondition(containers, phase);
  const cores: Record<ConditionType, ConditionCore | 'Unknown'> = {
    PodScheduled: state.gated
      ? {
          status: false,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        }
      : { status: state.scheduled, reason: null, message: null },
    PodReadyToStartContainers: { status: state.sandboxReady, reason: null, message: null },
    Initialized: initialized,
    ContainersReady: phase === 'Unknown' ? 'Unknown' : containersReady,
    Ready: phase === 'Unknown' ? 'Unknown' : containersReady,
  };
  const podConditions = conditionTypes.map((type): PodCondition => {
    const core = cores[type];
    const status = core === 'Unknown' ? 'Unknown' : core.status ? 'True' : 'False';
    const previous = state.conditionSince.get(type);
    if (!previous || previous.status !== status) {
      state.conditionSince.set(type, { status, since: now });
    }
    return {
      type,
      status,
      lastTransitionTime: state.conditionSince.get(type)!.since,
      reason: core === 'Unknown' ? 'NodeLost' : core.reason,
      message: core === 'Unknown' ? 'Kubelet stopped posting node status.' : core.message,
      explanation: `${type} is ${status}: ${conditionExplanation(state, type, status, containers, phase)}`,
    };
  });
  const conditions = Object.fromEntries(
    podConditions.map(({ type, status }) => [type, status === 'Unknown' ? 'Unknown' : status === 'True']),
  ) as Record<ConditionType, boolean | 'Unknown'>;
  const columns = printPod(containers, {
    phase,
    reason: state.podReason,
    deleting: state.deleting,
    ready: conditions.Ready === true,
    initialized: conditions.Initialized === true,
    schedulingGated: state.gated,
  });
  let status = columns.status;
  if (phase === 'Unknown') {
    status = 'Unknown';
  } else if (state.podReason === 'DeadlineExceeded') {
    // The pod's reason stays in the STATUS column of a pod failed by its deadline.
    status = 'DeadlineExceeded';
  }
  const snapshot: PodSnapshot = {
    t: now,
    phase,
    status,
    ready: columns.ready,
    restarts: columns.restarts,
    lastRestartAt: columns.lastRestartAt,
    reason: state.podReason,
    deleting: state.deleting,
    conditions,
    podConditions,
    containers,
  };
  const key = JSON.stringify({ ...snapshot, t: 0 });
  if (key !== state.lastSnapshotKey) {
    state.lastSnapshotKey = key;
    state.snapshots.push(snapshot);
  }
}
