/**
 * Walking the YAML syntax tree by path and by offset. Offsets are segment-relative, as the
 * `yaml` package reports them.
 */
import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { PathSegment } from '../common/paths';

export type YamlPath = PathSegment[];

/** What lies at an offset: the path to it, and whether the offset is on a key or a value. */
export interface NodeAtOffset {
  path: YamlPath;
  /** The innermost node whose range contains the offset. */
  node: Node | null;
  /** On a key: the pair whose key holds the offset. */
  keyPair?: Pair;
  /** On a value (or after a key's colon): the pair that holds it. */
  valuePair?: Pair;
}

function nodeRange(node: Node | null | undefined): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? [range[0], range[1]] : undefined;
}

/** Whether a node's range holds an offset (read in place: this runs for every item on a path). */
function within(node: Node | null | undefined, offset: number): boolean {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range !== undefined && offset >= range[0] && offset <= range[1];
}

/** Finds the innermost key or value at an offset. */
export function findNodeAtOffset(document: Document.Parsed, offset: number): NodeAtOffset {
  const path: YamlPath = [];
  let current: Node | null = document.contents;
  for (;;) {
    if (isMap(current)) {
      const hit = pairAtOffset(current, offset);
      if (!hit) {
        return { path, node: current };
      }
      const key = keyText(hit.pair);
      if (hit.onKey) {
        return {
          path: key === undefined ? path : [...path, key],
          node: hit.pair.key as Node,
          keyPair: hit.pair,
        };
      }
      if (key === undefined) {
        return { path, node: current };
      }
      path.push(key);
      const value = hit.pair.value as Node | null;
      if (!isMap(value) && !isSeq(value)) {
        return { path, node: value, valuePair: hit.pair };
      }
      current = value;
    } else if (isSeq(current)) {
      const index = current.items.findIndex((item) => within(item as Node, offset));
      if (index < 0) {
        return { path, node: current };
      }
      path.push(index);
      const item = current.items[index] as Node | null;
      if (!isMap(item) && !isSeq(item)) {
        return { path, node: item };
      }
      current = item;
    } else {
      return { path, node: current };
    }
  }
}

function pairAtOffset(map: YAMLMap, offset: number): { pair: Pair; onKey: boolean } | undefined {
  for (const pair of map.items) {
    if (within(pair.key as Node, offset)) {
      return { pair, onKey: true };
    }
    if (within(pair.value as Node | null, offset)) {
      return { pair, onKey: false };
    }
  }
  return undefined;
}

/** The text of a scalar key, or undefined for complex keys. */
export function keyText(pair: Pair): string | undefined {
  if (isScalar(pair.key)) {
    const value = pair.key.value;
    return typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : undefined;
  }
  return undefined;
}

/** The node at a path, or undefined. */
export function nodeAtPath(document: Document.Parsed, path: readonly PathSegment[]): Node | null | undefined {
  let current: unknown = document.contents;
  for (const segment of path) {
    if (isMap(current)) {
      const pair = findPair(current, segment);
      if (!pair) {
        return undefined;
      }
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      current = current.items[segment];
    } else {
      return undefined;
    }
  }
  return current as Node | null | undefined;
}

/** The pair of a map with this key. */
export function findPair(map: YAMLMap, key: PathSegment): Pair | undefined {
  return map.items.find((pair) => isPair(pair) && keyText(pair) === String(key));
}

/** The pair that holds the last segment of a path (for a string segment). */
export function pairAtPath(document: Document.Parsed, path: readonly PathSegment[]): Pair | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') {
    return undefined;
  }
  const parent = nodeAtPath(document, path.slice(0, -1));
  return isMap(parent) ? findPair(parent, last) : undefined;
}

/**
 * The range to report a problem of the node at a path on: for a field, its key; for a list
 * item, the item's first line (its first key, or the item itself).
 */
export function anchorRange(
  document: Document.Parsed,
  path: readonly PathSegment[],
): [number, number] | undefined {
  const pair = pairAtPath(document, path);
  if (pair) {
    return nodeRange(pair.key as Node);
  }
  const node = nodeAtPath(document, path);
  if (isMap(node) && node.items[0]) {
    return nodeRange(node.items[0].key as Node);
  }
  if (node) {
    return nodeRange(node);
  }
  // Not written here (it came with a merge key `<<`, say): the deepest ancestor that is, on its
  // merge key if it has one, else on its first key; at worst the document's first key.
  for (let length = path.length - 1; length >= 0; length--) {
    const ancestor = length === 0 ? document.contents : nodeAtPath(document, path.slice(0, length));
    if (isMap(ancestor) && ancestor.items[0]) {
      const merge = ancestor.items.find((pair) => isScalar(pair.key) && pair.key.value === '<<');
      return nodeRange((merge ?? ancestor.items[0]).key as Node);
    }
    if (ancestor) {
      return nodeRange(ancestor);
    }
  }
  return undefined;
}

/** The range of the value at a path (the key when there is no value). */
export function valueRange(
  document: Document.Parsed,
  path: readonly PathSegment[],
): [number, number] | undefined {
  const node = nodeAtPath(document, path);
  return node ? nodeRange(node) : anchorRange(document, path);
}

/** The range of a node, [start, end) of its value without trailing comments. */
export function rangeOf(node: Node | null | undefined): [number, number] | undefined {
  return nodeRange(node);
}

export function isCollection(node: unknown): node is YAMLMap | YAMLSeq {
  return isMap(node) || isSeq(node);
}
