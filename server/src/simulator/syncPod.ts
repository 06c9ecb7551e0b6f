import { shouldRestart } from './containerStatus';
import { startWorker } from './podWorker';
import { isFrozen, type Container, type Exit, type PodState, type Sync } from './podState';
import { startEphemeralContainers } from './ephemeralContainers';
import { startContainer } from './startContainer';
import { currentPhase, recordSnapshot } from './statusManager';
import { killContainer, killPod } from './stopping';

/**
 * What one sync of the pod does (kuberuntime_manager.go computePodActions + SyncPod), and the
 * kubelet starting syncs when one is requested. The pod worker (podWorker.ts) runs them.
 */

function kubeletActive(state: PodState): boolean {
  return state.scheduled && !isFrozen(state) && !state.deleting && !state.podIsTerminal;
}

/** After the actions of one instant: syncs the pod while a sync is requested and none is running. */
export function runKubelet(state: PodState): void {
  for (let round = 0; round < 100 && !state.worker && state.syncRequested && kubeletActive(state); round++) {
    state.syncRequested = false;
    startWorker(state, syncPod(state));
    recordSnapshot(state);
  }
}

/**
 * One sync of the pod (kuberuntime_manager.go computePodActions + SyncPod): kill the containers
 * whose probes failed, run the init containers one at a time, then start or restart the app
 * containers; once no app container will run again, stop the sidecars.
 */
function* syncPod(state: PodState): Sync {
  const { pod, containers } = state;
  const phase = currentPhase(state);
  if (phase === 'Succeeded' || phase === 'Failed') {
    if (containers.some((container) => container.run?.alive)) {
      yield* killPod(state, initFailed(state) ? 'initFailed' : 'podCompleted');
    }
    // SyncTerminatingPod's killPod stops the sandbox even when no container is left running.
    state.sandboxReady = false;
    state.podIsTerminal = true;
    return;
  }

  // SyncPod step 3: containers whose liveness or startup probe failed are killed, and restarted
  // unless the policy is Never (sidecars always are). The kill and the restart happen in this one
  // sync, whose pod status was read before the kill (SyncPod: computePodActions puts the container
  // in both ContainersToKill and ContainersToStart): the back-off check of the restart sees the
  // exit before this kill, not this one (doBackOff takes the latest *exited* instance of
  // podStatus).
  const exitsBeforeKill = new Map<Container, Exit | null>();
  for (const container of containers) {
    const run = container.run;
    if (!run?.alive || run.stop || !run.probeFailure) {
      continue;
    }
    const probeType = run.probeFailure;
    const restart = container.spec.type === 'sidecar' || pod.restartPolicy !== 'Never';
    run.restartAfterKill = restart;
    exitsBeforeKill.set(container, container.lastExit);
    killContainer(state, container, {
      cause: probeType,
      message: killMessage(container, probeType, restart),
      grace:
        container.spec.probes[probeType]?.terminationGracePeriodSeconds ?? pod.terminationGracePeriodSeconds,
      restart,
      prerequisites: [],
    });
    yield { kind: 'stopped', containers: [container] };
  }

  // SyncPod step 4: the first sync creates the pod's sandbox (computePodActions: CreateSandbox,
  // as PodSandboxChanged finds none); from then on PodReadyToStartContainers is True
  // (status/generate.go GeneratePodReadyToStartContainersCondition).
  state.sandboxReady = true;

  // SyncPod step 5: ephemeral containers, before the init containers and whether or not the pod
  // is initialized (ephemeralContainers.ts).
  yield* startEphemeralContainers(state);

  // SyncPod step 6: init containers run one at a time, in order; a sidecar lets the next one start
  // once it has started (https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/).
  // Whether the pod is initialized is worked out again at every sync, not kept: with no app
  // container running, a sidecar that is restarting holds back the app containers again.
  state.initialized = podHasInitialized(state);
  if (!state.initialized) {
    for (const container of containers.filter(
      ({ spec }) => spec.type === 'init' || spec.type === 'sidecar',
    )) {
      if (container.spec.type === 'sidecar') {
        if (container.run?.alive) {
          if (container.started) {
            continue;
          }
          return;
        }
        const started = yield* startContainer(state, container, exitsBeforeKill);
        if (started && container.started) {
          continue;
        }
        return;
      }
      if (container.run?.alive) {
        return;
      }
      if (container.state === 'terminated' && container.exitCode === 0) {
        continue;
      }
      if (container.lastExit && !shouldRestart(container, pod.restartPolicy)) {
        return;
      }
      yield* startContainer(state, container, exitsBeforeKill);
      return;
    }
    state.initialized = true;
  }

  // SyncPod step 8, app containers; once none will run again (computePodActions: KillPod), the
  // sidecars are stopped and the pod completes.
  if (appContainersDone(state)) {
    yield* killPod(state, 'podCompleted');
    state.podIsTerminal = true;
    return;
  }
  for (const container of containers) {
    if (container.run?.alive || container.spec.type === 'init' || container.spec.type === 'ephemeral') {
      continue;
    }
    if (
      container.spec.type === 'sidecar' ||
      container.runs === 0 ||
      shouldRestart(container, pod.restartPolicy)
    ) {
      yield* startContainer(state, container, exitsBeforeKill);
    }
  }
}

