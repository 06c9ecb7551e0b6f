/**
 * Segments: a YAML stream cut at its document markers (splitSegments), and the segments of a new
 * version of a text from those of the previous version (splitAfterEdit).
 *
 * The segments of a new version of a text from those of the previous version: only the part
 * around the edit is split again, so a keystroke in a 1 MB file costs what its document costs,
 * not a scan of the whole text for markers and a hash of every segment's text.
 *
 * The edit is found by comparing the two texts (their common prefix and suffix, compared a block
 * at a time by the engine, not a character at a time), so this needs nothing from the editor's
 * change events and is right for any two texts. The result is always what `splitSegments` gives
 * for the new text (test/unit/segmentEdit.test.ts checks that on random edits of real files):
 * where the region's last segment would not keep the boundary after it, the whole text is split.
 */
import type { TextChange } from '../util/editableDocument';
import { countLineBreaks, lastIndexAtOrBefore } from '../util/text';

/** The segments of a text, with the line and offset each starts at. */
export interface SegmentBounds {
  text: string;
  startLine: number;
  startOffset: number;
}

const markerPattern = /^(?:---|\.\.\.)(?:[ \t]|\r?$)/;

/**
 * Where document markers may start: every line that starts with `---` or `...` followed by a
 * blank or the line's end, and a few more (a JavaScript line break is also `\r`, `\u2028`);
 * each candidate is checked against `markerPattern` on its own line.
 */
const markerCandidates = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

/** Whether a line holds only blanks, a comment or a directive: no content of a document. */
function isContentLine(lineText: string): boolean {
  return !/^\s*(?:#.*)?\r?$/.test(lineText) && !lineText.startsWith('%');
}

/** Whether any line of `text` between two offsets is content (see isContentLine). */
function hasContentLine(text: string, from: number, to: number): boolean {
  for (let offset = from; offset < to; ) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 || newline >= to ? to : newline;
    if (isContentLine(text.slice(offset, lineEnd))) {
      return true;
    }
    offset = lineEnd + 1;
  }
  return false;
}

/**
 * Splits a YAML stream into segments at document markers. A segment starts at a `---` line
 * (unless nothing but blanks, comments and directives stands before it since the last segment:
 * then the marker belongs to the segment that starts there) and after a `...` line.
 *
 * The markers are found with one regular expression over the whole text, and lines are counted
 * with `indexOf`: no work per line in JavaScript, so a 1 MB file splits in about a millisecond.
 */
export function splitSegments(text: string): SegmentBounds[] {
  const segments: SegmentBounds[] = [];
  let segmentStart = 0;
  let segmentStartLine = 0;
  // Lines are counted up to `counted`, which is on line `countedLine`.
  let counted = 0;
  let countedLine = 0;
  const lineOf = (offset: number): number => {
    for (let newline = text.indexOf('\n', counted); newline >= 0 && newline < offset; ) {
      countedLine++;
      newline = text.indexOf('\n', newline + 1);
    }
    counted = offset;
    return countedLine;
  };
  // Whether the current segment already holds a marker line (which counts as content).
  let startsWithMarker = false;
  const push = (end: number): void => {
    segments.push({
      text: text.slice(segmentStart, end),
      startLine: segmentStartLine,
      startOffset: segmentStart,
    });
  };
  markerCandidates.lastIndex = 0;
  for (let match = markerCandidates.exec(text); match; match = markerCandidates.exec(text)) {
    const offset = match.index;
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    markerCandidates.lastIndex = lineEnd;
    if (
      (offset > 0 && text[offset - 1] !== '\n') ||
      !markerPattern.test(text.slice(offset, newline < 0 ? text.length : newline))
    ) {
      // Not at the start of a line as we count lines, or not a marker: look again after it.
      markerCandidates.lastIndex = offset + 1;
      continue;
    }
    if (text[offset] === '-') {
      if (startsWithMarker || hasContentLine(text, segmentStart, offset)) {
        push(offset);
        segmentStart = offset;
        segmentStartLine = lineOf(offset);
      }
      // The marker line may carry content (`--- |`, `--- {a: 1}`).
      startsWithMarker = true;
    } else {
      // `...` ends the current document; what follows starts a new segment.
      push(lineEnd);
      segmentStart = lineEnd;
      segmentStartLine = lineOf(offset) + 1;
      startsWithMarker = false;
    }
    if (lineEnd >= text.length) {
      break;
    }
  }
  if (segmentStart < text.length || segments.length === 0) {
    push(text.length);
  }
  return segments;
}

/**
 * A copy of a slice of a large text that does not keep the large text alive: V8 makes a
 * substring of 13 characters or more a view of its parent (a sliced string), and a concatenation
 * flattened before slicing gives the copy its own storage.
 */
export function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/** A text and its segments (splitSegments). */
export interface Split {
  readonly text: string;
  readonly segments: readonly SegmentBounds[];
}

