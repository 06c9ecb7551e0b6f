import { Priority } from './eventQueue';
import { isFrozen, type PodState, type Sync } from './podState';

/**
 * The kubelet's pod worker (pkg/kubelet/pod_workers.go): one sync of a pod at a time. A sync is a
 * generator that yields where SyncPod blocks (pulling an image, running a postStart hook, waiting
 * for containers to stop); this module resumes it when the wait is over. What a sync does is in
 * syncPod.ts.
 */

/** Starts `sync` as the pod's one running sync, and runs it until it first blocks. */
export function startWorker(state: PodState, sync: Sync): void {
  state.worker = { sync, waitingFor: null };
  resumeWorker(state);
}

/** Drops the running sync, wherever it is blocked (deletion, the deadline, a lost node). */
export function abortWorker(state: PodState): void {
  state.worker = null;
  for (const container of state.containers) {
    container.pulling = false;
  }
}

function resumeWorker(state: PodState): void {
  const worker = state.worker;
  while (worker && state.worker === worker) {
    const step = worker.sync.next();
    if (state.worker !== worker) {
      return;
    }
    if (step.done) {
      state.worker = null;
      return;
    }
    const wait = step.value;
    if (wait.kind === 'seconds') {
      if (wait.seconds > 0) {
        state.clock.schedule(state.clock.now + wait.seconds, Priority.process, () => {
          if (state.worker === worker && !isFrozen(state)) {
            resumeWorker(state);
          }
        });
        return;
      }
    } else if (wait.containers.some((container) => container.run?.alive)) {
      worker.waitingFor = wait.containers;
      return;
    }
  }
}

/** After a container stopped: resumes the sync if it was waiting for containers that have all stopped. */
export function resumeWorkerIfStopped(state: PodState): void {
  const worker = state.worker;
  if (worker?.waitingFor && worker.waitingFor.every((other) => !other.run?.alive)) {
    worker.waitingFor = null;
    resumeWorker(state);
  }
}
