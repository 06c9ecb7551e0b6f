/**
 * A values file as a tree: each key with where it is written, its value and its comment. Read
 * once per text (the chart store keeps it with the text). A chart's values.yaml holds the default
 * values its templates read as `.Values` (https://helm.sh/docs/chart_template_guide/values_files/).
 *
 * Comments are the lines of `#` just above a key (and a comment after its value on the same
 * line), as chart authors document values (`# -- ` is helm-docs' marker, dropped here).
 */
import { isMap, isScalar, isSeq, type Node, parseDocument, type Scalar } from 'yaml';

export type ValueKind = 'map' | 'list' | 'scalar' | 'null';

export interface ValuesNode {
  readonly key: string;
  readonly path: readonly string[];
  /** Offsets of the key in the file (of the value for the root). */
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly kind: ValueKind;
  /** The value as written, shortened: `nginx`, `3`, `{}`, `[…]`, `{…}`. */
  readonly preview: string;
  readonly comment: string | undefined;
  /** A map's keys; a list's items by index. */
  readonly children: ReadonlyMap<string, ValuesNode>;
  /** A map written empty (`{}`) or a null: a place for keys the user gives. */
  readonly open: boolean;
  /** The plain value (for checking against the chart's schema). */
  readonly data: unknown;
}

export interface ValuesTree {
  readonly root: ValuesNode;
  /** The file has YAML errors (what is read may be partial). */
  readonly broken: boolean;
}

/**
 * The keys a values file writes in comments (`# resources:`, `#   limits:`), each path joined by
 * `\u0000`: chart authors document a value the user may set by writing it commented out (as
 * `helm create`'s values.yaml does under `resources: {}`). Nested by indentation, a commented
 * key's column taken at its `#` plus the spaces after the first: a line-based reading that may
 * place a key too deep, never too shallow.
 */
export function commentedKeyPaths(text: string): Set<string> {
  const paths = new Set<string>();
  const stack: { indent: number; key: string }[] = [];
  for (const line of text.split('\n')) {
    const real = /^(\s*(?:-\s+)*)([A-Za-z0-9_.-]+|"[^"]*"|'[^']*')\s*:(?:\s|$)/.exec(line);
    const commented = real ? undefined : /^(\s*)#(\s*)([A-Za-z0-9_-]+)\s*:(?:\s|$)/.exec(line);
    if (!real && !commented) {
      continue;
    }
    const indent = real ? real[1]!.length : commented![1]!.length + Math.max(0, commented![2]!.length - 1);
    const key = real ? real[2]!.replace(/^["']|["']$/g, '') : commented![3]!;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) {
      stack.pop();
    }
    stack.push({ indent, key });
    if (commented) {
      paths.add(stack.map((entry) => entry.key).join('\u0000'));
    }
  }
  return paths;
}

const emptyRoot: ValuesNode = {
  key: '',
  path: [],
  keyStart: 0,
  keyEnd: 0,
  kind: 'map',
  preview: '{}',
  comment: undefined,
  children: new Map(),
  open: false,
  data: {},
};

/** Reads a values file (bad input gives an empty tree, never an exception). */
export function readValuesTree(text: string): ValuesTree {
  try {
    const document = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
    const contents = document.contents as Node | null;
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 100 }) as unknown;
    } catch {
      data = undefined;
    }
    const root = contents ? nodeOf(contents, '', [], 0, 0, undefined, data ?? {}) : emptyRoot;
    return { root, broken: document.errors.length > 0 };
  } catch {
    return { root: emptyRoot, broken: true };
  }
}

function cleanComment(comment: string | null | undefined): string | undefined {
  if (!comment) {
    return undefined;
  }
  const text = comment
    .split('\n')
    .map((line) => line.replace(/^\s?(--\s?)?/, ''))
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

function nodeOf(
  node: Node,
  key: string,
  path: readonly string[],
  keyStart: number,
  keyEnd: number,
  comment: string | undefined,
  data: unknown,
): ValuesNode {
  const children = new Map<string, ValuesNode>();
  let kind: ValueKind = 'scalar';
  let preview: string;
  if (isMap(node)) {
    kind = 'map';
    node.items.forEach((pair, index) => {
      const keyNode = pair.key as Node | null;
      if (!isScalar(keyNode) || keyNode.value === null || keyNode.value === undefined) {
        return;
      }
      const raw: unknown = keyNode.value;
      const name =
        typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean'
          ? String(raw)
          : JSON.stringify(raw);
      const value = pair.value as Node | null;
      // The comment above the first key of a nested map is the map's own commentBefore.
      const above = keyNode.commentBefore ?? (index === 0 ? node.commentBefore : undefined);
      const after = value && (isScalar(value) ? value.comment : undefined);
      const text = [cleanComment(above), cleanComment(after)].filter(Boolean).join('\n');
      const [start, end] = keyNode.range ?? [0, 0];
      const childData = isObject(data) ? data[name] : undefined;
      children.set(
        name,
        value
          ? nodeOf(value, name, [...path, name], start, end, text || undefined, childData)
          : nullNode(name, [...path, name], start, end, text || undefined),
      );
    });
    preview = node.items.length === 0 ? '{}' : '{…}';
  } else if (isSeq(node)) {
    kind = 'list';
    node.items.forEach((item, index) => {
      const value = item as Node | null;
      if (value) {
        const [start, end] = value.range ?? [0, 0];
        const childData = Array.isArray(data) ? (data[index] as unknown) : undefined;
        children.set(
          String(index),
          nodeOf(value, String(index), [...path, String(index)], start, end, undefined, childData),
        );
      }
    });
    preview = node.items.length === 0 ? '[]' : '[…]';
  } else if (isScalar(node)) {
    const scalar: Scalar = node;
    kind = scalar.value === null || scalar.value === undefined ? 'null' : 'scalar';
    const source = typeof scalar.source === 'string' ? scalar.source : String(scalar.value);
    preview =
      kind === 'null' ? 'null' : scalar.type === 'PLAIN' ? source : JSON.stringify(String(scalar.value));
    if (preview.length > 80) {
      preview = `${preview.slice(0, 77)}…`;
    }
  } else {
    preview = '…';
  }
  const rootRange = node.range ?? [0, 0, 0];
  return {
    key,
    path,
    keyStart: path.length === 0 ? rootRange[0] : keyStart,
    keyEnd: path.length === 0 ? rootRange[0] : keyEnd,
    kind,
    preview,
    comment,
    children,
    open: kind === 'null' || (kind === 'map' && children.size === 0),
    data,
  };
}

function nullNode(
  key: string,
  path: readonly string[],
  start: number,
  end: number,
  comment?: string,
): ValuesNode {
  return {
    key,
    path,
    keyStart: start,
    keyEnd: end,
    kind: 'null',
    preview: 'null',
    comment,
    children: new Map(),
    open: true,
    data: null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node at a path, if the file writes it. */
export function valuesNodeAt(root: ValuesNode, path: readonly string[]): ValuesNode | undefined {
  let node: ValuesNode | undefined = root;
  for (const key of path) {
    node = node.children.get(key);
    if (!node) {
      return undefined;
    }
  }
  return node;
}
