import { setRunning } from './containerStatus';
import { Priority } from './eventQueue';
import { defaultUnreachableTolerationSeconds } from './podSpec';
import { abortWorker, startWorker } from './podWorker';
import { emit, isFrozen, requestSync, type PodState } from './podState';
import { resumeProbes } from './prober';
import { exitContainer } from './stopping';
import { terminate } from './syncPod';

/**
 * What happens to a pod from outside its kubelet: the scheduler binds it, the API server deletes
 * it, the kubelet's deadline handler fails it, and its node can stop reporting and come back.
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
  if (!state.scheduled || state.reportedPhase === 'Succeeded' || state.reportedPhase === 'Failed') {
    // The API server deletes a pod that is not scheduled, or has finished, at once, without a
    // grace period (pkg/registry/core/pod/strategy.go CheckGracefulDelete). Finished is the phase
    // the API server holds, which a terminal phase reaches only once the containers have stopped.
    state.deletedAt = state.clock.now;
    state.finished = true;
    return;
  }
  if (state.nodeLostAt !== null) {
    // Nobody on the node can stop the containers: the pod stays Terminating until the node
    // returns, or the pod is force-deleted or garbage-collected with its Node.
    return;
  }
  abortWorker(state);
  startWorker(state, terminate(state, 'deletion'));
}

/**
 * activeDeadlineSeconds, counted from the pod's start (pkg/kubelet/active_deadline.go
 * pastActiveDeadline). ShouldEvict makes generateAPIPodStatus report phase Failed with reason
 * DeadlineExceeded; the pod worker then terminates the pod (SyncTerminatingPod kills every
 * container with the pod's grace period).
 */
export function exceedDeadline(state: PodState): void {
  if (!state.scheduled || isFrozen(state) || state.deleting || state.terminalPhase !== null) {
    return;
  }
  state.podReason = 'DeadlineExceeded';
  state.terminalPhase = 'Failed';
  // The event is of type Normal (pkg/kubelet/active_deadline.go ShouldEvict).
  emit(
    state,
    'Normal',
    'DeadlineExceeded',
    'pod',
    'Pod was active on the node longer than the specified deadline',
    `activeDeadlineSeconds is ${state.pod.activeDeadlineSeconds}: the kubelet fails the pod once it has been active that long, and stops every container. The API server sees phase Failed (reason DeadlineExceeded) only once the last container has stopped; kubectl's STATUS then shows the stopped container's reason.`,
  );
  abortWorker(state);
  startWorker(state, terminate(state, 'deadline'));
}

// ---------------------------------------------------------------------------------------------
// A lost node: the node lifecycle controller, taint eviction, and the node coming back

/**
 * kube-controller-manager's --node-monitor-grace-period: how long a node may go without reporting
 * before the node lifecycle controller sets its Ready condition Unknown
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go monitorNodeHealth): 50 s since
 * Kubernetes 1.32 (kubernetes/kubernetes#126287; 40 s before, in
 * pkg/controller/nodelifecycle/config/v1alpha1/defaults.go). The controller checks every 5 s
 * (--node-monitor-period); the simulation, without jitter, acts exactly at the grace period.
 */
export const nodeMonitorGracePeriodSeconds = 50;

const olderDocsNote =
  'Older documentation says a pod on a lost node becomes Unknown, or Failed: no component of a current cluster sets either. ' +
  "The phase stays what the kubelet last reported, and kubectl's STATUS shows Unknown only for a deleted pod whose status.reason is NodeLost (printers.go printPod), " +
  "which only the node controller's eviction without taints set (controller_utils.go SetPodTerminationReason); taint-based eviction replaced it.";

/**
 * The node stops reporting. Nothing on it is observed any more: the pod's status keeps what the
 * kubelet last reported (no component sets the phase Unknown), and the simulation pauses the
 * node's containers and kubelet until the node returns. The control plane still acts on the pod.
 */
