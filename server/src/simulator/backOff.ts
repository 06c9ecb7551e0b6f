import type { SimulationResult } from './types';

/**
 * The kubelet's exponential back-off, as k8s.io/client-go/util/flowcontrol.Backoff implements it,
 * without jitter. The kubelet keeps one for container restarts and one for image pulls, both with
 * an initial delay of 10 s and a maximum of 300 s (pkg/kubelet/kubelet.go: backOffPeriod,
 * MaxContainerBackOff). An entry expires, and the delay starts over, when more than 600 s have
 * passed between its last step and the next event (client-go hasExpired: twice the maximum; the
 * container back-off fixes it at 600 s whatever its maximum, kubelet.go NewMainKubelet's
 * `klet.backOff.HasExpiredFunc`).
 *
 * A node can lower the container back-off's maximum: kubelet configuration
 * `crashLoopBackOff.maxContainerRestartPeriod`, 1 to 300 s, behind the KubeletCrashLoopBackOffMax
 * feature gate (KEP-4603; alpha in 1.32). A maximum below 10 s is also the initial delay
 * (NewMainKubelet: `if boMax < containerBackOffPeriod { base = boMax }`).
 */

export const initialBackOffSeconds = 10;
export const maxBackOffSeconds = 300;
/** When an entry of the container back-off expires (NewMainKubelet's HasExpiredFunc). */
export const backOffExpirySeconds = 600;
/** The range the kubelet accepts for crashLoopBackOff.maxContainerRestartPeriod (validation.go). */
export const minContainerRestartPeriodSeconds = 1;

/**
 * What the simulation leaves out of a restart's timing, for the panel and the text timeline. The
 * kubelet retries a pod whose sync failed on a back-off (CrashLoopBackOff is such a failure) only
 * when its pod worker syncs it again: 10 s after the failed sync plus up to 50 % jitter
 * (pod_workers.go completeWork: `wait.Jitter(p.backOffPeriod, workerBackOffPeriodJitterFactor)`,
 * kubelet.go backOffPeriod = 10 s). So on a real node a restart comes at the end of the back-off or
 * up to ~15 s later; the simulation restarts at the end of the back-off.
 */
export const restartJitterNote =
  'On a real node the restart comes up to ~15s later: the kubelet retries a pod in back-off only when its pod worker syncs it again, 10-15s (10s with random jitter) after the failed sync; the simulation restarts it the moment the back-off ends.';

/**
 * What the simulation leaves out of a real node's timing, when it matters to this timeline: the
 * restart jitter, once a container has backed off. Here rather than with the text timeline so that
 * the webview, which bundles this module, shows the same note.
 */
export function timelineNotes(result: SimulationResult): string[] {
  return result.events.some((event) => event.detail?.kind === 'backOff') ? [restartJitterNote] : [];
}

/** The container restart back-off of a node whose maximum is `maxSeconds` (kubelet.go NewMainKubelet). */
export function containerRestartBackOff(maxSeconds = maxBackOffSeconds): BackOff {
  return new BackOff(Math.min(initialBackOffSeconds, maxSeconds), maxSeconds, backOffExpirySeconds);
}

interface Entry {
  delay: number;
  lastUpdate: number;
  /** Steps taken since the entry was (re)created, for explanations. */
  steps: number;
}

export class BackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initial = initialBackOffSeconds,
    readonly max = maxBackOffSeconds,
    /** client-go's default: an entry expires after twice the maximum without a step. */
    private readonly expiry = 2 * max,
  ) {}

  /** The current delay of `key`, or 0 when it has none. */
  delay(key: string): number {
    return this.entries.get(key)?.delay ?? 0;
  }

  lastUpdate(key: string): number | undefined {
    return this.entries.get(key)?.lastUpdate;
  }

  steps(key: string): number {
    return this.entries.get(key)?.steps ?? 0;
  }

  /** `IsInBackOffSince`: is `now` within the delay counted from `eventTime` (e.g. the exit)? */
  isInBackOffSince(key: string, eventTime: number, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      return false;
    }
    return now - eventTime < entry.delay;
  }

  /** `IsInBackOffSinceUpdate`: is `now` within the delay counted from the last step? */
  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(now, entry.lastUpdate)) {
      return false;
    }
    return now - entry.lastUpdate < entry.delay;
  }

  /** `Next`: the first step sets the initial delay, each later one doubles it up to the maximum. */
  next(key: string, eventTime: number, now: number): void {
    const entry = this.entries.get(key);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(key, { delay: this.initial, lastUpdate: now, steps: 1 });
      return;
    }
    entry.delay = Math.min(entry.delay * 2, this.max);
    entry.lastUpdate = now;
    entry.steps++;
  }

  /** Whether the entry of `key` would be started over by an event at `eventTime`. */
  wouldReset(key: string, eventTime: number): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && this.hasExpired(eventTime, entry.lastUpdate);
  }

  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.expiry;
  }
}
