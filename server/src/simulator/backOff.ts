/**
 * The kubelet's exponential back-off, as k8s.io/client-go/util/flowcontrol.Backoff implements it,
 * without jitter. The kubelet keeps one for container restarts and one for image pulls, both with
 * an initial delay of 10 s and a maximum of 300 s (pkg/kubelet/kubelet.go: backOffPeriod,
 * MaxContainerBackOff). An entry expires, and the delay starts over, when more than twice the
 * maximum (10 minutes) has passed since its last step.
 */

export const initialBackOffSeconds = 10;
export const maxBackOffSeconds = 300;

interface Entry {
  delay: number;
  lastUpdate: number;
  /** Steps taken since the entry was (re)created, for explanations. */
  steps: number;
}

export class BackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initial = initialBackOffSeconds,
    private readonly max = maxBackOffSeconds,
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
    return eventTime - lastUpdate > this.max * 2;
  }
}
