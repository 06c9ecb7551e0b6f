/**
 * Text edits for the rules' quick fixes, in segment-relative offsets. Each edit touches only
 * the lines it must, indents new lines like their siblings, and keeps the file's line breaks.
 * Flow collections (`{ a: 1 }`, `[a]`) and shapes the helpers cannot edit exactly return
 * undefined: no fix is better than a wrong one.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, Scalar, type YAMLMap } from 'yaml';
import type { PathSegment } from '../common/paths';
import { findPair, nodeAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';

export interface OffsetEdit {
  range: [number, number];
  newText: string;
}

/** A line to insert, `depth` indentation steps below the map it goes into. */
export interface YamlLine {
  depth: number;
  text: string;
}

/** Lines written with two spaces per level, as the helpers below take them. */
export function yamlLines(template: string): YamlLine[] {
  return template.split('\n').map((line) => {
    const text = line.trimStart();
    return { depth: Math.floor((line.length - text.length) / 2), text };
  });
}

export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset after the line break that ends the line holding `offset`. */
function nextLineStart(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  return lineBreak < 0 ? text.length : lineBreak + 1;
}

/** The offset of the line break (before any `\r`) that ends the line holding `offset`. */
function lineEndOf(text: string, offset: number): number {
  const lineBreak = text.indexOf('\n', offset);
  if (lineBreak < 0) {
    return text.length;
  }
  return text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
}

