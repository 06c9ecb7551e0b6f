import { shouldRestart } from './containerStatus';
import type { Container, PodState } from './podState';
import type { ConditionType, ContainerSnapshot, PodPhase, ProbeType } from './types';

/**
 * Explanations: why each container is in its state and why each pod condition has its value, in
 * a sentence, for the snapshots (statusManager.ts). They read the state and never change it.
 */

export function containerExplanation(state: PodState, container: Container): string {
  const text = kubeletContainerExplanation(state, container);
  return state.nodeLostAt === null
    ? text
    : `${text} (As the kubelet last reported it: the node stopped reporting at t=${state.nodeLostAt}.)`;
}

function kubeletContainerExplanation(state: PodState, container: Container): string {
  const run = container.run;
  const ephemeral = container.spec.type === 'ephemeral';
  if (ephemeral && !container.added) {
    return `Not in the pod yet: kubectl debug adds this ephemeral container at t=${container.behaviour.addedAt}.`;
  }
  if (run?.alive && !run.reported) {
    return `Started at t=${run.startedAt}; its postStart hook is running, and the kubelet reports it running once the hook completes.`;
  }
  if (container.state === 'waiting') {
    if (container.reason === null) {
      return state.gated
        ? 'The pod is held by its scheduling gates.'
        : 'The pod has not been scheduled to a node yet.';
    }
    if (container.pulling) {
      return `Pulling image "${container.spec.image}".`;
    }
    if (container.reason !== 'ContainerCreating' && container.reason !== 'PodInitializing') {
      return container.note ?? `Waiting (${container.reason}).`;
    }
    if (state.deleting || state.podIsTerminal) {
      return 'Never started: the pod ended first.';
    }
    if (ephemeral) {
      return 'Waiting for the kubelet to start it: an ephemeral container starts at the next sync, even before the pod is initialized.';
    }
    if (container.spec.type === 'app' && !state.initialized) {
      return 'Waits for the init containers to complete.';
    }
    const before = state.containers
      .slice(0, container.specIndex)
      .find((other) =>
        other.spec.type === 'sidecar'
          ? !other.started
          : other.spec.type === 'init' && !(other.state === 'terminated' && other.exitCode === 0),
      );
    if (container.spec.type !== 'app' && before) {
      return before.spec.type === 'sidecar'
        ? `Waits for sidecar ${before.spec.name} to start.`
        : `Waits for init container ${before.spec.name} to complete.`;
    }
    return 'Waiting for the kubelet to start it.';
  }
  if (container.state === 'terminated') {
    const exit = container.note ?? '';
    const code = `Exited with code ${container.exitCode ?? 0} (${container.reason ?? 'Error'}).`;
    let next: string;
    if (state.deleting || state.podIsTerminal || state.terminalPhase !== null) {
      next = '';
    } else if (ephemeral) {
      next = 'Not restarted: the kubelet never restarts an ephemeral container.';
    } else if (container.spec.type === 'init' && container.exitCode === 0) {
      next = 'The init container completed.';
    } else if (shouldRestart(container, state.pod.restartPolicy)) {
      const restarting =
        container.spec.type === 'app' && !state.initialized ? lastSidecarRestarting(state) : null;
      next = restarting
        ? `The kubelet restarts it once sidecar ${restarting.spec.name} has started again: with no app container running, the pod counts as not initialized while its last init container, a sidecar, is restarting.`
        : 'The kubelet restarts it.';
    } else if (state.pod.restartPolicy === 'Never') {
      next = 'Not restarted: restartPolicy is Never.';
    } else {
      next = 'Not restarted: restartPolicy OnFailure restarts only a non-zero exit.';
    }
    return [code, exit, next].filter((part) => part !== '').join(' ');
  }
  // Running.
  let text = `Running since t=${run?.startedAt ?? state.clock.now}`;
  const stop = run?.stop;
  if (stop) {
    text += `; being stopped since t=${stop.requestedAt} (${stop.cause})`;
    if (stop.phase === 'preStop') {
      text += ', its preStop hook is running';
    } else if (stop.phase === 'turn') {
      text += ', waiting for the app containers and later sidecars to stop first';
    } else if (stop.signalAt !== null) {
      text += `, stop signal sent at t=${stop.signalAt}, killed at t=${stop.signalAt + (stop.window ?? 0)} if still running`;
    }
  }
  if (container.spec.type === 'init' || ephemeral) {
    return `${text}.`;
  }
  return container.ready ? `${text}; ready.` : `${text}; not ready: ${unreadyReason(container, false)}.`;
}

/** The pod's last init container when it is a sidecar that has not (re)started, which holds back the app containers. */
function lastSidecarRestarting(state: PodState): Container | null {
  const inits = state.containers.filter(({ spec }) => spec.type === 'init' || spec.type === 'sidecar');
  const last = inits[inits.length - 1];
  return last?.spec.type === 'sidecar' && !(last.run?.alive && last.started) ? last : null;
}

