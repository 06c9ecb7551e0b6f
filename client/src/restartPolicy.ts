/**
 * When to restart a language server that stopped: a few times within a window, then not any
 * more, so that a server that crashes on start-up does not restart for ever. No `vscode` here:
 * the extension maps the decision to the language client's actions, and tests drive it with a
 * fake clock.
 */

/** What to do about a server that stopped, and what to tell the user. */
export interface RestartDecision {
  readonly restart: boolean;
  /** Stops within the window, this one included. */
  readonly stops: number;
  /** For the output channel when restarting; for an error notification when giving up. */
  readonly message: string;
}

export interface RestartPolicyOptions {
  /** Milliseconds since some fixed origin; `Date.now` by default. */
  now?: () => number;
  /** At most this many restarts within `windowMs`. */
  maxRestarts?: number;
  windowMs?: number;
}

export class RestartPolicy {
  private readonly stops: number[] = [];
  private readonly now: () => number;
  readonly maxRestarts: number;
  readonly windowMs: number;

  constructor(options: RestartPolicyOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxRestarts = options.maxRestarts ?? 4;
    this.windowMs = options.windowMs ?? 3 * 60 * 1000;
  }

  /** Records that the server stopped, and decides whether it is started again. */
  serverStopped(): RestartDecision {
    const now = this.now();
    this.stops.push(now);
    while (this.stops.length > 0 && now - this.stops[0]! > this.windowMs) {
      this.stops.shift();
    }
    const stops = this.stops.length;
    if (stops <= this.maxRestarts) {
      return {
        restart: true,
        stops,
        message: `The Podscope language server stopped; restarting it (${stops}/${this.maxRestarts}).`,
      };
    }
    return {
      restart: false,
      stops,
      message: `The Podscope language server stopped ${stops} times in the last ${describeWindow(this.windowMs)} and will not be restarted.`,
    };
  }
}

function describeWindow(milliseconds: number): string {
  const minutes = milliseconds / 60_000;
  return Number.isInteger(minutes) && minutes > 1 ? `${minutes} minutes` : `${milliseconds / 1000} seconds`;
}
