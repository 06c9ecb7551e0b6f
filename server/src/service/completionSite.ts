/**
 * Where a completion goes, found by asking the YAML parser itself: the line being typed is
 * replaced by a marker key (or value), the document is parsed again, and the marker's path is
 * where the completion goes. This follows YAML's own indentation rules, also while the document
 * is incomplete.
 */
import { type Document, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { keyText } from '../yaml/astPath';
import { parseDocumentFast } from '../yaml/blockTokens';
import {
  blankTemplates,
  type ManifestFile,
  maxAliasCount,
  type PlacedSegment,
  plainData,
  yamlParseOptions,
} from '../yaml/manifestFile';

/** The key (or value) that stands for the cursor in the parse. */
export const marker = '__podscope_cursor__';

/** Where a completion goes. */
export interface CompletionSite {
  mode: 'key' | 'value';
  /** Key mode: the path of the object receiving the key. Value mode: the path of the value. */
  path: PathSegment[];
  /** Keys already present in the receiving object (key mode). */
  existingKeys: Set<string>;
  /** The text the completion replaces (the word being typed). */
  replace: Range;
  /** The column where the key starts (key mode), for indenting what is inserted below it. */
  keyColumn: number;
  /** The document's data with the marker (for cross-references). */
  data: unknown;
  /** Text put before an inserted value: a space when the cursor is right after the colon. */
  valuePrefix: string;
}

interface LineInfo {
  text: string;
  /** Segment-relative offset of the line start. */
  start: number;
}

function lineOf(placed: PlacedSegment, line: number): LineInfo {
  const { segment } = placed;
  const relative = line - placed.startLine;
  const start = segment.offsetAt(relative, 0);
  let end = segment.text.indexOf('\n', start);
  end = end < 0 ? segment.text.length : end;
  return { text: segment.text.slice(start, end).replace(/\r$/, ''), start };
}

function findMarker(
  node: unknown,
  path: PathSegment[],
): { path: PathSegment[]; mode: 'key' | 'value' } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key === marker) {
        return { path: [...path, key], mode: 'key' };
      }
      if (isScalar(pair.value) && pair.value.value === marker && key !== undefined) {
        return { path: [...path, key], mode: 'value' };
      }
      if (key !== undefined) {
        const found = findMarker(pair.value, [...path, key]);
        if (found) {
          return found;
        }
      }
    }
  } else if (isSeq(node)) {
    for (let index = 0; index < node.items.length; index++) {
      const item = node.items[index];
      if (isScalar(item) && item.value === marker) {
        return { path: [...path, index], mode: 'value' };
      }
      const found = findMarker(item, [...path, index]);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** Where the cursor is in the document: the path, and what the completion needs around it. */
interface LocatedSite {
  /** Key mode: the path of the object receiving the key. Value mode: the path of the value. */
  path: PathSegment[];
  /** Keys already present in the receiving object (key mode). */
  existingKeys: Set<string>;
  /** The document's data, with the marker in place of the key or value being completed. */
  data: unknown;
}

/** Parses a segment with one line's tail replaced, and finds the marker in it. */
function locateWithMarker(
  placed: PlacedSegment,
  line: LineInfo,
  from: number,
  replacement: string,
  mode: 'key' | 'value',
): LocatedSite | undefined {
  const text = placed.segment.text;
  const patched = `${text.slice(0, line.start + from)}${replacement}${text.slice(line.start + line.text.length)}`;
  // Template expressions are blanked as for validation, so that a Helm template parses.
  let document: Document.Parsed;
  try {
    document = parseDocumentFast(blankTemplates(patched)?.text ?? patched, {
      ...yamlParseOptions,
      uniqueKeys: false,
    });
  } catch {
    // The parser failed on this text (as ParsedSegment.unparsed reports): nothing to offer.
    return undefined;
  }
  const found = findMarker(document.contents, []);
  if (!found || (mode === 'value' && found.mode !== 'value')) {
    return undefined;
  }
  // An alias bomb, an alias inside its own anchor, or a merge key (`<<: *a`) whose alias is not
  // a map yet: nothing to offer.
  const data = plainData(document, maxAliasCount);
  if (data === undefined) {
    return undefined;
  }
  const existingKeys = new Set<string>();
  let path = found.path;
  if (mode === 'key') {
    path = path.slice(0, -1);
    const container = path.length === 0 ? document.contents : document.getIn(path, true);
    if (isMap(container)) {
      for (const pair of container.items) {
        const key = keyText(pair);
        if (key !== undefined && key !== marker) {
          existingKeys.add(key);
        }
      }
    }
  }
  return { path, existingKeys, data };
}

/** The pair whose key starts exactly at a segment offset, with the path of its map. */
function pairWithKeyAt(
  node: unknown,
  offset: number,
  path: PathSegment[],
): { map: YAMLMap; pair: Pair; path: PathSegment[] } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        return { map: node, pair, path };
      }
      const key = keyText(pair);
      const range = (pair.value as Node | null)?.range;
      if (key !== undefined && range && range[0] <= offset && offset <= range[2]) {
        const found = pairWithKeyAt(pair.value, offset, [...path, key]);
        if (found) {
          return found;
        }
      }
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const range = (item as Node | null)?.range;
      if (range && range[0] <= offset && offset <= range[2]) {
        const found = pairWithKeyAt(item, offset, [...path, index]);
        if (found) {
          return found;
        }
      }
    }
  }
  return undefined;
}

