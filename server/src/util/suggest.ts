/**
 * "Did you mean" suggestions: the closest candidate by optimal string alignment distance
 * (Levenshtein with transpositions), within a third of the word's length.
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the table at a time (the transposition looks two rows back).
  const cols = b.length + 1;
  let beforePrevious = new Array<number>(cols).fill(0);
  let previous = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
    }
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length]!;
}

/** The candidate closest to `word`, or undefined when none is close enough to be a typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a candidate that cannot come within
    // the limit, or beat the best so far, is not compared.
    if (candidate === word || Math.abs(candidate.length - word.length) > Math.min(limit, bestDistance)) {
      continue;
    }
    // A difference in case only is always a match.
    const distance = candidate.toLowerCase() === lower ? 0.5 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