export function loseNode(state: PodState): void {
  if (state.finished || !state.scheduled || state.nodeLostAt !== null) {
    return;
  }
  const now = state.clock.now;
  state.nodeLostAt = now;
  abortWorker(state);
  // Only the control plane's actions remain: the API server's (deletion; the deadline, which the
  // kubelet enforces, waits for the node) and the node's. (The queue holds one pod's actions; a
  // queue shared by several pods would have to drop only this pod's.)
  state.clock.retain((item) => item.priority === Priority.pod || item.priority === Priority.node);
  state.clock.schedule(now + nodeMonitorGracePeriodSeconds, Priority.node, () => markNodeNotReady(state));
  state.notes.push(
    `t=${now}: the node stopped reporting. The pod keeps the status its kubelet last reported (phase ${state.reportedPhase}); whatever runs on the node is no longer observed, and the simulation pauses it until the node returns.`,
  );
}

/**
 * node-monitor-grace-period after the last report: the node lifecycle controller sets the node's
 * Ready condition Unknown, taints the node `node.kubernetes.io/unreachable:NoExecute`
 * (doNoExecuteTaintingPass) and sets the Ready condition of its pods to False, keeping its reason
 * and message, with a Warning NodeNotReady event when it changed (controller_utils.go
 * MarkPodsNotReady). The containers' statuses are untouched. The taint eviction controller then
 * schedules the pod's deletion after its toleration of the taint (taint_eviction.go
 * processPodOnNode).
 */
function markNodeNotReady(state: PodState): void {
  if (state.finished || state.nodeLostAt === null) {
    return;
  }
  const now = state.clock.now;
  state.nodeNotReadyAt = now;
  const last = state.snapshots[state.snapshots.length - 1];
  if (last?.conditions.Ready === true) {
    emit(
      state,
      'Warning',
      'NodeNotReady',
      'pod',
      'Node is not ready',
      `The node has not reported for ${nodeMonitorGracePeriodSeconds}s (node-monitor-grace-period): the node lifecycle controller marks it unreachable and sets the pod's Ready condition to False. The phase and the container statuses stay as the kubelet last reported them.`,
    );
  }
  const { seconds, source } = state.pod.unreachableToleration;
  const taint = 'node.kubernetes.io/unreachable:NoExecute';
  const why = {
    default: `the DefaultTolerationSeconds admission plugin gives ${defaultUnreachableTolerationSeconds}s to a pod without a toleration of its own`,
    pod:
      seconds === null
        ? 'its toleration without tolerationSeconds'
        : `its toleration (tolerationSeconds ${seconds})`,
    daemonSet: "the toleration a DaemonSet's pods get from their controller, without tolerationSeconds",
    none: 'none of its tolerations matches the taint',
  }[source];
  let text = `t=${now}: after node-monitor-grace-period (${nodeMonitorGracePeriodSeconds}s since Kubernetes 1.32, 40s before) the node lifecycle controller marks the node Unknown, taints it ${taint} and sets the pod's Ready condition to False; READY still counts the containers, whose statuses nobody updates.`;
  if (seconds === null) {
    state.evictionDueAt = null;
    text += ` The pod tolerates the taint for ever (${why}): it is never evicted, and stays bound to the node until the node returns or the pod is deleted.`;
  } else {
    state.evictionDueAt = now + seconds;
    state.clock.schedule(now + seconds, Priority.node, () => evictPod(state));
    text +=
      seconds === 0
        ? ` The pod does not tolerate the taint (${why}): taint eviction deletes it at once.`
        : ` The pod tolerates the taint for ${seconds}s (${why}): taint eviction deletes it at t=${now + seconds} unless the node returns first.`;
  }
  state.notes.push(text, olderDocsNote);
}

/**
 * Taint eviction: the taint eviction controller adds the DisruptionTarget condition (reason
 * DeletionByTaintManager) and deletes the pod with its grace period, with a Normal
 * TaintManagerEviction event (taint_eviction.go addConditionAndDeletePod, emitPodDeletionEvent).
 * The kubelet that would stop the containers is unreachable, so the pod stays Terminating.
 */
