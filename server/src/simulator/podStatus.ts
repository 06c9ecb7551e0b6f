import type { ContainerSnapshot, PodPhase, RestartPolicy } from './types';

/**
 * The pod-level values the kubelet and kubectl derive from the container statuses, ported from
 * their Go sources so that the simulator agrees with a real cluster:
 * - the phase: kubelet `getPhase` (pkg/kubelet/kubelet_pods.go);
 * - the conditions: kubelet `GeneratePodInitializedCondition`, `GenerateContainersReadyCondition`
 *   and `GeneratePodReadyCondition` (pkg/kubelet/status/generate.go);
 * - the READY, STATUS and RESTARTS columns: kubectl `printPod`
 *   (pkg/printers/internalversion/printers.go).
 */

/**
 * kubecontainer.HasAnyRegularContainerStarted (pkg/kubelet/container/helpers.go): an app container
 * whose current state is Running or Terminated. One waiting to restart (CrashLoopBackOff) does
 * not count, even with a lastState.
 */
export function hasAnyRegularContainerStarted(containers: readonly ContainerSnapshot[]): boolean {
  return containers.some(
    (container) =>
      container.type === 'app' && (container.state === 'running' || container.state === 'terminated'),
  );
}

/**
 * kubelet getPhase. `podIsTerminal` is true once the kubelet has decided that nothing in the pod
 * will run again (deletion, deadline), so that stopped containers make the pod Succeeded or Failed
 * whatever the restart policy.
 */
