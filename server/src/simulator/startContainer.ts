import { backOffExpirySeconds, maxBackOffSeconds, restartJitterNote } from './backOff';
import { setRunning, setWaiting } from './containerStatus';
import { Priority } from './eventQueue';
import { ensureImage } from './imageManager';
import { ordinal, podReference, seconds } from './messages';
import { emit, requestSync, type Container, type Exit, type PodState, type Run, type Wait } from './podState';
import { startProbes } from './prober';
import { exitContainer, killContainer } from './stopping';

/**
 * Starting a container, a step of the pod worker's sync: the container restart back-off
 * (CrashLoopBackOff), the image, the start itself with its probes, and the postStart hook.
 */

/**
 * startContainer with its back-off check (kuberuntime_manager.go doBackOff, then
 * kuberuntime_container.go startContainer): pull the image, create and start the container, run
 * its postStart hook. Returns whether the container is now running.
 *
 * doBackOff reads the pod status the sync began with: the latest *exited* instance of the
 * container. For a container this sync has just killed (a failed liveness or startup probe),
 * that is the exit before the kill, given in `exitsBeforeKill`; with none there is no back-off
 * check at all, and the back-off does not step (doBackOff returns before backOff.Next).
 */
export function* startContainer(
  state: PodState,
  container: Container,
  exitsBeforeKill: ReadonlyMap<Container, Exit | null> = new Map(),
): Generator<Wait, boolean, void> {
  const name = container.spec.name;
  let restartNote: string | null = null;
  const killedNow = exitsBeforeKill.has(container);
  const exit = killedNow ? (exitsBeforeKill.get(container) ?? null) : container.lastExit;
  if (killedNow && !exit) {
    restartNote = `at once, in the sync that killed it: the back-off check sees the pod status from before the kill, which has no earlier exit of ${name}, so there is no back-off`;
  }
  if (exit) {
    const now = state.clock.now;
    if (state.restartBackOff.isInBackOffSince(name, exit.finishedAt, now)) {
      announceBackOff(state, container, container.lastExit ?? exit);
      return false;
    }
    const reset = state.restartBackOff.wouldReset(name, exit.finishedAt);
    const delay = now - exit.finishedAt;
    const previousDelay = state.restartBackOff.delay(name);
    restartNote = killedNow
      ? `at once, in the sync that killed it: the back-off check sees the pod status from before the kill, whose latest exit of ${name} was at t=${exit.finishedAt}, ${seconds(delay)} ago` +
        (previousDelay > 0 && !reset
          ? `, past its ${seconds(previousDelay)} back-off`
          : ', with no back-off running')
      : delay > 0
        ? `after a back-off of ${seconds(delay)}`
        : reset
          ? `at once: the container ran for more than ${backOffExpirySeconds / 60} minutes, so the back-off started over`
          : container.runs === 1
            ? 'at once: the first restart is immediate'
            : 'at once';
    state.restartBackOff.next(name, exit.finishedAt, now);
  }
  const pulled = yield* ensureImage(state, container);
  if (!pulled) {
    return false;
  }

  const run: Run = {
    index: container.runs++,
    startedAt: state.clock.now,
    alive: true,
    reported: false,
    probes: {},
    probeFailure: null,
    stop: null,
    restartAfterKill: false,
  };
  container.run = run;
  container.announcedRetryAt = null;
  const restartExplanation =
    restartNote === null ? undefined : `Restart ${run.index} of ${name}, ${restartNote}.`;
  emit(state, 'Normal', 'Created', name, `Created container: ${name}`, restartExplanation);
  emit(state, 'Normal', 'Started', name, `Started container ${name}`, restartExplanation);
  const exitAfter = perRun(container.behaviour.exitAfter, run.index) ?? null;
  if (exitAfter !== null) {
    const code = perRun(container.behaviour.exitCodes, run.index) ?? 0;
    state.clock.schedule(state.clock.now + exitAfter, Priority.process, () =>
      exitContainer(state, container, run, code, 'natural'),
    );
  }
  startProbes(state, container, run);

  // container-lifecycle-hooks: the container is not reported running until postStart completes,
  // and a failed hook kills it.
  if (container.spec.postStart) {
    const { seconds: hookSeconds, fail } = container.behaviour.postStart;
    if (hookSeconds > 0) {
      yield { kind: 'seconds', seconds: hookSeconds };
    }
    if (!run.alive) {
      return false;
    }
    if (fail) {
      const restart = container.spec.type === 'sidecar' || state.pod.restartPolicy !== 'Never';
      run.restartAfterKill = restart;
      emit(
        state,
        'Warning',
        'FailedPostStartHook',
        name,
        'PostStartHook failed',
        `The postStart hook of ${name} failed, so the kubelet kills the container${restart ? ' and restarts it' : ''}.`,
      );
      killContainer(state, container, {
        cause: 'postStart',
        message: 'FailedPostStartHook',
        grace: state.pod.terminationGracePeriodSeconds,
        restart,
        prerequisites: [],
      });
      yield { kind: 'stopped', containers: [container] };
      return false;
    }
  }
  run.reported = true;
  setRunning(container, run);
  return true;
}

/**
 * CrashLoopBackOff: announces, once per wait, when the kubelet will restart the container. The
 * wait is counted from the container's latest exit, which the next sync's pod status shows.
 */
function announceBackOff(state: PodState, container: Container, exit: Exit): void {
  const name = container.spec.name;
  const backOff = state.restartBackOff;
  const delay = backOff.delay(name);
  const retryAt = exit.finishedAt + delay;
  if (container.announcedRetryAt === retryAt) {
    return;
  }
  container.announcedRetryAt = retryAt;
  const restart = container.runs;
  container.note = `Exited with code ${exit.exitCode} at t=${exit.finishedAt}; the kubelet waits ${seconds(delay)} (back-off) before restart ${restart}, at t=${retryAt}.`;
  setWaiting(container, 'CrashLoopBackOff');
  const cap =
    backOff.max === maxBackOffSeconds
      ? `up to ${seconds(backOff.max)}`
      : `up to ${seconds(backOff.max)} (this node's crashLoopBackOff.maxContainerRestartPeriod)`;
  emit(
    state,
    'Warning',
    'BackOff',
    name,
    `Back-off restarting failed container ${name} in pod ${podReference(state.pod.name, state.pod.namespace)}`,
    `Back-off ${seconds(delay)} before the ${ordinal(restart)} restart of ${name}: the kubelet restarts a crashed container at once the first time, then waits ${seconds(backOff.initial)}, doubling the delay after each restart ${cap}; the delay starts over once the container has run for ${backOffExpirySeconds / 60} minutes. ${restartJitterNote}`,
    { kind: 'backOff', container: name, restart, delay, retryAt, maxDelay: backOff.max },
  );
  state.clock.schedule(retryAt, Priority.kubelet, () => requestSync(state));
}

/** The value for run `index` of a per-run list whose last value repeats. */
function perRun<T>(values: readonly T[], index: number): T | undefined {
  return values[Math.min(index, values.length - 1)];
}
