import type { ProbeType } from './types';

/**
 * The simulator's clock and its queue of timed actions. The API server, the scheduler, the node,
 * the container processes, the probes and the kubelet's pod worker all act through it; nothing
 * else moves time forward. It knows nothing of pods, so that one queue can drive several pods.
 */

/** Order of simultaneous actions: the node, then the API server, processes, probes, the kubelet. */
export const Priority = {
  created: -1,
  node: 0,
  pod: 1,
  process: 2,
  probe: { startup: 3, liveness: 4, readiness: 5 } as Record<ProbeType, number>,
  kubelet: 6,
};

export interface QueueItem {
  t: number;
  priority: number;
  seq: number;
  action: () => void;
}

export class EventQueue {
  private time = 0;
  private seq = 0;
  private readonly items: QueueItem[] = [];

  /** Seconds since the simulation's start (the pod's creation, or the workload's). */
  get now(): number {
    return this.time;
  }

  /** Runs `action` at time `t`, after every action already queued for `t` with the same or a lower priority. */
  schedule(t: number, priority: number, action: () => void): void {
    const item: QueueItem = { t, priority, seq: this.seq++, action };
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const other = this.items[middle]!;
      if (other.t < t || (other.t === t && other.priority <= priority)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    this.items.splice(low, 0, item);
  }

  /** The next action, without taking it. */
  peek(): QueueItem | undefined {
    return this.items[0];
  }

  /** Takes the next action and moves the clock to its time; the caller runs it. */
  take(): QueueItem | undefined {
    const item = this.items.shift();
    if (item) {
      this.time = item.t;
    }
    return item;
  }

  /**
   * Moves the clock to `t` without taking an action: a controller acting on a pod at `t` (with
   * its own queue) first brings the pod's clock to its time. Never moves the clock back.
   */
  advanceTo(t: number): void {
    if (t > this.time) {
      this.time = t;
    }
  }

  /** Drops every queued action that `keep` rejects, keeping the order of the others. */
  retain(keep: (item: QueueItem) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    this.items.push(...kept);
  }
}
