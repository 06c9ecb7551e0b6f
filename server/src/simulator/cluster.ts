import { Priority } from './eventQueue';
import { abortWorker, startWorker } from './podWorker';
import { emit, isFrozen, requestSync, type PodState } from './podState';
import { terminate } from './syncPod';

/**
 * What happens to a pod from outside its kubelet: the scheduler binds it, the API server deletes
 * it or fails it by its deadline, and its node can stop reporting.
 */

export function schedulePod(state: PodState): void {
  const pod = state.pod;
  if (pod.schedulingGates.length > 0) {
    // pod-scheduling-readiness: a gated pod stays Pending and unscheduled until its gates are removed.
    state.gated = true;
    state.warnings.push(
      `the pod has schedulingGates (${pod.schedulingGates.join(', ')}): it is never scheduled until they are removed`,
    );
    return;
  }
  state.scheduled = true;
  if (!pod.nodeNameInSpec) {
    emit(
      state,
      'Normal',
      'Scheduled',
      'pod',
      `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.nodeName}`,
      'The scheduler bound the pod to a node; the kubelet there starts it.',
    );
  }
  // The kubelet's first status: every container waits, as PodInitializing when the pod has init
  // containers, else ContainerCreating (kubelet_pods.go convertToAPIContainerStatuses).
  const waitingReason = pod.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  for (const container of state.containers) {
    // An ephemeral container gets a status once it is added (ephemeralContainers.ts).
    if (container.added) {
      container.reason = waitingReason;
    }
  }
  requestSync(state);
}

/** Pod termination: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination */
export function requestDeletion(state: PodState): void {
  if (state.finished) {
    return;
  }
  state.deleting = true;
  if (!state.scheduled || state.terminalPhase !== null) {
    // The API server deletes a pod that is not scheduled, or has finished, at once, without a
    // grace period (pkg/registry/core/pod/strategy.go CheckGracefulDelete).
    state.deletedAt = state.clock.now;
    state.finished = true;
    return;
  }
  if (state.nodeLostAt !== null) {
    // Nobody on the node can stop the containers: the pod stays Unknown until it is force-deleted.
    return;
  }
  abortWorker(state);
  startWorker(state, terminate(state, 'deletion'));
}

/** activeDeadlineSeconds, counted from the pod's start (kubelet activeDeadlineHandler). */
export function exceedDeadline(state: PodState): void {
  if (!state.scheduled || isFrozen(state) || state.deleting || state.terminalPhase !== null) {
    return;
  }
  state.podReason = 'DeadlineExceeded';
  state.terminalPhase = 'Failed';
  emit(
    state,
    'Warning',
    'DeadlineExceeded',
    'pod',
    'Pod was active on the node longer than the specified deadline',
    `activeDeadlineSeconds is ${state.pod.activeDeadlineSeconds}: the kubelet fails the pod once it has been active that long, and stops every container.`,
  );
  abortWorker(state);
  startWorker(state, terminate(state, 'deadline'));
}

/** The node stops reporting: nothing more is known about the pod (phase Unknown). */
export function loseNode(state: PodState): void {
  if (state.finished) {
    return;
  }
  state.nodeLostAt = state.clock.now;
  if (state.terminalPhase === null) {
    state.podReason = 'NodeLost';
  }
  abortWorker(state);
  // Only the deletion request still reaches the API server. (The queue holds one pod's actions; a
  // queue shared by several pods would have to drop only this pod's.)
  state.clock.retain((item) => item.priority === Priority.pod);
  emit(
    state,
    'Warning',
    'NodeNotReady',
    'pod',
    'Node is not ready',
    `The node stopped reporting at t=${state.clock.now}: the pod's phase becomes Unknown and its readiness Unknown; its containers may still run, but nothing observes them.`,
  );
}