/** The new text's segments, each with the index of the previous segment it equals (or -1). */
export interface SplitAfterEdit {
  readonly segments: SegmentBounds[];
  /** For each new segment, the index of the previous segment with the same text, or -1. */
  readonly previousIndex: number[];
  /**
   * The indices [start, end) of the segments split again from the new text (their texts are
   * slices of it); every other segment's text is its previous segment's, the very string.
   */
  readonly region: readonly [number, number];
}

/** Characters compared at a time while looking for where two texts start to differ. */
const block = 4096;

/** The length of the common prefix of two strings. */
export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let equal = 0;
  // Whole blocks first (the engine compares them), then character by character in the first
  // block that differs.
  while (equal + block <= max && a.slice(equal, equal + block) === b.slice(equal, equal + block)) {
    equal += block;
  }
  while (equal < max && a.charCodeAt(equal) === b.charCodeAt(equal)) {
    equal++;
  }
  return equal;
}

/** The length of the common suffix of two strings, at most `max`. */
export function commonSuffixLength(a: string, b: string, max: number): number {
  let equal = 0;
  while (
    equal + block <= max &&
    a.slice(a.length - equal - block, a.length - equal) ===
      b.slice(b.length - equal - block, b.length - equal)
  ) {
    equal += block;
  }
  while (equal < max && a.charCodeAt(a.length - equal - 1) === b.charCodeAt(b.length - equal - 1)) {
    equal++;
  }
  return equal;
}

/** The index of the segment that holds `offset` (the first starts at 0). */
function segmentAt(segments: readonly SegmentBounds[], offset: number): number {
  return Math.max(
    0,
    lastIndexAtOrBefore(segments, offset, (segment) => segment.startOffset),
  );
}

/** The whole text split again, each segment matched to a previous one by its text. */
function splitWhole(previous: Split, text: string): SplitAfterEdit {
  const segments = splitSegments(text);
  const byText = new Map<string, number>();
  previous.segments.forEach((segment, index) => byText.set(segment.text, index));
  return {
    segments,
    previousIndex: segments.map((segment) => byText.get(segment.text) ?? -1),
    region: [0, segments.length],
  };
}

/**
 * `splitSegments(text)`, computed from the previous version's split: the segments before the
 * edit are kept as they were, those after it moved by the edit's length and lines, and the
 * region between (the edited segments, with one unchanged segment on each side, since a marker's
 * meaning depends on the segment before it) is split again.
 */
export function splitAfterEdit(previous: Split, text: string): SplitAfterEdit {
  const old = previous.text;
  const segments = previous.segments;
  if (segments.length === 0 || old.length === 0 || text.length === 0) {
    return splitWhole(previous, text);
  }
  const prefix = commonPrefixLength(old, text);
  if (prefix === old.length && prefix === text.length) {
    return unchanged(segments);
  }
  const suffix = commonSuffixLength(old, text, Math.min(old.length, text.length) - prefix);
  // The edit replaced old[prefix, old.length - suffix) with text[prefix, text.length - suffix).
  const { first, last } = regionAround(segments, prefix, old.length - suffix);
  const regionStart = segments[first]!.startOffset;
  const oldRegionEnd = last + 1 < segments.length ? segments[last + 1]!.startOffset : old.length;
  const regionEnd = oldRegionEnd + text.length - old.length;
  if (regionEnd < regionStart || oldRegionEnd < old.length - suffix) {
    return splitWhole(previous, text);
  }
  return (
    splitRegion(
      segments,
      first,
      last,
      text.slice(regionStart, regionEnd),
      text.length - old.length,
      countLineBreaks(text, regionStart, regionEnd) - countLineBreaks(old, regionStart, oldRegionEnd),
      lineFrom(text, regionEnd),
    ) ?? splitWhole(previous, text)
  );
}

/**
 * `splitSegments` of the text the changes make of the previous version's, from the previous
 * segments and the changes alone, without the whole text (an editor's incremental changes, in
 * order, each in the text the one before it left). Undefined where the split needs text beyond
 * the segments around a change (see splitAfterEdit): the caller splits the whole text then.
 */
export function splitAfterChanges(
  segments: readonly SegmentBounds[],
  length: number,
  changes: readonly TextChange[],
): SplitAfterEdit | undefined {
  // The split after the changes so far (none yet: the previous segments as they are).
  let result: SplitAfterEdit | undefined;
  let size = length;
  for (const change of changes) {
    const current = result?.segments ?? segments;
    if (current.length === 0 || change.start < 0 || change.end > size || change.start > change.end) {
      return undefined;
    }
    if (change.start === change.end && change.text === '') {
      continue;
    }
    const { first, last } = regionAround(current, change.start, change.end);
    const regionStart = current[first]!.startOffset;
    const oldRegion = current
      .slice(first, last + 1)
      .map((segment) => segment.text)
      .join('');
    const newRegion =
      oldRegion.slice(0, change.start - regionStart) +
      change.text +
      oldRegion.slice(change.end - regionStart);
    const after = current[last + 1]?.text;
    const next = splitRegion(
      current,
      first,
      last,
      newRegion,
      newRegion.length - oldRegion.length,
      countLineBreaks(newRegion, 0, newRegion.length) - countLineBreaks(oldRegion, 0, oldRegion.length),
      after === undefined ? '' : lineFrom(after, 0),
    );
    if (!next) {
      return undefined;
    }
    result = result ? composed(result, next, first, last) : next;
    size += newRegion.length - oldRegion.length;
  }
  return result ?? unchanged(segments);
}

