import { refreshReadiness } from './containerStatus';
import { Priority } from './eventQueue';
import { probeFailureOutput, probeTimeoutOutput, probeTitle, seconds } from './messages';
import {
  emit,
  isFrozen,
  requestSync,
  type Container,
  type PodState,
  type ProbeWorker,
  type Run,
} from './podState';
import type { FailWindow, NormalizedProbe, ProbeType } from './types';

/**
 * The prober (pkg/kubelet/prober): one worker per probe of a running container. Results change
 * the container's `started` and `ready`; a failed liveness or startup probe asks the pod worker
 * to kill the container, which syncPod.ts does.
 */

const initialProbeResult: Record<ProbeType, ProbeWorker['result']> = {
  // prober/worker.go newWorker: readiness starts as Failure, liveness as Success, startup Unknown.
  readiness: 'failure',
  liveness: 'success',
  startup: 'unknown',
};

/** Starts a worker for each probe of a container that has just started. */
export function startProbes(state: PodState, container: Container, run: Run): void {
  for (const probeType of ['startup', 'liveness', 'readiness'] as const) {
    const probe = container.spec.probes[probeType];
    if (!probe) {
      continue;
    }
    run.probes[probeType] = {
      result: initialProbeResult[probeType],
      last: null,
      runLength: 0,
      onHold: false,
      consecutiveFailures: 0,
      failingSince: null,
      everSucceeded: false,
    };
    // Probes start initialDelaySeconds after the container starts, then repeat every period.
    state.clock.schedule(state.clock.now + probe.initialDelaySeconds, Priority.probe[probeType], () =>
      probeOnce(state, container, run, probeType),
    );
  }
}

/**
 * After the node comes back: each probe worker of a running container probes again at once, with
 * the results it had (the simulation paused them while the node was unreachable).
 */
export function resumeProbes(state: PodState, container: Container, run: Run): void {
  for (const probeType of ['startup', 'liveness', 'readiness'] as const) {
    if (run.probes[probeType] && container.spec.probes[probeType]) {
      state.clock.schedule(state.clock.now, Priority.probe[probeType], () =>
        probeOnce(state, container, run, probeType),
      );
    }
  }
}

/** A container being stopped is no longer probed for liveness or startup; readiness goes on. */
export function holdLivenessAndStartupProbes(run: Run): void {
  for (const probeType of ['liveness', 'startup'] as const) {
    const worker = run.probes[probeType];
    if (worker) {
      worker.onHold = true;
    }
  }
}

/**
 * One probe (prober/worker.go doProbe). Every failure records an Unhealthy event; the result the
 * kubelet acts on changes after failureThreshold failures or successThreshold successes in a
 * row. Liveness and readiness wait for the startup probe; liveness and startup stop when the pod
 * is being deleted, readiness keeps going.
 *
 * A probe runs synchronously in its worker (prober.go runProbe, with a timeout of timeoutSeconds):
 * its result comes when the app answers or when the timeout cuts it short. The next probe is on
 * the worker's ticker, one period after this one started; a probe that took a period or longer
 * runs the next one as soon as it ends (Go's ticker keeps one missed tick).
 */
function probeOnce(state: PodState, container: Container, run: Run, probeType: ProbeType): void {
  const worker = run.probes[probeType];
  const probe = container.spec.probes[probeType];
  if (!run.alive || isFrozen(state) || !worker || !probe || worker.onHold) {
    return;
  }
  if (state.deleting && probeType !== 'readiness') {
    return;
  }
  const startedAt = state.clock.now;
  const again = (): void =>
    state.clock.schedule(
      Math.max(startedAt + probe.periodSeconds, state.clock.now),
      Priority.probe[probeType],
      () => probeOnce(state, container, run, probeType),
    );
  if (!run.reported) {
    again();
    return;
  }
  if (probeType === 'startup' ? container.started : !container.started) {
    // A started container needs no startup probe; the others wait until it has started.
    if (probeType !== 'startup') {
      again();
    }
    return;
  }
  const sinceStart = startedAt - run.startedAt;
  const answer = probeAnswer(container, probe, probeType, sinceStart);
  if (answer.seconds === 0) {
    probeResult(state, container, run, probeType, answer, sinceStart, again);
    return;
  }
  state.clock.schedule(startedAt + answer.seconds, Priority.probe[probeType], () => {
    // A probe of a container that has stopped meanwhile errors, and its result is thrown away.
    if (run.alive && !isFrozen(state) && !worker.onHold) {
      probeResult(state, container, run, probeType, answer, sinceStart, again);
    }
  });
}

interface ProbeAnswer {
  ok: boolean;
  /** Seconds from the probe's start to its result: the answer's, or the timeout's. */
  seconds: number;
  output: string;
  /** Why it failed, for the event's explanation. */
  cause: 'notUp' | 'fails' | 'timeout' | null;
}

