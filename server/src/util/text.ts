/** Small pure helpers over text and sorted lists, shared by the YAML model's parts. */

/** The number of line breaks (`\n`) in `text` between two offsets, `to` excluded. */
export function countLineBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (
    let index = text.indexOf('\n', from);
    index >= 0 && index < to;
    index = text.indexOf('\n', index + 1)
  ) {
    breaks++;
  }
  return breaks;
}

/**
 * The index of the last entry whose key is at or before `value`, in entries sorted by that key
 * (a binary search); -1 if none.
 */
export function lastIndexAtOrBefore<T>(
  entries: readonly T[],
  value: number,
  key: (entry: T) => number,
): number {
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (key(entries[middle]!) <= value) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * A whole number with its thousands grouped by commas, as `toLocaleString('en-US')` writes it
 * (16,000), without it: its first call in a process loads ICU's number formats, 16 ms of the
 * 1 MB file's cold start for the note on how many diagnostics are not shown.
 */
export function groupedDigits(count: number): string {
  const digits = String(Math.abs(Math.trunc(count)));
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let index = grouped.length; index < digits.length; index += 3) {
    grouped += `,${digits.slice(index, index + 3)}`;
  }
  return count < 0 && digits !== '0' ? `-${grouped}` : grouped;
}
