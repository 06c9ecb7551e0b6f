/**
 * Completion: the keys valid at the cursor for the document's kind, enum and boolean values,
 * kinds and apiVersions, the required skeleton of the current object, and values that refer to
 * something else in the same pod (named ports, volume names).
 *
 * The place of the cursor is found by asking the YAML parser itself: the line being typed is
 * replaced by a marker key (or value), the document is parsed again, and the marker's path is
 * where the completion goes. This follows YAML's own indentation rules, also while the document
 * is incomplete.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, type Scalar, type YAMLMap } from 'yaml';
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { type Catalog, type FieldInfo, type KindData, apiVersionOf, fieldsOf } from '../catalog/catalog';
import { typeGuess } from '../catalog/explain';
import { containerListFields, lifecycleHookFields, probeFields, readPodView } from '../kubernetes/podView';
import { listOf, objectOf, valueAt } from '../util/guards';
import type { PathSegment } from '../common/paths';
import { requiredFields } from '../schema/apiRequired';
import { type ResolvedType, resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import { keyText } from '../yaml/astPath';
import {
  blankTemplates,
  type ManifestFile,
  type PlacedSegment,
  yamlParseOptions,
} from '../yaml/manifestFile';

const marker = '__podscope_cursor__';

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
  const document = parseDocument(blankTemplates(patched)?.text ?? patched, {
    ...yamlParseOptions,
    uniqueKeys: false,
  });
  const found = findMarker(document.contents, []);
  if (!found || (mode === 'value' && found.mode !== 'value')) {
    return undefined;
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch {
    // An alias bomb, or a merge key (`<<: *a`) whose alias is not a map yet: nothing to offer.
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
  file: ManifestFile,
  placed: PlacedSegment,
  line: LineInfo,
  keyColumn: number,
  mode: 'key' | 'value',
  typedKey?: string,
): LocatedSite | undefined {
  const documents = file.documents.filter((document) => document.segment === placed.segment);
  const document = documents.length === 1 ? documents[0]! : undefined;
  if (!document || document.yaml.errors.length > 0) {
    return undefined;
  }
  const keyStart = line.start + keyColumn;
  const lineEnd = line.start + line.text.length;
  const found = pairWithKeyAt(document.yaml.contents, keyStart, []);
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
  const data = document.toJS();
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
      locateInParse(file, placed, line, lead.length, 'value', valueMatch[1]) ??
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
  // A key being typed (or an empty line): the marker becomes that key.
  const located =
    locateInParse(file, placed, line, lead.length, 'key') ??
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

/** The catalog kind of the data at the cursor's document, when it has one. */
function kindOf(catalog: Catalog, data: unknown): KindData | undefined {
  const { apiVersion, kind } = (data ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    kind !== marker &&
    apiVersion !== marker
    ? catalog.resolveKind(apiVersion, kind)
    : undefined;
}

export function doComplete(catalog: Catalog, file: ManifestFile, position: Position): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const completionSite = findCompletionSite(file, position);
  if (!completionSite) {
    return empty;
  }
  const { data } = completionSite;
  const root = (data ?? {}) as Record<string, unknown>;
  const isRoot = completionSite.path.length === 0;
  const hasIdentityKey = 'apiVersion' in root || 'kind' in root;
  if (!hasIdentityKey) {
    // Not (yet) a Kubernetes manifest: only offer to start one, at the top level of a document
    // that holds nothing else yet. A docker-compose file or a workflow gets nothing from us.
    const startsDocument = Object.keys(root).every((key) => key === marker);
    return isRoot && completionSite.mode === 'key' && startsDocument
      ? { isIncomplete: false, items: identityKeyItems(completionSite) }
      : empty;
  }
  if (completionSite.mode === 'value' && completionSite.path.length === 1) {
    if (completionSite.path[0] === 'kind') {
      return { isIncomplete: false, items: kindItems(catalog, completionSite) };
    }
    if (completionSite.path[0] === 'apiVersion') {
      return { isIncomplete: false, items: apiVersionItems(catalog, completionSite, root.kind) };
    }
  }
  const kind = kindOf(catalog, data);
  if (!kind) {
    return isRoot && completionSite.mode === 'key'
      ? { isIncomplete: false, items: identityKeyItems(completionSite) }
      : empty;
  }
  const items =
    completionSite.mode === 'key'
      ? keyItems(catalog, kind, completionSite)
      : valueItems(catalog, kind, completionSite);
  return { isIncomplete: false, items };
}

function identityKeyItems(completionSite: CompletionSite): CompletionItem[] {
  return ['apiVersion', 'kind']
    .filter((name) => !completionSite.existingKeys.has(name))
    .map((name) => ({
      label: name,
      kind: CompletionItemKind.Property,
      detail: '<string>',
      textEdit: { range: completionSite.replace, newText: `${name}: ` },
      command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    }));
}