/** What the app answers a probe `sinceStart` seconds after the container started (the scenario). */
function probeAnswer(
  container: Container,
  probe: NormalizedProbe,
  probeType: ProbeType,
  sinceStart: number,
): ProbeAnswer {
  const behaviour = container.behaviour;
  if (sinceStart < behaviour.startSeconds) {
    return {
      ok: false,
      seconds: 0,
      output: probeFailureOutput(probe.handler, false, probe.timeoutSeconds),
      cause: 'notUp',
    };
  }
  const windows = behaviour.probes[probeType].filter((candidate) => inWindow(candidate, sinceStart));
  if (windows.length === 0) {
    return { ok: true, seconds: 0, output: '', cause: null };
  }
  // A window that fails outright wins over slow ones; of slow ones, the slowest answer counts.
  const responseSeconds = windows.some((window) => window.responseSeconds === undefined)
    ? undefined
    : Math.max(...windows.map((window) => window.responseSeconds ?? 0));
  if (responseSeconds === undefined) {
    return {
      ok: false,
      seconds: 0,
      output: probeFailureOutput(probe.handler, true, probe.timeoutSeconds),
      cause: 'fails',
    };
  }
  if (probe.handler.kind === 'tcpSocket') {
    // A tcpSocket probe only opens a connection (pkg/probe/tcp DoTCPProbe), which the kernel
    // accepts however slowly the app answers its requests: a slow app passes it at once.
    return { ok: true, seconds: 0, output: '', cause: null };
  }
  if (responseSeconds >= probe.timeoutSeconds) {
    return {
      ok: false,
      seconds: probe.timeoutSeconds,
      output: probeTimeoutOutput(probe.handler, probe.timeoutSeconds),
      cause: 'timeout',
    };
  }
  return { ok: true, seconds: responseSeconds, output: '', cause: null };
}

/** The probe's result, when it comes: counted towards the thresholds, then the next probe. */
function probeResult(
  state: PodState,
  container: Container,
  run: Run,
  probeType: ProbeType,
  answer: ProbeAnswer,
  sinceStart: number,
  again: () => void,
): void {
  const worker = run.probes[probeType]!;
  const probe = container.spec.probes[probeType]!;
  const now = state.clock.now;
  const ok = answer.ok;
  const outcome = ok ? 'success' : 'failure';
  if (ok) {
    worker.consecutiveFailures = 0;
    worker.failingSince = null;
  } else {
    worker.consecutiveFailures++;
    worker.failingSince ??= now;
  }
  if (worker.last === outcome) {
    worker.runLength++;
  } else {
    worker.last = outcome;
    worker.runLength = 1;
  }
  if (!ok) {
    const consequence = {
      liveness: 'the kubelet restarts the container',
      startup: 'the kubelet kills the container',
      readiness: 'the container is marked not ready',
    }[probeType];
    const why =
      answer.cause === 'notUp'
        ? ` The app is not answering yet (it takes ${seconds(container.behaviour.startSeconds)} to start).`
        : answer.cause === 'timeout'
          ? ` The app took ${seconds(answer.seconds)} or more to answer, and timeoutSeconds is ${probe.timeoutSeconds}: the kubelet gave up at the timeout, and a probe that times out fails.`
          : '';
    emit(
      state,
      'Warning',
      'Unhealthy',
      container.spec.name,
      `${probeTitle(probeType)} probe failed: ${answer.output}`,
      `${probeTitle(probeType)} probe failure ${worker.consecutiveFailures} of ${probe.failureThreshold}: after ${probe.failureThreshold} in a row ${consequence}.${why}`,
      {
        kind: 'probe',
        probe: probeType,
        consecutiveFailures: worker.consecutiveFailures,
        failureThreshold: probe.failureThreshold,
        sinceStart,
      },
    );
  }
  const threshold = ok ? probe.successThreshold : probe.failureThreshold;
  if (worker.runLength >= threshold) {
    if (ok) {
      worker.everSucceeded = true;
    }
    if (worker.result !== outcome) {
      worker.result = outcome;
      onProbeResult(state, container, run, probeType, outcome);
    }
    if (!ok && probeType !== 'readiness') {
      worker.onHold = true;
      return;
    }
  }
  again();
}

function onProbeResult(
  state: PodState,
  container: Container,
  run: Run,
  probeType: ProbeType,
  outcome: 'success' | 'failure',
): void {
  if (probeType === 'readiness' || (probeType === 'startup' && outcome === 'success')) {
    refreshReadiness(container);
    requestSync(state);
    return;
  }
  if (outcome === 'failure') {
    run.probeFailure = probeType === 'liveness' ? 'liveness' : 'startup';
    requestSync(state);
  }
}

function inWindow(window: FailWindow, sinceStart: number): boolean {
  return sinceStart >= (window.failFrom ?? 0) && sinceStart < (window.failUntil ?? Number.POSITIVE_INFINITY);
}
