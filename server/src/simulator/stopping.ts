import { setTerminated } from './containerStatus';
import { Priority } from './eventQueue';
import { seconds } from './messages';
import { resumeWorkerIfStopped } from './podWorker';
import {
  emit,
  isFrozen,
  requestSync,
  type Container,
  type PodState,
  type Run,
  type Stop,
  type Sync,
} from './podState';
import { holdLivenessAndStartupProbes } from './prober';
import type { KillCause } from './types';

/**
 * Stopping: how a container's run ends. killPod and killContainer (kuberuntime_container.go) with
 * grace periods, preStop hooks and the sidecar termination order, and the exit of the process,
 * whether by itself, by the stop signal or killed.
 */

/** The smallest stop window the kubelet gives a container (killContainer: minimumGracePeriodInSeconds). */
const minimumGracePeriodSeconds = 2;

export interface KillOptions {
  cause: KillCause;
  message: string;
  grace: number;
  restart: boolean;
  prerequisites: Container[];
}

/**
 * killPod with the sidecar termination ordering (kuberuntime_termination_order.go): app and
 * regular init containers are stopped at once; each sidecar runs its preStop hook at once too,
 * but gets its stop signal only after the app containers and the sidecars after it have stopped.
 */
export function* killPod(state: PodState, cause: KillCause): Sync {
  const grace = state.pod.terminationGracePeriodSeconds;
  const alive = state.containers.filter((container) => container.run?.alive);
  const apps = state.containers.filter(({ spec }) => spec.type === 'app');
  const sidecars = state.containers.filter(({ spec }) => spec.type === 'sidecar');
  for (const container of alive.filter(({ spec }) => spec.type !== 'sidecar')) {
    killContainer(state, container, {
      cause,
      message: `Stopping container ${container.spec.name}`,
      grace,
      restart: false,
      prerequisites: [],
    });
  }
  for (const container of alive.filter(({ spec }) => spec.type === 'sidecar').reverse()) {
    killContainer(state, container, {
      cause,
      message: `Stopping container ${container.spec.name}`,
      grace,
      restart: false,
      prerequisites: [...apps, ...sidecars.filter((other) => other.specIndex > container.specIndex)],
    });
  }
  yield { kind: 'stopped', containers: alive };
  // killPodWithSyncResult stops the sandbox once its containers have stopped (StopPodSandbox):
  // PodReadyToStartContainers becomes False (GeneratePodReadyToStartContainersCondition).
  state.sandboxReady = false;
}

// ---------------------------------------------------------------------------------------------
// Stopping a container: killContainer (kuberuntime_container.go)

/**
 * Emits Killing, runs the preStop hook within the grace period, waits for the container's turn,
 * then sends the stop signal with what is left of the grace period, never less than 2 s: so a
 * preStop hook still running when the grace period ends gets a one-time 2 s extension
 * (pod-lifecycle#pod-termination). A container still running after that is killed (SIGKILL).
 */
export function killContainer(state: PodState, container: Container, options: KillOptions): void {
  const run = container.run;
  if (!run?.alive || run.stop) {
    return;
  }
  holdLivenessAndStartupProbes(run);
  const now = state.clock.now;
  const stop: Stop = {
    cause: options.cause,
    requestedAt: now,
    grace: options.grace,
    prerequisites: options.prerequisites,
    phase: 'preStop',
    hookCut: false,
    graceLeft: options.grace,
    turnStartedAt: now,
    signalAt: null,
    window: null,
  };
  run.stop = stop;
  emit(
    state,
    'Normal',
    'Killing',
    container.spec.name,
    options.message,
    killExplanation(container, options),
    {
      kind: 'kill',
      cause: options.cause,
      gracePeriod: options.grace,
      restart: options.restart,
    },
  );
  if (container.spec.preStop && options.grace > 0) {
    const hookSeconds = container.behaviour.preStop.seconds;
    const ran = Math.min(hookSeconds, options.grace);
    stop.hookCut = hookSeconds > options.grace;
    state.clock.schedule(now + ran, Priority.process, () => {
      if (!run.alive || isFrozen(state)) {
        return;
      }
      if (container.behaviour.preStop.fail && !stop.hookCut) {
        emit(
          state,
          'Warning',
          'FailedPreStopHook',
          container.spec.name,
          'PreStopHook failed',
          'The preStop hook failed; the kubelet sends the stop signal anyway.',
        );
      }
      afterPreStop(state, container, run, options.grace - ran);
    });
  } else {
    afterPreStop(state, container, run, options.grace);
  }
}