/** Pod termination for deletion and the deadline: stop everything, then the pod is terminal. */
export function* terminate(state: PodState, cause: 'deletion' | 'deadline'): Sync {
  yield* killPod(state, cause);
  state.podIsTerminal = true;
  if (cause === 'deletion') {
    state.deletedAt = state.clock.now;
    state.finished = true;
  }
}

/**
 * computeInitContainerActions (kuberuntime_container.go) decides at each sync whether the pod is
 * initialized, from the pod status alone: yes when it has no init containers or an app container
 * is running (created or running, not exited); otherwise only when the last init container is:
 * a regular one has exited 0, a sidecar is running and its startup probe, if any, has succeeded.
 * So when every app container has exited while the last sidecar is restarting, the pod is not
 * initialized again, and computePodActions starts no app container until that sidecar has
 * started ("Initialization failed or still in progress. Skip inspecting non-init containers.").
 */
function podHasInitialized(state: PodState): boolean {
  const inits = state.containers.filter(({ spec }) => spec.type === 'init' || spec.type === 'sidecar');
  const last = inits[inits.length - 1];
  if (!last) {
    return true;
  }
  if (state.containers.some(({ spec, run }) => spec.type === 'app' && run?.alive)) {
    return true;
  }
  if (last.spec.type === 'sidecar') {
    return last.run?.alive === true && last.started;
  }
  return last.run === null && last.state === 'terminated' && last.exitCode === 0;
}

/**
 * The Killing event's message: computePodActions words an app container's ("Container app failed
 * liveness probe, will be restarted"), computeInitContainerActions a sidecar's ("Init container
 * proxy failed liveness probe", without the suffix: a sidecar is always restarted) —
 * kuberuntime_manager.go and kuberuntime_container.go.
 */
function killMessage(container: Container, probeType: 'liveness' | 'startup', restart: boolean): string {
  const name = container.spec.name;
  if (container.spec.type === 'sidecar') {
    return `Init container ${name} failed ${probeType} probe`;
  }
  return `Container ${name} failed ${probeType} probe${restart ? ', will be restarted' : ''}`;
}

function initFailed(state: PodState): boolean {
  return state.containers.some(
    (container) =>
      container.spec.type === 'init' && container.lastExit !== null && container.lastExit.exitCode !== 0,
  );
}

function appContainersDone(state: PodState): boolean {
  return state.containers
    .filter(({ spec }) => spec.type === 'app')
    .every(
      (container) =>
        container.runs > 0 && !container.run?.alive && !shouldRestart(container, state.pod.restartPolicy),
    );
}
