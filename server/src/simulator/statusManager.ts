import { conditionExplanation, containerExplanation } from './explanations';
import type { PodState } from './podState';
import { shouldRestart } from './containerStatus';
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
  type PodConditionType,
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
  let phase = getPhase(state.pod.restartPolicy, containers, state.podIsTerminal);
  if (state.podIsTerminal && phase !== 'Succeeded' && phase !== 'Failed') {
    phase = 'Failed';
  }
  // An app container that is running again, or about to be, keeps the pod from a terminal phase.
  // One its liveness or startup probe killed is started again in the same SyncPod
  // (kuberuntime_manager.go: computePodActions puts it in ContainersToKill and ContainersToStart),
  // so the kubelet never generates a status in between, even if it exited 0 on its own as the kill
  // began; and a started container is running for the runtime while its postStart hook still holds
  // the sync, though the snapshot shows its previous state until the hook is done.
  const stillRunning = state.containers.some(
    (container) =>
      container.spec.type === 'app' &&
      (container.run?.alive === true ||
        (container.lastExit?.restartAfterKill === true && shouldRestart(container, state.pod.restartPolicy))),
  );
  if (!state.podIsTerminal && stillRunning && isTerminal(phase)) {
    phase = 'Running';
  }
  if (phase === 'Succeeded' || phase === 'Failed') {
    state.terminalPhase = phase;
  }
  return phase;
}

function isTerminal(phase: PodPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * The phase and reason the API server gets. The status manager holds back a transition to a
 * terminal phase, with its reason and message, while the pod could still have running containers
 * (pkg/kubelet/status/status_manager.go mergePodStatus, `couldHaveRunningContainers`, which is
 * pod_workers.go CouldHaveRunningContainers: true until SyncTerminatingPod has stopped every
 * container). So a pod failed by its deadline, or by a failed init container under Never while a
 * sidecar stops, keeps its previous phase until its last container has stopped.
 */
function reportedPhase(state: PodState, phase: PodPhase): { phase: PodPhase; reason: string | null } {
  const couldHaveRunningContainers = state.containers.some((container) => container.run?.alive);
  if (isTerminal(phase) && !isTerminal(state.reportedPhase) && couldHaveRunningContainers) {
    return { phase: state.reportedPhase, reason: state.reportedReason };
  }
  state.reportedPhase = phase;
  state.reportedReason = state.podReason;
  return { phase, reason: state.podReason };
}

function podCondition(
  state: PodState,
  type: PodConditionType,
  value: boolean,
  reason: string | null,
  message: string | null,
  explain: () => string,
): PodCondition {
  const now = state.clock.now;
  const status = value ? 'True' : 'False';
  const previous = state.conditionSince.get(type);
  if (!previous || previous.status !== status) {
    state.conditionSince.set(type, { status, since: now });
  }
  return {
    type,
    status,
    lastTransitionTime: state.conditionSince.get(type)!.since,
    reason,
    message,
    explanation: `${type} is ${status}: ${explain()}`,
  };
}

/** Records a snapshot of the pod at the current time, unless nothing but the time has changed. */
export function recordSnapshot(state: PodState): void {
  const now = state.clock.now;
  const containers = containerSnapshots(state);
  const phase = currentPhase(state, containers);
  const initialized = initializedCondition(containers, phase);
  const containersReady = containersReadyCondition(containers, phase);
  const cores: Record<ConditionType, ConditionCore> = {
    PodScheduled: state.gated
      ? {
          status: false,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        }
      : { status: state.scheduled, reason: null, message: null },
    PodReadyToStartContainers: { status: state.sandboxReady, reason: null, message: null },
    Initialized: initialized,
    ContainersReady: containersReady,
    // Once the node lifecycle controller has marked the pod not ready (controller_utils.go
    // MarkPodsNotReady), Ready is False with the reason and message it had; nothing else changes.
    Ready: state.nodeNotReadyAt !== null ? { ...containersReady, status: false } : containersReady,
  };
  const podConditions = conditionTypes.map((type): PodCondition => {
    const core = cores[type];
    return podCondition(state, type, core.status, core.reason, core.message, () =>
      conditionExplanation(state, type, core.status ? 'True' : 'False', containers, phase),
    );
  });
  if (state.disruptionTargetAt !== null) {
    // Set by the taint eviction controller before it deletes the pod (taint_eviction.go
    // addConditionAndDeletePod); the kubelet keeps conditions it does not own.
    podConditions.push(
      podCondition(
        state,
        'DisruptionTarget',
        true,
        'DeletionByTaintManager',
        'Taint manager: deleting due to NoExecute taint',
        () =>
          `the taint eviction controller is deleting the pod at t=${state.disruptionTargetAt}: its node stopped reporting and the pod's toleration of the unreachable taint ran out.`,
      ),
    );
  }
  const conditions = Object.fromEntries(conditionTypes.map((type) => [type, cores[type].status])) as Record<
    ConditionType,
    boolean
  >;
  // The conditions above are the kubelet's, from its own phase (generateAPIPodStatus); the phase
  // and reason below are what the API server holds.
  const reported = reportedPhase(state, phase);
  const columns = printPod(containers, {
    phase: reported.phase,
    reason: reported.reason,
    deleting: state.deleting,
    ready: conditions.Ready === true,
    initialized: conditions.Initialized === true,
    schedulingGated: state.gated,
  });
  const snapshot: PodSnapshot = {
    t: now,
    phase: reported.phase,
    // printPod lets a container's waiting or terminated reason override status.reason: a pod
    // failed by its deadline shows its killed container's reason (Error, exit 143).
    status: columns.status,
    ready: columns.ready,
    restarts: columns.restarts,
    lastRestartAt: columns.lastRestartAt,
    reason: reported.reason,
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