/** A copy of `data` with the value at `path` replaced; the original is not touched. */
function updatedAt(
  data: unknown,
  path: readonly PathSegment[],
  update: (value: unknown) => unknown,
): unknown {
  if (path.length === 0) {
    return update(data);
  }
  const [head, ...rest] = path;
  if (Array.isArray(data) && typeof head === 'number') {
    const copy = [...(data as unknown[])];
    copy[head] = updatedAt(copy[head], rest, update);
    return copy;
  }
  const record = (data ?? {}) as Record<string, unknown>;
  return { ...record, [String(head)]: updatedAt(record[String(head)], rest, update) };
}

/**
 * What {@link locateWithMarker} would find, read from the parse of the current version when the
 * cursor's line is already a whole `key:` or `key: value` pair of a block map (a key being
 * changed, a value being typed after its colon): no parse on this path, whatever the size of the
 * document. Anything else — a key being typed, an empty line, a value that goes on over several
 * lines, anchors and tags, a document with errors — returns undefined, and the marker parse
 * decides.
 */
function locateInParse(
  placed: PlacedSegment,
  line: LineInfo,
  keyColumn: number,
  mode: 'key' | 'value',
  typedKey?: string,
): LocatedSite | undefined {
  const { documents } = placed.segment;
  const document = documents.length === 1 ? documents[0]! : undefined;
  if (!document || document.errors.length > 0) {
    return undefined;
  }
  const keyStart = line.start + keyColumn;
  const lineEnd = line.start + line.text.length;
  const found = pairWithKeyAt(document.contents, keyStart, []);
  const key = found ? keyText(found.pair) : undefined;
  const keyNode = found?.pair.key as Scalar | undefined;
  if (!found || found.map.flow || key === undefined || !keyNode?.range || keyNode.anchor || keyNode.tag) {
    return undefined;
  }
  if (typedKey !== undefined && placed.segment.text.slice(keyStart, keyNode.range[1]) !== typedKey) {
    return undefined;
  }
  const value = found.pair.value as Node | null;
  if (value && (value.anchor || value.tag)) {
    return undefined;
  }
  // The marker takes the place of the rest of the line; what starts on a later line stays.
  const valueOnLine = !!value?.range && value.range[0] < lineEnd;
  if (valueOnLine && (!isScalar(value) || value.range![1] > lineEnd)) {
    return undefined;
  }
  if (mode === 'value' && value && !valueOnLine && !(isScalar(value) && value.value === null)) {
    return undefined;
  }
  const data = placed.segment.toJS(document);
  if (data === undefined) {
    return undefined;
  }
  if (mode === 'value') {
    const path = [...found.path, key];
    return { path, existingKeys: new Set(), data: updatedAt(data, path, () => marker) };
  }
  const existingKeys = new Set<string>();
  for (const pair of found.map.items) {
    const name = keyText(pair);
    if (pair !== found.pair && name !== undefined) {
      existingKeys.add(name);
    }
  }
  const markerValue = valueOnLine ? null : (valueAt(data, [...found.path, key]) ?? null);
  return {
    path: found.path,
    existingKeys,
    data: updatedAt(data, found.path, (map) =>
      Object.fromEntries(
        Object.entries((map ?? {}) as Record<string, unknown>).map(([name, child]) =>
          name === key ? [marker, markerValue] : [name, child],
        ),
      ),
    ),
  };
}