function onlySpacesBefore(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The offset just after the last character (not whitespace) of a pair. */
function pairContentEnd(text: string, pair: Pair): number | undefined {
  const keyRange = rangeOf(pair.key as Node | null);
  const valueRange = rangeOf(pair.value as Node | null);
  if (!keyRange) {
    return undefined;
  }
  let end = Math.max(keyRange[1], valueRange?.[1] ?? 0);
  while (end > keyRange[1] && /\s/.test(text[end - 1]!)) {
    end--;
  }
  return end;
}

function blockMapAt(document: ManifestDocument, path: readonly PathSegment[]): YAMLMap | undefined {
  const node = nodeAtPath(document.yaml, path);
  return isMap(node) && !node.flow && node.items.length > 0 ? node : undefined;
}

/**
 * The document's indentation step: how much deeper a nested map's keys sit than their parent
 * key. Two spaces when the document does not show.
 */
export function indentUnit(document: ManifestDocument): string {
  const text = document.segment.text;
  const visit = (node: unknown, depth: number): number | undefined => {
    if (!isMap(node) || node.flow || depth > 4) {
      return undefined;
    }
    for (const pair of node.items) {
      const value = pair.value;
      const keyRange = rangeOf(pair.key as Node | null);
      if (isMap(value) && !value.flow && value.items[0] && keyRange) {
        const childRange = rangeOf(value.items[0].key as Node | null);
        if (childRange && onlySpacesBefore(text, childRange[0]) && onlySpacesBefore(text, keyRange[0])) {
          const step = columnOf(text, childRange[0]) - columnOf(text, keyRange[0]);
          if (step > 0) {
            return step;
          }
        }
      }
      const nested = visit(value, depth + 1);
      if (nested !== undefined) {
        return nested;
      }
    }
    return undefined;
  };
  return ' '.repeat(visit(document.yaml.contents, 0) ?? 2);
}

/** A string as a YAML scalar that stays a string: plain when that is safe, else double-quoted. */
export function yamlString(value: string): string {
  const plain =
    /^[A-Za-z_/][-A-Za-z0-9_./]*$/.test(value) && !/^(?:true|false|yes|no|on|off|y|n|null)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Replaces a plain or quoted scalar (not a block scalar, whose range ends on the next line). */
export function replaceScalarEdit(
  document: ManifestDocument,
  path: readonly PathSegment[],
  newText: string,
): OffsetEdit | undefined {
  const node = nodeAtPath(document.yaml, path);
  if (
    !isScalar(node) ||
    (node.type !== Scalar.PLAIN && node.type !== Scalar.QUOTE_DOUBLE && node.type !== Scalar.QUOTE_SINGLE)
  ) {
    return undefined;
  }
  const range = rangeOf(node);
  return range ? { range, newText } : undefined;
}

/** Renames the key at a path. */
export function renameKeyEdit(
  document: ManifestDocument,
  path: readonly PathSegment[],
  newKey: string,
): OffsetEdit | undefined {
  const map = blockMapAt(document, path.slice(0, -1));
  const last = path[path.length - 1];
  const pair = map && last !== undefined ? findPair(map, last) : undefined;
  const range = rangeOf(pair?.key as Node | undefined);
  return range ? { range, newText: newKey } : undefined;
}

/** Removes a key with its whole value: exactly the lines it occupies. */
export function removePairEdit(
  document: ManifestDocument,
  path: readonly PathSegment[],
): OffsetEdit | undefined {
  const text = document.segment.text;
  const map = blockMapAt(document, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!map || last === undefined) {
    return undefined;
  }
  const index = map.items.findIndex((candidate) => candidate === findPair(map, last));
  const pair = map.items[index];
  const keyRange = rangeOf(pair?.key as Node | undefined);
  const end = pair ? pairContentEnd(text, pair) : undefined;
  if (!pair || !keyRange || end === undefined) {
    return undefined;
  }
  if (onlySpacesBefore(text, keyRange[0])) {
    return { range: [lineStartOf(text, keyRange[0]), nextLineStart(text, end)], newText: '' };
  }
  // The first key of a list item (`- key: …`): the next key moves up beside the dash.
  const before = text.slice(lineStartOf(text, keyRange[0]), keyRange[0]);
  const nextKey = rangeOf(map.items[index + 1]?.key as Node | undefined);
  if (!/^[ \t]*-[ \t]+$/.test(before) || !nextKey) {
    return undefined;
  }
  return { range: [keyRange[0], nextKey[0]], newText: '' };
}

/** Removes an item of a block sequence: exactly the lines it occupies. */
export function removeSequenceItemEdit(
  document: ManifestDocument,
  path: readonly PathSegment[],
): OffsetEdit | undefined {
  const text = document.segment.text;
  const sequence = nodeAtPath(document.yaml, path.slice(0, -1));
  const index = path[path.length - 1];
  if (!isSeq(sequence) || sequence.flow || typeof index !== 'number') {
    return undefined;
  }
  const range = rangeOf(sequence.items[index] as Node | undefined);
  if (!range) {
    return undefined;
  }
  const lineStart = lineStartOf(text, range[0]);
  if (!/^[ \t]*-[ \t]+$/.test(text.slice(lineStart, range[0]))) {
    return undefined;
  }
  let end = range[1];
  while (end > range[0] && /\s/.test(text[end - 1]!)) {
    end--;
  }
  return { range: [lineStart, nextLineStart(text, end)], newText: '' };
}

/**
 * Inserts lines into the block map at a path, at its keys' indentation: after or before the
 * pair with a given key, after the last pair, or before the first one.
 */
export function insertIntoMapEdit(
  document: ManifestDocument,
  path: readonly PathSegment[],
  lines: readonly YamlLine[],
  position: { after: string } | { before: string } | 'first' | 'last' = 'last',
): OffsetEdit | undefined {
  const text = document.segment.text;
  const map = blockMapAt(document, path);
  const firstKey = rangeOf(map?.items[0]?.key as Node | undefined);
  if (!map || !firstKey) {
    return undefined;
  }
  const eol = lineBreakOf(text);
  const indent = ' '.repeat(columnOf(text, firstKey[0]));
  const unit = indentUnit(document);
  const rendered = lines.map((line) => `${indent}${unit.repeat(line.depth)}${line.text}`);
  if (position === 'first' || (typeof position === 'object' && 'before' in position)) {
    const pair = position === 'first' ? map.items[0] : findPair(map, position.before);
    const keyRange = rangeOf(pair?.key as Node | undefined);
    if (!keyRange || !onlySpacesBefore(text, keyRange[0])) {
      return undefined;
    }
    const start = lineStartOf(text, keyRange[0]);
    return { range: [start, start], newText: rendered.map((line) => `${line}${eol}`).join('') };
  }
  const pair = position === 'last' ? map.items[map.items.length - 1] : findPair(map, position.after);
  const end = pair ? pairContentEnd(text, pair) : undefined;
  if (end === undefined) {
    return undefined;
  }
  // After the end of the pair's last line, so that a trailing comment stays where it is.
  const offset = lineEndOf(text, end);
  return { range: [offset, offset], newText: rendered.map((line) => `${eol}${line}`).join('') };
}

/** The text of a pair's lines, from the start of its key's line to the end of its last line. */
export function pairLines(
  document: ManifestDocument,
  path: readonly PathSegment[],
): { text: string; column: number } | undefined {
  const text = document.segment.text;
  const map = blockMapAt(document, path.slice(0, -1));
  const last = path[path.length - 1];
  const pair = map && last !== undefined ? findPair(map, last) : undefined;
  const keyRange = rangeOf(pair?.key as Node | undefined);
  const end = pair ? pairContentEnd(text, pair) : undefined;
  if (!keyRange || end === undefined || !onlySpacesBefore(text, keyRange[0])) {
    return undefined;
  }
  return {
    text: text.slice(lineStartOf(text, keyRange[0]), lineEndOf(text, end)),
    column: columnOf(text, keyRange[0]),
  };
}

/**
 * Joins insertions at the same offset into one edit, in the order given: editors disagree on
 * the order of separate insertions at one position.
 */
export function mergeInsertions(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const merged: OffsetEdit[] = [];
  for (const edit of edits) {
    const [start, end] = edit.range;
    const same =
      start === end
        ? merged.find((other) => other.range[0] === start && other.range[1] === start)
        : undefined;
    if (same) {
      same.newText += edit.newText;
    } else {
      merged.push({ range: [start, end], newText: edit.newText });
    }
  }
  return merged;
}