export function getPhase(
  restartPolicy: RestartPolicy,
  containers: readonly ContainerSnapshot[],
  podIsTerminal: boolean,
): PodPhase {
  let pendingRestartableInit = 0;
  let pendingRegularInit = 0;
  let failedInitialization = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const container of containers) {
    if (container.type === 'ephemeral') {
      // getPhase reads spec.initContainers and spec.containers only.
      continue;
    }
    if (container.type === 'init') {
      if (container.state === 'running') {
        pendingRegularInit++;
      } else if (container.state === 'terminated') {
        if (container.exitCode !== 0) {
          failedInitialization++;
        }
      } else if (container.lastState !== null) {
        if (container.lastState.exitCode !== 0) {
          failedInitialization++;
        }
      } else {
        pendingRegularInit++;
      }
    } else if (container.type === 'sidecar') {
      if (container.state === 'running') {
        if (!container.started) {
          pendingRestartableInit++;
        }
        running++;
      } else if (container.state === 'waiting' && container.lastState === null) {
        pendingRestartableInit++;
        waiting++;
      }
      // Terminated sidecars do not count towards the pod's phase.
    } else if (container.state === 'running') {
      running++;
    } else if (container.state === 'terminated') {
      stopped++;
      if (container.exitCode === 0) {
        succeeded++;
      }
    } else if (container.lastState !== null) {
      stopped++;
    } else {
      waiting++;
    }
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') {
    return 'Failed';
  }
  if (
    pendingRegularInit > 0 ||
    (pendingRestartableInit > 0 && !hasAnyRegularContainerStarted(containers)) ||
    waiting > 0
  ) {
    return 'Pending';
  }
  if (running > 0) {
    return 'Running';
  }
  if (stopped > 0) {
    if (podIsTerminal) {
      return stopped === succeeded ? 'Succeeded' : 'Failed';
    }
    if (restartPolicy === 'Always') {
      // All containers are in the process of restarting.
      return 'Running';
    }
    if (stopped === succeeded) {
      return 'Succeeded';
    }
    return restartPolicy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

export interface ConditionCore {
  status: boolean;
  reason: string | null;
  message: string | null;
}

/** GeneratePodInitializedCondition. */
export function initializedCondition(
  containers: readonly ContainerSnapshot[],
  phase: PodPhase,
): ConditionCore {
  // A Succeeded pod's is PodCompleted, with or without init containers (every init container
  // status is known once the pod has succeeded).
  if (phase === 'Succeeded') {
    return { status: true, reason: 'PodCompleted', message: null };
  }
  const inits = containers.filter((container) => container.type === 'init' || container.type === 'sidecar');
  if (inits.length === 0) {
    return { status: true, reason: null, message: null };
  }
  if (hasAnyRegularContainerStarted(containers)) {
    return { status: true, reason: null, message: null };
  }
  const incomplete = inits
    .filter((container) =>
      container.type === 'sidecar'
        ? !container.started
        : container.state !== 'terminated' || container.exitCode !== 0,
    )
    .map((container) => container.name);
  if (incomplete.length === 0) {
    return { status: true, reason: null, message: null };
  }
  return {
    status: false,
    reason: 'ContainersNotInitialized',
    message: `containers with incomplete status: [${incomplete.join(' ')}]`,
  };
}

/** GenerateContainersReadyCondition; Ready is the same while readiness gates are not simulated. */
export function containersReadyCondition(
  containers: readonly ContainerSnapshot[],
  phase: PodPhase,
): ConditionCore {
  if (phase === 'Succeeded') {
    return { status: false, reason: 'PodCompleted', message: null };
  }
  if (phase === 'Failed') {
    return { status: false, reason: 'PodFailed', message: null };
  }
  const unready = containers
    .filter((container) => (container.type === 'app' || container.type === 'sidecar') && !container.ready)
    .map((container) => container.name);
  if (unready.length > 0) {
    return {
      status: false,
      reason: 'ContainersNotReady',
      message: `containers with unready status: [${unready.join(' ')}]`,
    };
  }
  return { status: true, reason: null, message: null };
}

export interface PrintedColumns {
  ready: string;
  status: string;
  restarts: number;
  lastRestartAt: number | null;
}

/** kubectl printPod: the READY, STATUS and RESTARTS columns of `kubectl get pod`. */
export function printPod(
  containers: readonly ContainerSnapshot[],
  pod: {
    phase: PodPhase;
    reason: string | null;
    deleting: boolean;
    ready: boolean;
    initialized: boolean;
    schedulingGated: boolean;
  },
): PrintedColumns {
  // Before the kubelet reports, the API has no container statuses: kubectl's loops see nothing.
  const reported = containers.filter(
    (container) => container.state !== 'waiting' || container.reason !== null,
  );
  // kubectl reads spec.initContainers and spec.containers; ephemeral containers are not counted.
  const inits = reported.filter((container) => container.type === 'init' || container.type === 'sidecar');
  const apps = reported.filter((container) => container.type === 'app');
  const initCount = containers.filter(
    (container) => container.type === 'init' || container.type === 'sidecar',
  ).length;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let readyContainers = 0;
  let lastRestartAt: number | null = null;
  let lastRestartableInitRestartAt: number | null = null;
  const totalContainers = containers.filter(
    (container) => container.type === 'app' || container.type === 'sidecar',
  ).length;
  let reason: string = pod.reason ?? pod.phase;
  if (pod.schedulingGated) {
    reason = 'SchedulingGated';
  }
  const later = (a: number | null, b: number | undefined): number | null =>
    b !== undefined && (a === null || b > a) ? b : a;

  let initializing = false;
  for (const [index, container] of inits.entries()) {
    restarts += container.restartCount;
    lastRestartAt = later(lastRestartAt, container.lastState?.finishedAt);
    if (container.type === 'sidecar') {
      restartableInitRestarts += container.restartCount;
      lastRestartableInitRestartAt = later(lastRestartableInitRestartAt, container.lastState?.finishedAt);
    }
    if (container.state === 'terminated' && container.exitCode === 0) {
      continue;
    }
    if (container.type === 'sidecar' && container.started) {
      if (container.ready) {
        readyContainers++;
      }
      continue;
    }
    if (container.state === 'terminated') {
      reason = container.reason ? `Init:${container.reason}` : `Init:ExitCode:${container.exitCode ?? 0}`;
    } else if (container.state === 'waiting' && container.reason && container.reason !== 'PodInitializing') {
      reason = `Init:${container.reason}`;
    } else {
      reason = `Init:${index}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || pod.initialized) {
    restarts = restartableInitRestarts;
    lastRestartAt = lastRestartableInitRestartAt;
    let hasRunning = false;
    for (let index = apps.length - 1; index >= 0; index--) {
      const container = apps[index]!;
      restarts += container.restartCount;
      lastRestartAt = later(lastRestartAt, container.lastState?.finishedAt);
      if (container.state === 'waiting' && container.reason) {
        reason = container.reason;
      } else if (container.state === 'terminated' && container.reason) {
        reason = container.reason;
      } else if (container.state === 'terminated') {
        reason = `ExitCode:${container.exitCode ?? 0}`;
      } else if (container.ready && container.state === 'running') {
        hasRunning = true;
        readyContainers++;
      }
    }
    // Back to "Running" if at least one container is still running.
    if (reason === 'Completed' && hasRunning) {
      reason = pod.ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.deleting && pod.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (pod.deleting && pod.phase !== 'Succeeded' && pod.phase !== 'Failed') {
    reason = 'Terminating';
  }
  return {
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts,
    lastRestartAt: restarts > 0 ? lastRestartAt : null,
  };
}