function kindItems(catalog: Catalog, completionSite: CompletionSite): CompletionItem[] {
  const seen = new Map<string, KindData>();
  for (const entry of catalog.kinds) {
    if (!entry.kind.endsWith('List') && !seen.has(entry.kind)) {
      seen.set(entry.kind, catalog.findKinds(entry.kind)[0]!);
    }
  }
  return [...seen.values()].map((entry) => ({
    label: entry.kind,
    kind: CompletionItemKind.Class,
    detail: apiVersionOf(entry),
    documentation: catalog.getDefinition(entry.definition)?.description,
    textEdit: { range: completionSite.replace, newText: `${completionSite.valuePrefix}${entry.kind}` },
    ...(entry.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
  }));
}

function apiVersionItems(catalog: Catalog, completionSite: CompletionSite, kind: unknown): CompletionItem[] {
  const entries =
    typeof kind === 'string' && catalog.findKinds(kind).length > 0 ? catalog.findKinds(kind) : catalog.kinds;
  const versions = [...new Set(entries.map(apiVersionOf))];
  return versions.map((apiVersion, index) => ({
    label: apiVersion,
    kind: CompletionItemKind.EnumMember,
    sortText: String(index).padStart(4, '0'),
    ...(index === 0 ? { preselect: true } : {}),
    textEdit: { range: completionSite.replace, newText: `${completionSite.valuePrefix}${apiVersion}` },
  }));
}

function fieldDocumentation(
  field: FieldInfo,
): { kind: typeof MarkupKind.Markdown; value: string } | undefined {
  const description = field.field.description;
  return description ? { kind: MarkupKind.Markdown, value: description } : undefined;
}

function keyItems(catalog: Catalog, kind: KindData, completionSite: CompletionSite): CompletionItem[] {
  const location = resolveSchemaPath(catalog, kind, completionSite.path);
  if (!location) {
    return [];
  }
  const resolved = resolveType(catalog, location.type);
  if (resolved.kind !== 'object') {
    return [];
  }
  const required = new Set(requiredFields(resolved.id, resolved.definition.required));
  const items: CompletionItem[] = [];
  for (const field of fieldsOf(catalog, resolved.id)) {
    if (completionSite.existingKeys.has(field.name)) {
      continue;
    }
    const fieldType = resolveType(catalog, field.type);
    const isRequired = required.has(field.name);
    const item: CompletionItem = {
      label: field.name,
      kind: CompletionItemKind.Property,
      detail: `<${typeGuess(field.type)}>${isRequired ? ' -required-' : ''}`,
      sortText: `${isRequired ? '0' : '1'}${field.name}`,
      filterText: field.name,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: {
        range: completionSite.replace,
        newText: keySnippet(field.name, fieldType, completionSite.keyColumn),
      },
    };
    const documentation = fieldDocumentation(field);
    if (documentation) {
      item.documentation = documentation;
    }
    if (field.field.deprecated) {
      item.tags = [CompletionItemTag.Deprecated];
    }
    if (field.field.enum || (fieldType.kind === 'scalar' && fieldType.name === 'boolean')) {
      item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    }
    items.push(item);
  }
  const skeleton = requiredSkeleton(
    catalog,
    resolved.id,
    completionSite.existingKeys,
    completionSite.keyColumn,
  );
  if (skeleton) {
    items.push({
      label: 'required fields',
      kind: CompletionItemKind.Snippet,
      detail: skeleton.names.join(', '),
      documentation: {
        kind: MarkupKind.Markdown,
        value: `Inserts the required fields of this object: ${skeleton.names.map((name) => `\`${name}\``).join(', ')}.`,
      },
      sortText: '00',
      filterText: skeleton.names.join(' '),
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range: completionSite.replace, newText: skeleton.text },
    });
  }
  return items;
}

/** The text inserted for a key, with the cursor ($0) where its value goes. */
function keySnippet(name: string, type: ResolvedType, column: number): string {
  const childIndent = ' '.repeat(column + 2);
  switch (type.kind) {
    case 'object':
    case 'map':
      return `${name}:\n${childIndent}$0`;
    case 'array':
      return `${name}:\n${childIndent}- $0`;
    default:
      return `${name}: $0`;
  }
}

/**
 * The required fields of an object, as snippet lines starting at the cursor's column; objects and
 * lists of objects among them get their own required fields, a few levels deep.
 */
function requiredSkeleton(
  catalog: Catalog,
  definitionId: string,
  existing: ReadonlySet<string>,
  column: number,
): { names: string[]; text: string } | undefined {
  let tabStop = 1;
  const lines = (
    id: string,
    skip: ReadonlySet<string>,
    indent: number,
    depth: number,
    firstPrefix: string,
  ): string[] => {
    const definition = catalog.getDefinition(id);
    const names = requiredFields(id, definition?.required).filter((name) => !skip.has(name));
    const out: string[] = [];
    names.forEach((name, index) => {
      const field = definition?.properties?.[name];
      const pad = index === 0 ? firstPrefix : ' '.repeat(indent);
      const type = field ? resolveType(catalog, catalog.parseType(field.type)) : ({ kind: 'any' } as const);
      if (type.kind === 'object' && depth < 3) {
        const inner = lines(type.id, new Set(), indent + 2, depth + 1, ' '.repeat(indent + 2));
        out.push(inner.length > 0 ? `${pad}${name}:` : `${pad}${name}: {}`, ...inner);
      } else if (type.kind === 'array' && depth < 3) {
        const items = resolveType(catalog, type.items);
        const inner =
          items.kind === 'object'
            ? lines(items.id, new Set(), indent + 4, depth + 1, `${' '.repeat(indent + 2)}- `)
            : [];
        out.push(
          `${pad}${name}:`,
          ...(inner.length > 0 ? inner : [`${' '.repeat(indent + 2)}- \${${tabStop++}}`]),
        );
      } else {
        const enumValues = field?.enum;
        const value =
          enumValues && enumValues.length > 0
            ? `\${${tabStop++}|${enumValues.map(escapeChoice).join(',')}|}`
            : `\${${tabStop++}}`;
        out.push(`${pad}${name}: ${value}`);
      }
    });
    return out;
  };
  const definition = catalog.getDefinition(definitionId);
  const names = requiredFields(definitionId, definition?.required).filter((name) => !existing.has(name));
  if (names.length === 0) {
    return undefined;
  }
  const text = lines(definitionId, existing, column, 0, '').join('\n');
  return { names, text };
}

function escapeChoice(value: string): string {
  return value.replace(/[,|\\$}]/g, (char) => `\\${char}`);
}

function valueItems(catalog: Catalog, kind: KindData, completionSite: CompletionSite): CompletionItem[] {
  const location = resolveSchemaPath(catalog, kind, completionSite.path);
  const items: CompletionItem[] = [];
  const replace = (text: string): { range: Range; newText: string } => ({
    range: completionSite.replace,
    newText: `${completionSite.valuePrefix}${text}`,
  });
  if (location) {
    const field = location.field;
    const type = resolveType(catalog, location.type);
    const enumValues = field?.field.enum;
    if (enumValues && type.kind === 'scalar') {
      enumValues.forEach((value, index) => {
        const documentation = field.field.enumDescriptions?.[index];
        items.push({
          label: value === '' ? '""' : value,
          kind: CompletionItemKind.EnumMember,
          detail: `${field.name}`,
          ...(documentation ? { documentation } : {}),
          textEdit: replace(value === '' ? '""' : value),
        });
      });
    } else if (type.kind === 'scalar' && type.name === 'boolean') {
      for (const value of ['true', 'false']) {
        items.push({ label: value, kind: CompletionItemKind.Value, textEdit: replace(value) });
      }
    }
  }
  for (const reference of referenceValues(kind, completionSite)) {
    items.push({
      label: reference.value,
      kind: CompletionItemKind.Reference,
      detail: reference.detail,
      textEdit: replace(reference.value),
    });
  }
  return items;
}

/**
 * Values that refer to something else in the same pod: a probe's or hook's named `port`
 * offers the container's port names; `volumeMounts[].name` offers the pod's volumes.
 */
function referenceValues(
  kind: KindData,
  completionSite: CompletionSite,
): { value: string; detail: string }[] {
  // The pod of the data with the marker: the document's own view predates what is being typed.
  const pod = readPodView(kind.kind, completionSite.data);
  const path = completionSite.path;
  if (!pod || !pod.path.every((segment, index) => path[index] === segment)) {
    return [];
  }
  const [list, index, ...rest] = path.slice(pod.path.length);
  if (!containerListFields.some((field) => field === list) || typeof index !== 'number') {
    return [];
  }
  const container = pod.containers.find((entry) => entry.list === list && entry.index === index);
  const last = rest[rest.length - 1];
  const handlerPort =
    last === 'port' &&
    ((rest.length === 3 &&
      probeFields.some((field) => field === rest[0]) &&
      (rest[1] === 'httpGet' || rest[1] === 'tcpSocket')) ||
      (rest.length === 4 &&
        rest[0] === 'lifecycle' &&
        lifecycleHookFields.some((field) => field === rest[1]) &&
        (rest[2] === 'httpGet' || rest[2] === 'tcpSocket')));
  if (handlerPort) {
    return listOf(container?.data.ports).flatMap((port) => {
      const { name, containerPort } = objectOf(port) ?? {};
      return typeof name === 'string' && name !== '' && name !== marker
        ? [{ value: name, detail: `containerPort ${String(containerPort)}` }]
        : [];
    });
  }
  if (rest.length === 3 && rest[0] === 'volumeMounts' && typeof rest[1] === 'number' && rest[2] === 'name') {
    return pod.volumes.flatMap(({ name, data }) => {
      const source = Object.keys(data).find((key) => key !== 'name');
      return name !== undefined && name !== '' && name !== marker
        ? [{ value: name, detail: source ? `volume (${source})` : 'volume' }]
        : [];
    });
  }
  return [];
}