/** Finds what the cursor completes: a key of some object, or the value of some key. */
export function findCompletionSite(file: ManifestFile, position: Position): CompletionSite | undefined {
  const placed = file.segmentAtLine(position.line);
  if (!placed) {
    return undefined;
  }
  const line = lineOf(placed, position.line);
  const prefix = line.text.slice(0, position.character);
  if (/^\s*#/.test(prefix) || /^(?:---|\.\.\.)/.test(line.text)) {
    return undefined;
  }
  const lead = /^(\s*(?:-\s+)*)/.exec(prefix)![1]!;
  const rest = prefix.slice(lead.length);
  const valueMatch = /^((?:"[^"]*"|'[^']*'|[^\s:#'"][^:#]*?)):(\s*)(.*)$/.exec(rest);
  if (valueMatch && !/^\s*[[{]/.test(valueMatch[3]!)) {
    // `key: partial` — complete the value.
    const valueStart = lead.length + valueMatch[1]!.length + 1 + valueMatch[2]!.length;
    const spacer = valueMatch[2]!.length === 0 ? ' ' : '';
    const located =
      locateInParse(placed, line, lead.length, 'value', valueMatch[1]) ??
      locateWithMarker(
        placed,
        line,
        lead.length + valueMatch[1]!.length + 1,
        `${spacer || valueMatch[2]}${marker}`,
        'value',
      );
    if (!located) {
      return undefined;
    }
    const wordEnd = tokenEnd(line.text, position.character);
    return { ...site(position, located, 'value', valueStart, wordEnd, lead.length), valuePrefix: spacer };
  }
  if (/[:{}[\]]/.test(rest) || (rest.startsWith('"') && !rest.endsWith('"'))) {
    return undefined;
  }
  // A key being typed (or an empty line): the marker becomes that key. Without a colon after the
  // key, the line holds no pair of the parse (an implicit key ends on its line, with its colon),
  // so the segment's own parse is not asked for: the marker parse alone answers the first
  // keystroke of a new key, before the validation parses the edited segment.
  const hasPair = line.text.includes(':', lead.length);
  const located =
    (hasPair ? locateInParse(placed, line, lead.length, 'key') : undefined) ??
    locateWithMarker(placed, line, lead.length, `${marker}: `, 'key');
  if (!located) {
    return undefined;
  }
  const wordEnd = tokenEnd(line.text, position.character);
  return site(position, located, 'key', lead.length, wordEnd, lead.length);
}

function tokenEnd(text: string, from: number): number {
  const match = /^[^\s:#]*/.exec(text.slice(from));
  return from + (match?.[0].length ?? 0);
}

function site(
  position: Position,
  located: LocatedSite,
  mode: 'key' | 'value',
  replaceStart: number,
  replaceEnd: number,
  keyColumn: number,
): CompletionSite {
  return {
    mode,
    path: located.path,
    existingKeys: located.existingKeys,
    replace: {
      start: { line: position.line, character: replaceStart },
      end: { line: position.line, character: Math.max(replaceEnd, position.character) },
    },
    keyColumn,
    data: located.data,
    valuePrefix: '',
  };
}