/** Why a sidecar or app container is not ready; `withName` for the pod's conditions. */
function unreadyReason(container: Container, withName = true): string {
  const subject = withName ? `${container.spec.name} ` : '';
  const probeOf = (probe: ProbeType): string =>
    withName ? `the ${probe} probe of ${container.spec.name}` : `its ${probe} probe`;
  if (container.state === 'waiting') {
    return container.reason === null
      ? `${subject}has not been created yet`
      : `${subject}is waiting (${container.reason})`;
  }
  if (container.state === 'terminated') {
    return `${subject}has terminated (${container.reason}, exit code ${container.exitCode})`;
  }
  const run = container.run;
  if (!container.started) {
    return run && !run.reported
      ? `${subject}is running its postStart hook`
      : `${probeOf('startup')} has not succeeded yet`;
  }
  const readiness = run?.probes.readiness;
  if (!readiness) {
    return `${subject}is not ready`;
  }
  if (readiness.everSucceeded && readiness.failingSince !== null) {
    return `${probeOf('readiness')} has failed since t=${readiness.failingSince}`;
  }
  if (readiness.failingSince !== null) {
    return `${probeOf('readiness')} has not succeeded yet (failing since t=${readiness.failingSince})`;
  }
  return `${probeOf('readiness')} has not succeeded yet`;
}

export function conditionExplanation(
  state: PodState,
  type: ConditionType,
  status: string,
  containers: ContainerSnapshot[],
  phase: PodPhase,
): string {
  if (type === 'Ready' && state.nodeNotReadyAt !== null) {
    return `the node stopped reporting at t=${state.nodeLostAt}, and ${state.nodeNotReadyAt - (state.nodeLostAt ?? 0)}s later (node-monitor-grace-period) the node lifecycle controller set Ready to False; the other conditions and the containers keep what the kubelet last reported.`;
  }
  const text = kubeletConditionExplanation(state, type, status, containers, phase);
  return state.nodeLostAt === null
    ? text
    : `${text.slice(0, -1)} (as the kubelet last reported: the node stopped reporting at t=${state.nodeLostAt}).`;
}

function kubeletConditionExplanation(
  state: PodState,
  type: ConditionType,
  status: string,
  containers: ContainerSnapshot[],
  phase: PodPhase,
): string {
  switch (type) {
    case 'PodScheduled':
      if (state.gated) {
        return `scheduling gates hold the pod (${state.pod.schedulingGates.join(', ')}).`;
      }
      return status === 'True'
        ? `the pod is bound to ${state.pod.nodeName}.`
        : 'the pod has not been scheduled yet.';
    case 'PodReadyToStartContainers':
      // status/generate.go GeneratePodReadyToStartContainersCondition: True while a ready sandbox
      // exists (PodSandboxChanged finds no new one needed).
      if (status === 'True') {
        return "the kubelet has created the pod's sandbox (its network namespace and IP address), so containers can start.";
      }
      return state.podIsTerminal || state.deleting || state.terminalPhase !== null
        ? "the kubelet stopped the pod's sandbox once its containers had stopped."
        : "the kubelet has not created the pod's sandbox yet.";
    case 'Initialized': {
      const inits = state.containers.filter(({ spec }) => spec.type === 'init' || spec.type === 'sidecar');
      if (inits.length === 0) {
        return 'the pod has no init containers.';
      }
      if (status === 'True') {
        return inits.some(({ spec }) => spec.type === 'sidecar')
          ? 'the init containers have completed and the sidecars have started.'
          : 'every init container has completed.';
      }
      const pending = inits
        .filter((container) =>
          container.spec.type === 'sidecar'
            ? !container.started
            : !(container.state === 'terminated' && container.exitCode === 0),
        )
        .map((container) => `${container.spec.name} (${initProgress(container)})`);
      return `waiting for ${pending.join(', ')}.`;
    }
    case 'ContainersReady':
    case 'Ready': {
      if (phase === 'Succeeded') {
        return 'the pod has completed.';
      }
      if (phase === 'Failed') {
        return 'the pod has failed.';
      }
      if (status === 'True') {
        return containers.some(({ type: containerType }) => containerType === 'sidecar')
          ? 'every app container and sidecar is ready.'
          : 'every container is ready.';
      }
      const reasons = state.containers
        .filter(
          (container) =>
            (container.spec.type === 'app' || container.spec.type === 'sidecar') && !container.ready,
        )
        .map((container) => unreadyReason(container));
      return `${reasons.join('; ')}.`;
    }
  }
}

function initProgress(container: Container): string {
  if (container.run?.alive) {
    return container.spec.type === 'sidecar' ? 'started, waiting for its startup probe' : 'running';
  }
  if (container.state === 'waiting') {
    return container.reason === null || container.reason === 'PodInitializing'
      ? 'not started'
      : container.reason;
  }
  return `${container.reason ?? 'terminated'}, exit code ${container.exitCode}`;
}