function evictPod(state: PodState): void {
  if (state.finished || state.nodeLostAt === null || state.evictionDueAt !== state.clock.now) {
    return;
  }
  const now = state.clock.now;
  const { name, namespace } = state.pod;
  state.evictionDueAt = null;
  state.disruptionTargetAt = now;
  emit(
    state,
    'Normal',
    'TaintManagerEviction',
    'pod',
    `Marking for deletion Pod ${namespace}/${name}`,
    'The pod no longer tolerates the unreachable taint of its node: the taint eviction controller marks it DisruptionTarget and deletes it. Its kubelet cannot stop the containers, so the deletion waits.',
  );
  const finished = state.reportedPhase === 'Succeeded' || state.reportedPhase === 'Failed';
  requestDeletion(state);
  state.notes.push(
    finished
      ? `t=${now}: taint eviction deletes the pod; it had finished, so the API server removes it at once.`
      : `t=${now}: taint eviction sets DisruptionTarget (DeletionByTaintManager) and deletes the pod with its ${state.pod.terminationGracePeriodSeconds}s grace period. The kubelet that would stop its containers is unreachable, so kubectl shows Terminating until the node returns (its kubelet then stops the containers and the pod is removed), the Node object is deleted (the pod garbage collector then deletes pods bound to a node that no longer exists, podgc gcOrphaned), or someone force-deletes the pod (kubectl delete pod --force --grace-period=0). A ReplicaSet replaces an evicted pod at once; a StatefulSet only once the old pod is gone.`,
  );
}

/** The node reports again: the control plane lifts the taint, and the kubelet takes up the pod. */
export function returnNode(state: PodState): void {
  if (state.finished || state.nodeLostAt === null) {
    return;
  }
  const now = state.clock.now;
  const lostFor = now - state.nodeLostAt;
  state.nodeLostAt = null;
  state.nodeNotReadyAt = null;
  if (state.evictionDueAt !== null) {
    // All taints removed: scheduled evictions are cancelled (taint_eviction.go handleNodeUpdate,
    // cancelWorkWithEvent).
    state.evictionDueAt = null;
    emit(
      state,
      'Normal',
      'TaintManagerEviction',
      'pod',
      `Cancelling deletion of Pod ${state.pod.namespace}/${state.pod.name}`,
      'The node reports again and loses its unreachable taint, so the scheduled eviction is cancelled.',
    );
  }
  resumeContainers(state, lostFor);
  let text = `t=${now}: the node reports again after ${lostFor}s. `;
  if (state.deleting) {
    // The kubelet sees the deletion and stops the containers with the pod's grace period.
    abortWorker(state);
    startWorker(state, terminate(state, 'deletion'));
    text +=
      'Its kubelet sees that the pod is being deleted, stops the containers with the grace period, and the pod is removed.';
  } else if (
    state.pod.activeDeadlineSeconds !== null &&
    now >= state.pod.activeDeadlineSeconds &&
    state.terminalPhase === null
  ) {
    text += 'Its kubelet finds the pod past its activeDeadlineSeconds.';
    state.notes.push(text);
    exceedDeadline(state);
    return;
  } else {
    requestSync(state);
    text +=
      'Its kubelet reports the pod again and goes on running it; the simulation resumes the containers as they were when the node stopped reporting.';
  }
  state.notes.push(text);
}

/**
 * The containers as the simulation paused them: each process exits as much later as the node was
 * away, a stop in progress starts over, a postStart hook is taken as done, and probes resume.
 */
function resumeContainers(state: PodState, lostFor: number): void {
  for (const container of state.containers) {
    const run = container.run;
    if (!run?.alive) {
      continue;
    }
    run.stop = null;
    if (!run.reported) {
      run.reported = true;
      setRunning(container, run);
    }
    const exitAfters = container.behaviour.exitAfter;
    const exitAfter = exitAfters[Math.min(run.index, exitAfters.length - 1)] ?? null;
    if (exitAfter !== null) {
      const codes = container.behaviour.exitCodes;
      const code = codes[Math.min(run.index, codes.length - 1)] ?? 0;
      const at = Math.max(state.clock.now, run.startedAt + exitAfter + lostFor);
      state.clock.schedule(at, Priority.process, () => exitContainer(state, container, run, code, 'natural'));
    }
    resumeProbes(state, container, run);
  }
  requestSync(state);
}
