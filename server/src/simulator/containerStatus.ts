import type { Container, Run } from './podState';
import type { RestartPolicy, TerminatedState } from './types';

/**
 * A container's status as the kubelet reports it (the API's containerStatuses), and the restart
 * policy that decides what happens after an exit. Every part that changes a container's state
 * goes through these, so that `started` and `ready` always follow.
 */

export function setWaiting(container: Container, reason: string): void {
  enterState(container, 'waiting', reason, null);
  refreshReadiness(container);
}

export function setRunning(container: Container, run: Run): void {
  enterState(container, 'running', null, null);
  container.restartCount = run.index;
  container.note = null;
  refreshReadiness(container);
}

export function setTerminated(container: Container, terminated: TerminatedState, runIndex: number): void {
  enterState(container, 'terminated', terminated.reason, terminated);
  container.restartCount = runIndex;
  refreshReadiness(container);
}

/**
 * The state a container enters, with its reason and, for a termination, how it ended; a
 * termination it leaves is kept as its lastState (the API's lastTerminationState).
 */
function enterState(
  container: Container,
  state: Container['state'],
  reason: string | null,
  terminated: TerminatedState | null,
): void {
  if (container.state === 'terminated') {
    container.lastState = container.terminated;
  }
  container.state = state;
  container.reason = reason;
  container.exitCode = terminated ? terminated.exitCode : null;
  container.terminated = terminated;
}

/** prober_manager.go UpdatePodStatus: `started` needs the startup probe, `ready` the readiness probe. */
export function refreshReadiness(container: Container): void {
  const run = container.run;
  if (container.spec.type === 'ephemeral') {
    // prober_manager.go UpdatePodStatus sets neither for ephemeral container statuses.
    container.started = false;
    container.ready = false;
    return;
  }
  if (container.spec.type === 'init') {
    // A regular init container is ready once it has completed.
    container.started = container.state === 'running';
    container.ready = container.state === 'terminated' && container.exitCode === 0;
    return;
  }
  const running = container.state === 'running' && run !== null && run.reported;
  container.started = running && (!container.spec.probes.startup || run.probes.startup?.result === 'success');
  container.ready =
    container.started && (!container.spec.probes.readiness || run?.probes.readiness?.result === 'success');
}

/**
 * Restart policy (pod-lifecycle#restart-policy): Always restarts every exit, OnFailure a non-zero
 * exit, Never nothing. Sidecars restart whatever the policy; regular init containers of an
 * Always pod restart as if the policy were OnFailure (init-containers). A container killed by
 * its liveness or startup probe restarts unless the policy is Never (computePodActions).
 */
export function shouldRestart(container: Container, restartPolicy: RestartPolicy): boolean {
  const exit = container.lastExit;
  // Ephemeral containers are never restarted (computePodActions).
  if (!exit || container.run?.alive || container.spec.type === 'ephemeral') {
    return false;
  }
  if (exit.restartAfterKill || container.spec.type === 'sidecar') {
    return true;
  }
  const policy = container.spec.type === 'init' && restartPolicy === 'Always' ? 'OnFailure' : restartPolicy;
  return policy === 'Always' || (policy === 'OnFailure' && exit.exitCode !== 0);
}