/** The line of `text` that starts at `start`, without its line break. */
function lineFrom(text: string, start: number): string {
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}

/** Every segment kept as it is. */
function unchanged(segments: readonly SegmentBounds[]): SplitAfterEdit {
  return {
    segments: [...segments],
    previousIndex: segments.map((_, index) => index),
    region: [segments.length, segments.length],
  };
}

/**
 * Two splits in a row as one: `second` split the segments [first, last] of `earlier`'s result
 * again. Each segment is matched to the original one it is (through both), and the region covers
 * both regions' segments that are still there.
 */
function composed(
  earlier: SplitAfterEdit,
  second: SplitAfterEdit,
  first: number,
  last: number,
): SplitAfterEdit {
  const shift = second.region[1] - second.region[0] - (last - first + 1);
  const moved = (index: number): number =>
    index <= first ? index : index > last ? index + shift : second.region[1];
  const [start, end] = earlier.region;
  const hadRegion = start < end;
  return {
    segments: second.segments,
    previousIndex: second.previousIndex.map((index) => (index < 0 ? -1 : earlier.previousIndex[index]!)),
    region: hadRegion
      ? [
          Math.min(moved(start), second.region[0]),
          Math.min(second.segments.length, Math.max(moved(end - 1) + 1, second.region[1])),
        ]
      : second.region,
  };
}

/** The segments a change of [start, end) splits again: those it touches, and one on each side. */
function regionAround(
  segments: readonly SegmentBounds[],
  start: number,
  end: number,
): { first: number; last: number } {
  const first = Math.max(0, segmentAt(segments, start) - 1);
  const lastChanged = segmentAt(segments, Math.max(start, end - 1));
  return { first, last: Math.min(segments.length - 1, lastChanged + 1) };
}

/**
 * The split with the segments [first, last] replaced by the split of `regionText` (their new
 * text), the later ones moved by `delta` characters and `lineDelta` lines; undefined when the
 * region's last segment would not keep the boundary after it (`lineAfter` is the first line
 * after the region), which the region alone cannot settle.
 */
function splitRegion(
  segments: readonly SegmentBounds[],
  first: number,
  last: number,
  regionText: string,
  delta: number,
  lineDelta: number,
  lineAfter: string,
): SplitAfterEdit | undefined {
  const regionStart = segments[first]!.startOffset;
  const startLine = segments[first]!.startLine;
  const region = splitSegments(regionText).map((segment) => ({
    text: segment.text,
    startLine: segment.startLine + startLine,
    startOffset: segment.startOffset + regionStart,
  }));
  // The region ends with an unchanged segment, so the boundary after it holds (its content, or
  // its `...`, is still there); checked all the same, as the one assumption this split makes.
  if (last + 1 < segments.length && !keepsBoundaryAfter(region, regionStart + regionText.length, lineAfter)) {
    return undefined;
  }
  const result: SegmentBounds[] = segments.slice(0, first);
  const previousIndex = result.map((_, index) => index);
  // A segment of the region that is one of the region's previous segments (one on each side of
  // the edit, at least) keeps its parse.
  const regionTexts = new Map<string, number>();
  for (let index = first; index <= last; index++) {
    regionTexts.set(segments[index]!.text, index);
  }
  for (const segment of region) {
    result.push(segment);
    previousIndex.push(regionTexts.get(segment.text) ?? -1);
  }
  for (let index = last + 1; index < segments.length; index++) {
    const segment = segments[index]!;
    result.push({
      text: segment.text,
      startLine: segment.startLine + lineDelta,
      startOffset: segment.startOffset + delta,
    });
    previousIndex.push(index);
  }
  return { segments: result, previousIndex, region: [first, first + region.length] };
}

const markerLine = /^---(?:[ \t]|\r?$)/;
const endMarkerLine = /^\.\.\.(?:[ \t]|\r?$)/;

/**
 * Whether `splitSegments` of the whole text starts a segment at `end`, where the next unchanged
 * segment starts: after a `...` line, or at a `---` line when the segment before it holds a marker
 * line or content (the rules of splitSegments). The region ends there only if it does. `nextLine`
 * is the line that starts at `end`.
 */
function keepsBoundaryAfter(region: readonly SegmentBounds[], end: number, nextLine: string): boolean {
  const last = region[region.length - 1];
  if (!last || last.startOffset + last.text.length !== end) {
    return false;
  }
  // The last line of the region's last segment.
  const body = last.text.endsWith('\n') ? last.text.slice(0, -1) : last.text;
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  if (endMarkerLine.test(lastLine)) {
    return true;
  }
  if (!markerLine.test(nextLine)) {
    return false;
  }
  // A marker line is content too (isContentLine), so this covers a segment that holds one.
  return hasContentLine(last.text, 0, last.text.length);
}