function killExplanation(
  container: Container,
  options: { cause: KillCause; grace: number; restart: boolean },
): string {
  const name = container.spec.name;
  const grace = `terminationGracePeriodSeconds ${options.grace}`;
  const hook = container.spec.preStop ? 'runs its preStop hook, then ' : '';
  switch (options.cause) {
    case 'liveness':
    case 'startup': {
      const probe = container.spec.probes[options.cause];
      return `The ${options.cause} probe of ${name} failed ${probe?.failureThreshold ?? 3} times in a row (failureThreshold), so the kubelet ${hook}stops it (${grace})${options.restart ? ' and restarts it' : '; restartPolicy Never: it is not restarted'}.`;
    }
    case 'postStart':
      return `The postStart hook failed: the kubelet ${hook}stops ${name} (${grace}).`;
    case 'deletion':
      return container.spec.type === 'sidecar'
        ? `The pod is being deleted: ${name} ${hook ? 'runs its preStop hook now, and ' : ''}gets its stop signal after the app containers and later sidecars have stopped (${grace}).`
        : `The pod is being deleted: the kubelet ${hook}sends the stop signal (${grace}).`;
    case 'deadline':
      return `The pod exceeded activeDeadlineSeconds: the kubelet ${hook}stops ${name} (${grace}).`;
    case 'podCompleted':
    case 'initFailed':
      return container.spec.type === 'sidecar'
        ? `No app container will run again, so the kubelet stops the sidecars, in reverse order (${grace}).`
        : `The pod has finished: the kubelet stops ${name} (${grace}).`;
  }
}

function afterPreStop(state: PodState, container: Container, run: Run, remaining: number): void {
  const stop = run.stop!;
  stop.graceLeft = remaining;
  if (remaining > 0 && stop.prerequisites.some((other) => other.run?.alive)) {
    stop.phase = 'turn';
    stop.turnStartedAt = state.clock.now;
    state.clock.schedule(state.clock.now + remaining, Priority.process, () =>
      takeTurn(state, container, run),
    );
    return;
  }
  signal(state, container, run, remaining);
}

function takeTurn(state: PodState, container: Container, run: Run): void {
  const stop = run.stop;
  if (!run.alive || !stop || stop.phase !== 'turn' || isFrozen(state)) {
    return;
  }
  // The kubelet counts the time waited in whole seconds, rounded down.
  signal(state, container, run, stop.graceLeft - Math.floor(state.clock.now - stop.turnStartedAt));
}

function signal(state: PodState, container: Container, run: Run, remaining: number): void {
  const stop = run.stop!;
  const now = state.clock.now;
  stop.phase = 'signalled';
  stop.signalAt = now;
  const window = Math.max(remaining, minimumGracePeriodSeconds);
  stop.window = window;
  const { stopSeconds, stopExitCode } = container.behaviour;
  if (stopSeconds <= window) {
    state.clock.schedule(now + stopSeconds, Priority.process, () =>
      exitContainer(state, container, run, stopExitCode, 'signal'),
    );
  } else {
    state.clock.schedule(now + window, Priority.process, () =>
      exitContainer(state, container, run, 137, 'kill'),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The process

/** The container's process exits: by itself (`natural`), after the stop signal, or killed. */
export function exitContainer(
  state: PodState,
  container: Container,
  run: Run,
  exitCode: number,
  how: 'natural' | 'signal' | 'kill',
): void {
  if (!run.alive || isFrozen(state)) {
    return;
  }
  const now = state.clock.now;
  run.alive = false;
  container.run = null;
  container.pulling = false;
  const reason = exitCode === 0 ? 'Completed' : 'Error';
  const stop = run.stop;
  container.lastExit = {
    reason,
    exitCode,
    startedAt: run.startedAt,
    finishedAt: now,
    restartAfterKill: run.restartAfterKill,
  };
  if (how === 'kill' && stop) {
    container.note =
      `Killed (SIGKILL) at t=${now}: it had not stopped ${seconds(stop.window ?? 0)} after the stop signal at t=${stop.signalAt}` +
      (stop.hookCut
        ? `; its preStop hook was still running when the ${seconds(stop.grace)} grace period ended, so the kubelet sent the stop signal with a one-time ${minimumGracePeriodSeconds}s extension.`
        : '.');
  } else if (how === 'signal' && stop) {
    container.note =
      `Stopped by the stop signal (SIGTERM) sent at t=${stop.signalAt}` +
      (stop.hookCut
        ? `; its preStop hook was still running when the ${seconds(stop.grace)} grace period ended, so the kubelet sent the signal then, with a one-time ${minimumGracePeriodSeconds}s extension.`
        : '.');
  } else if (stop) {
    container.note = `Exited by itself at t=${now} while being stopped.`;
  } else {
    container.note = `The process exited at t=${now}, ${seconds(now - run.startedAt)} after it started.`;
  }
  setTerminated(container, { reason, exitCode, startedAt: run.startedAt, finishedAt: now }, run.index);
  requestSync(state);
  // Sidecars waiting for their turn to stop (kuberuntime_termination_order.go).
  for (const other of state.containers) {
    const otherRun = other.run;
    if (otherRun?.stop?.phase === 'turn' && otherRun.stop.prerequisites.every((p) => !p.run?.alive)) {
      takeTurn(state, other, otherRun);
    }
  }
  resumeWorkerIfStopped(state);
}
