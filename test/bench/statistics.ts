/** Summaries of latency samples, in milliseconds. */
export interface Summary {
  count: number;
  median: number;
  p95: number;
}

/** The value at a quantile, by the nearest-rank method (no interpolation between samples). */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) {
    return Number.NaN;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  return { count: samples.length, median: quantile(samples, 0.5), p95: quantile(samples, 0.95) };
}
