import { startContainer } from './startContainer';
import { requestSync, type Container, type PodState, type Sync } from './podState';

/**
 * Ephemeral containers (KEP-277): debugging containers that `kubectl debug` adds to a running pod
 * through the ephemeralcontainers subresource (the API server refuses them at creation). The
 * scenario says when each is added (addedAt). The kubelet starts one in the next sync, before the
 * init containers and whether or not the pod is initialized ("Ephemeral containers may be started
 * even if initialization is not yet complete"), and never restarts it: computePodActions lists it
 * to start only while the runtime has no status for it (kuberuntime_manager.go, SyncPod step 5).
 * It has no probes, hooks or ports (validation.go validateEphemeralContainers), and counts in
 * neither the phase, the conditions nor kubectl's READY and RESTARTS columns.
 */

/** The API server adds the ephemeral container to the pod's spec; the kubelet's next sync starts it. */
export function addEphemeralContainer(state: PodState, container: Container): void {
  if (state.finished || container.added) {
    return;
  }
  container.added = true;
  if (state.scheduled) {
    // convertToAPIContainerStatuses: a container without a status waits, as PodInitializing in a
    // pod with init containers, else ContainerCreating.
    container.reason = state.pod.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  }
  requestSync(state);
}

/** SyncPod step 5: start each added ephemeral container that has never run; a failed start is retried next sync. */
export function* startEphemeralContainers(state: PodState): Sync {
  for (const container of state.containers) {
    if (container.spec.type === 'ephemeral' && container.added && container.runs === 0 && !container.run) {
      yield* startContainer(state, container);
    }
  }
}
