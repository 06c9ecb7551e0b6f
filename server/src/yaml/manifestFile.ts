/**
 * The YAML document model: a file is split into segments at document markers (`---`, `...`),
 * and each segment is parsed on its own with the `yaml` package. A segment's parse is keyed by
 * its exact text, so after an edit only the document that changed is parsed again; the others
 * are reused with their line offset moved.
 *
 * Splitting at markers is exact: a line that starts with `---` or `...` followed by a space or
 * the end of the line is a document marker wherever it occurs (YAML 1.2, c-forbidden), even
 * inside a block scalar.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type ParseOptions,
  type Scalar,
  type Tags,
} from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { parseAllDocumentsFast } from './blockTokens';
import { readTemplateBranches, type TemplateBranches } from './templateBranches';
import { detached, type SegmentBounds, splitAfterChanges, splitAfterEdit, splitSegments } from './segments';
import { shapeTemplate, withTemplateText } from './templateShape';
import type { TextChange } from '../util/editableDocument';
import { lastIndexAtOrBefore } from '../util/text';

/**
 * Kubernetes reads manifests with YAML 1.1 rules (sigs.k8s.io/yaml over go-yaml v2): `yes`,
 * `on` and `y` are booleans, `0644` is octal, and `<<` merges maps. go-yaml v2 keeps
 * timestamps as strings when decoding into untyped values, so the timestamp tag is left out.
 */
export const yamlParseOptions: ParseOptions & {
  version: '1.1';
  merge: boolean;
  logLevel: 'error';
} = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  // The parser would print a warning to stderr (the editor's output channel) on every
  // keystroke for some half-typed YAML, e.g. a list as a map key; findings are ours to report.
  logLevel: 'error',
};

const schemaOptions = {
  customTags: (tags: Tags): Tags =>
    tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  // Unknown custom tags (`!Ref`, `!vault`) resolve to their plain value instead of failing.
};

/** How a segment is parsed: the YAML 1.1 rules and the schema above. */
export const segmentParseOptions = { ...yamlParseOptions, ...schemaOptions };

/** A cheap look at text that is not parsed: does it read like a Kubernetes manifest? */
export function looksLikeKubernetes(text: string): boolean {
  const head = text.slice(0, 65536);
  return /^apiVersion:/m.test(head) && /^kind:/m.test(head);
}

/** At most this many YAML documents per file are parsed. */
export const maxDocuments = 5000;

/** Alias expansion is bounded: a "billion laughs" document must not exhaust memory. */
export const maxAliasCount = 1000;

/**
 * A parsed YAML document as plain data; undefined when it cannot be built safely: it expands more
 * than `aliasLimit` aliases (an alias bomb), or an alias refers to a node that holds it
 * (`a: &x {b: *x}`), which would make the data contain itself and every reader recurse for ever.
 */
export function plainData(document: Document, aliasLimit: number): unknown {
  const plain = plainTree(document.contents);
  if (plain !== notPlainTree) {
    return plain;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: aliasLimit });
  } catch {
    return undefined;
  }
  return containsItself(value) ? undefined : value;
}

/** What plainTree gives for a tree it leaves to the package's toJS. */
const notPlainTree = Symbol('not a plain tree');

/**
 * What the package's `toJS` gives for a tree of untagged maps with string keys, sequences and
 * scalars (nearly every manifest), without toJS's context for anchors, merge keys and key
 * conversion, which is most of its cost; notPlainTree for any other tree. Left to toJS: aliases,
 * tagged collections (a `!!set` is a map, an `!!omap` a sequence, and both convert otherwise),
 * keys that are not strings (toJS turns them into strings its own way; a merge key's value is a
 * symbol), `<<` as a string too (not a merge key today, but toJS is the authority on merging),
 * and `__proto__` (which toJS defines as a property). The tree made has no alias, so it cannot
 * contain itself. test/unit/plainData.test.ts compares it with toJS.
 */
function plainTree(node: unknown): unknown {
  if (isScalar(node)) {
    // toJS keeps a scalar's value as it is, an object (`!!binary`) too.
    return node.value;
  }
  if (isMap(node)) {
    if (node.tag !== undefined) {
      return notPlainTree;
    }
    const data: Record<string, unknown> = {};
    for (const { key, value } of node.items) {
      if (
        !isScalar(key) ||
        typeof key.value !== 'string' ||
        key.value === '<<' ||
        key.value === '__proto__'
      ) {
        return notPlainTree;
      }
      const item = plainTree(value);
      if (item === notPlainTree) {
        return notPlainTree;
      }
      data[key.value] = item;
    }
    return data;
  }
  if (isSeq(node)) {
    if (node.tag !== undefined) {
      return notPlainTree;
    }
    const data: unknown[] = [];
    for (const item of node.items) {
      const value = plainTree(item);
      if (value === notPlainTree) {
        return notPlainTree;
      }
      data.push(value);
    }
    return data;
  }
  return node === null ? null : notPlainTree;
}

/** Whether plain data reaches one of its own ancestors (each shared node is walked once). */
function containsItself(root: unknown): boolean {
  const done = new Set<object>();
  const open = new Set<object>();
  // Iterative, so that deep data (256 levels are allowed) costs no stack.
  const stack: { node: object; children: unknown[]; next: number }[] = [];
  const enter = (value: unknown): boolean => {
    if (value === null || typeof value !== 'object' || done.has(value)) {
      return false;
    }
    if (open.has(value)) {
      return true;
    }
    open.add(value);
    stack.push({
      node: value,
      children: Array.isArray(value)
        ? value
        : value instanceof Map
          ? [...value.values()]
          : Object.values(value),
      next: 0,
    });
    return false;
  };
  if (enter(root)) {
    return true;
  }
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      if (enter(top.children[top.next++])) {
        return true;
      }
    } else {
      stack.pop();
      open.delete(top.node);
      done.add(top.node);
    }
  }
  return false;
}

/**
 * Deeper nesting than this is not parsed: real manifests stay far below it, and every walk over
 * the tree (ours and the parser's) is recursive.
 */
export const maxNestingDepth = 256;

/**
 * Whether `nestingDepth` of a text may be more than `limit`, told from its line starts and its
 * brackets, without the walk over every character. Each level the walk counts is an indentation
 * (a line of its own), an open bracket, or one of the `- ` entries opened on one line (two
 * characters each, the last may be one), so it is at most the lines, plus the brackets, plus half
 * the longest line. A manifest's document nearly always stays below the limit by that count (the
 * 1 MB file's 1,713 documents all do: 22 ms of its cold start spent in the walk), and finding the
 * rare brackets costs little.
 */
export function mayNestDeeperThan(text: string, lineStarts: readonly number[], limit: number): boolean {
  let longest = 0;
  for (let line = 0; line < lineStarts.length; line++) {
    longest = Math.max(longest, (lineStarts[line + 1] ?? text.length) - lineStarts[line]!);
  }
  let count = lineStarts.length + Math.ceil(longest / 2);
  for (const bracket of ['[', '{']) {
    for (
      let index = text.indexOf(bracket);
      index >= 0 && count <= limit;
      index = text.indexOf(bracket, index + 1)
    ) {
      count++;
    }
  }
  return count > limit;
}

/**
 * An upper bound of the nesting depth of a YAML text, without parsing it: indentation levels,
 * plus open flow brackets, plus the block sequences opened on one line (`- - - x`). Quoted
 * scalars are skipped; a quote counts only where a token can start, so an apostrophe inside a
 * plain scalar (`it's`) does not hide what follows. Linear in the text.
 */
export function nestingDepth(text: string): number {
  let deepest = 0;
  const indents: number[] = [];
  let flow = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  // Consecutive `- ` entries on the current line: each opens a sequence inside the previous one.
  let dashes = 0;
  let previous = '\n';
  for (let index = 0; index < text.length; previous = text[index++]!) {
    const char = text[index]!;
    if (char === '\n') {
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (quote) {
      lineStart = false;
      if (char === '\\' && quote === '"') {
        index++;
      } else if (char === quote) {
        quote = undefined;
      }
      continue;
    }
    const blankBefore = previous === ' ' || previous === '\n' || previous === '\t' || previous === '\r';
    if (char === '-') {
      const next = text[index + 1];
      const isEntry =
        blankBefore &&
        (next === undefined || next === ' ' || next === '\n' || next === '\t' || next === '\r');
      dashes = isEntry ? dashes + 1 : 0;
    } else if (char !== ' ' && char !== '\t' && char !== '\r') {
      dashes = 0;
    }
    if (lineStart) {
      if (char === ' ' || char === '-') {
        indent++;
        if (dashes > 0) {
          deepest = Math.max(deepest, indents.length + flow + dashes);
        }
        continue;
      }
      lineStart = false;
      if (char !== '#' && char !== '\r') {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) {
          indents.pop();
        }
        indents.push(indent);
      }
    }
    if (
      (char === '"' || char === "'") &&
      (blankBefore || previous === '[' || previous === '{' || previous === ',')
    ) {
      quote = char;
    } else if (char === '[' || char === '{') {
      flow++;
    } else if (char === ']' || char === '}') {
      flow = Math.max(0, flow - 1);
    } else if (char === '#' && blankBefore) {
      // A comment: skip to the end of the line.
      const end = text.indexOf('\n', index);
      index = (end < 0 ? text.length : end) - 1;
      continue;
    }
    deepest = Math.max(deepest, indents.length + flow + dashes);
  }
  return deepest;
}

/**
 * Helm and Go template expressions (`{{ … }}`), blanked out so that the YAML around them can be
 * parsed and checked: each expression becomes spaces of the same length (line breaks kept), so
 * every position stays where it was. Returns the segment-relative lines that held an expression.
 */
export function blankTemplates(text: string): { text: string; lines: Set<number> } | undefined {
  if (!text.includes('{{')) {
    return undefined;
  }
  const lines = new Set<number>();
  const pattern = /\{\{[\s\S]*?\}\}/g;
  let blanked = '';
  let copied = 0;
  let line = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const before = text.slice(copied, match.index);
    line += before.split('\n').length - 1;
    const expression = match[0];
    const breaks = expression.split('\n').length - 1;
    for (let covered = line; covered <= line + breaks; covered++) {
      lines.add(covered);
    }
    line += breaks;
    blanked += before + expression.replace(/[^\n]/g, ' ');
    copied = match.index + expression.length;
  }
  return { text: blanked + text.slice(copied), lines };
}

/** What parsing a segment's text gives (see ParsedSegment). */
interface SegmentParse {
  readonly documents: Document.Parsed[];
  readonly templateLines: ReadonlySet<number> | undefined;
  readonly templateActions: readonly (readonly [number, number])[];
  readonly placeholders: ReadonlyMap<string, string>;
  readonly unparsed: string | undefined;
}

/**
 * One chunk of the file between document markers, parsed once per distinct text. The YAML parse
 * is made on first use: completion on a new key, which parses the segment with a marker instead,
 * answers before the edited segment's own parse, which the validation after the debounce makes.
 */
export class ParsedSegment {
  readonly lineCounter = new LineCounter();
  /** What each parsed document's models hold: kept as long as this parse. */
  private readonly documentStates = new Map<Document.Parsed, DocumentState>();
  /** The parse, once made. */
  private parseCache: SegmentParse | undefined;
  /** Whether the segment nests too deep to be parsed, once known. */
  private depthCache: boolean | undefined;
  /** The template's branches, once read (`null` until then). */
  private branches: TemplateBranches | undefined | null = null;
  /** The parses of the template's branch texts, once read. */
  private branchParses: readonly ParsedSegment[] | undefined;

  constructor(readonly text: string) {
    // Line starts come from the text, not from the parser: the parser skips the line breaks
    // inside tokens it rejects, which would put every later position on the wrong line.
    this.lineCounter.addNewLine(0);
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
      this.lineCounter.addNewLine(index + 1);
    }
  }

  /** Whether the segment nests deeper than `maxNestingDepth`: it is not parsed then. */
  get tooDeep(): boolean {
    this.depthCache ??=
      mayNestDeeperThan(this.text, this.lineCounter.lineStarts, maxNestingDepth) &&
      nestingDepth(this.text) > maxNestingDepth;
    return this.depthCache;
  }

  /** Whether the YAML parse was made yet (it is made on first use). */
  get isParsed(): boolean {
    return this.parseCache !== undefined;
  }

  private get parsed(): SegmentParse {
    this.parseCache ??= this.parse();
    return this.parseCache;
  }

  private parse(): SegmentParse {
    const none = { documents: [], templateLines: undefined, templateActions: [], placeholders: new Map() };
    if (this.tooDeep) {
      return { ...none, unparsed: `Not checked: this document nests deeper than ${maxNestingDepth} levels.` };
    }
    const template = shapeTemplate(this.text);
    const shape = {
      templateLines: template?.lines,
      templateActions: template?.actions ?? [],
      placeholders: template?.placeholders ?? new Map<string, string>(),
    };
    try {
      // Block-style YAML (nearly every manifest) goes through blockTokens, in a third of the
      // package's own parse time; the documents are the package's Composer's all the same.
      return {
        ...shape,
        documents: parseAllDocumentsFast(template?.text ?? this.text, segmentParseOptions),
        unparsed: undefined,
      };
    } catch (error) {
      return {
        ...shape,
        documents: [],
        unparsed: `Not checked: the YAML parser failed on this document (${(error as Error).message}).`,
      };
    }
  }

  /** The YAML documents of the segment (none when it was not parsed: see `unparsed`). */
  get documents(): readonly Document.Parsed[] {
    return this.parsed.documents;
  }

  /** For a template (it holds `{{ … }}`): the lines with template expressions. */
  get templateLines(): ReadonlySet<number> | undefined {
    return this.parsed.templateLines;
  }

  /** Why the segment was not parsed, when it was not (too deep, or the parser failed). */
  get unparsed(): string | undefined {
    return this.parsed.unparsed;
  }

  /**
   * For a template: its `if`/`with`/`range` branches, by segment-relative offsets (read on first
   * use); undefined for plain YAML and for a template that text/template would reject.
   */
  get templateBranches(): TemplateBranches | undefined {
    if (this.branches === null) {
      this.branches = this.templateLines ? readTemplateBranches(this.text) : undefined;
    }
    return this.branches;
  }

  /**
   * For a template whose chains have an `else`: the segment as each branch renders it, parsed
   * (`TemplateBranches.branchTexts`; same offsets and lines), so that each branch is judged on its
   * own. Empty for plain YAML and for a template without alternatives. Read on first use.
   */
  get branchSegments(): readonly ParsedSegment[] {
    if (!this.branchParses) {
      const texts = this.templateBranches?.branchTexts(this.text) ?? [];
      this.branchParses = texts.length > 1 ? texts.map((text) => new ParsedSegment(text)) : [];
    }
    return this.branchParses;
  }

  /**
   * Whether a template action (a value, or control such as an inline `{{ if }}`) stands between
   * two offsets or touches them: text glued to an action is part of what it renders.
   */
  holdsTemplateAction(start: number, end: number): boolean {
    return this.parsed.templateActions.some(([from, to]) => from <= end && to >= start);
  }

  /** A message about this segment's parse, with each template value shown as its template text. */
  withTemplateText(message: string): string {
    return withTemplateText(message, this.parsed.placeholders);
  }

  /** A segment-relative offset as a line and character within the segment. */
  positionAt(offset: number): { line: number; character: number } {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the CR and the LF of a CRLF is no position of LSP's: use the end of the line.
    if (this.text[clamped] === '\n' && this.text[clamped - 1] === '\r') {
      clamped--;
    }
    const { line, col } = this.lineCounter.linePos(clamped);
    return { line: line - 1, character: col - 1 };
  }

  offsetAt(line: number, character: number): number {
    const lineStart = this.lineCounter.lineStarts[line];
    if (lineStart === undefined) {
      return this.text.length;
    }
    const nextLineStart = this.lineCounter.lineStarts[line + 1] ?? this.text.length;
    return Math.min(lineStart + character, nextLineStart);
  }

  /**
   * One of this segment's documents as plain data (see ManifestDocument.toJS), built once per
   * parse and shared by every reader: never change it.
   */
  toJS(document: Document.Parsed): unknown {
    const state = this.stateOf(document);
    if (!state.js) {
      state.js = { value: plainData(document, maxAliasCount) };
    }
    return state.js.value;
  }

  /** The cached plain data and models of one of this segment's documents. */
  stateOf(document: Document.Parsed): DocumentState {
    let state = this.documentStates.get(document);
    if (!state) {
      state = { js: undefined, models: new Map() };
      this.documentStates.set(document, state);
    }
    return state;
  }
}

/** What is read from one parsed document once, and kept with its segment's parse. */
interface DocumentState {
  js: { value: unknown } | undefined;
  identity?: ManifestIdentity;
  models: Map<DocumentModel<unknown>, unknown>;
}

/**
 * A model read from one parsed YAML document, such as its pod (kubernetes/podView.ts). It is
 * read on first use and kept with the segment's parse, like the document's plain data: every
 * feature reads the same one, an edit elsewhere in the file keeps it, and a new parse of the
 * segment drops it. `read` gets the document placed at the top of its segment, so the model
 * holds segment-relative offsets (as the parse does) and never a position in the file.
 */
export interface DocumentModel<T> {
  readonly read: (document: ManifestDocument) => T;
}

/** The identity of a manifest: its apiVersion and kind, when the root is a map that has them. */
export interface ManifestIdentity {
  apiVersion: string | undefined;
  kind: string | undefined;
  apiVersionNode: Scalar | undefined;
  kindNode: Scalar | undefined;
  /** Both keys are present: the document is a Kubernetes manifest. */
  isKubernetes: boolean;
}

/** One YAML document of a file, placed at its line in the current version of the file. */
export class ManifestDocument {
  private identityCache: ManifestIdentity | undefined;

  constructor(
    readonly segment: ParsedSegment,
    readonly yaml: Document.Parsed,
    /** The index of this document in the file, counting documents with content. */
    readonly index: number,
    /** The line of the file where the segment starts. */
    readonly startLine: number,
    /** The offset in the file where the segment starts. */
    readonly startOffset: number,
  ) {}

  /** The same document placed at the top of the file: for results cached with the segment. */
  relative(): ManifestDocument {
    return this.startLine === 0 && this.startOffset === 0
      ? this
      : new ManifestDocument(this.segment, this.yaml, this.index, 0, 0);
  }

  get identity(): ManifestIdentity {
    if (!this.identityCache) {
      // Read once per parse: a document an edit did not touch keeps it.
      const state = this.segment.stateOf(this.yaml);
      state.identity ??= readIdentity(this.yaml);
      this.identityCache = state.identity;
    }
    return this.identityCache;
  }

  /** `metadata.name`, when it is a plain string. */
  get name(): string | undefined {
    const name = this.yaml.getIn(['metadata', 'name']);
    return typeof name === 'string' ? name : undefined;
  }

  /**
   * The document's value as plain data; undefined when it cannot be built (alias bombs, …).
   * Built once per parse and shared by every reader: never change it.
   */
  toJS(): unknown {
    return this.segment.toJS(this.yaml);
  }

  /** A model of this document (see DocumentModel), read once per parse. */
  model<T>(model: DocumentModel<T>): T {
    const { models } = this.segment.stateOf(this.yaml);
    if (!models.has(model)) {
      models.set(model, model.read(this.relative()));
    }
    return models.get(model) as T;
  }

  /** A segment-relative offset as a position in the file. */
  positionAt(offset: number): Position {
    const { line, character } = this.segment.positionAt(offset);
    return { line: line + this.startLine, character };
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** A file position as a segment-relative offset. */
  offsetAt(position: Position): number {
    return this.segment.offsetAt(position.line - this.startLine, position.character);
  }

  /** The segment-relative offsets this document covers. */
  get span(): [number, number] {
    const range = this.yaml.range;
    return [range[0], range[2]];
  }

  containsLine(line: number): boolean {
    const [start, end] = this.span;
    const first = this.positionAt(start).line;
    const last = this.positionAt(end).line;
    return line >= first && line <= last;
  }
}

function readIdentity(document: Document.Parsed): ManifestIdentity {
  const identity: ManifestIdentity = {
    apiVersion: undefined,
    kind: undefined,
    apiVersionNode: undefined,
    kindNode: undefined,
    isKubernetes: false,
  };
  const root = document.contents;
  if (!isMap(root)) {
    return identity;
  }
  let hasApiVersion = false;
  let hasKind = false;
  for (const pair of root.items) {
    if (!isScalar(pair.key)) {
      continue;
    }
    const value = isScalar(pair.value) ? pair.value : undefined;
    if (pair.key.value === 'apiVersion') {
      hasApiVersion = true;
      identity.apiVersionNode = value;
      identity.apiVersion = typeof value?.value === 'string' ? value.value : undefined;
    } else if (pair.key.value === 'kind') {
      hasKind = true;
      identity.kindNode = value;
      identity.kind = typeof value?.value === 'string' ? value.value : undefined;
    }
  }
  identity.isKubernetes = hasApiVersion && hasKind;
  return identity;
}

export { type SegmentBounds, splitSegments };

/** A parsed segment placed in the current version of a file. */
export interface PlacedSegment {
  readonly segment: ParsedSegment;
  readonly startLine: number;
  readonly startOffset: number;
  /** The number of lines the segment spans (a trailing newline does not start another). */
  readonly lineCount: number;
}

/**
 * Documents made for an earlier version of a file, for a later version to take over: those of its
 * first `segments` segments, which the later version holds unchanged on the same lines.
 */
export interface DocumentsToTakeOver {
  readonly documents: readonly ManifestDocument[];
  readonly segments: number;
}

/** The parsed model of one version of a file. */
export class ManifestFile {
  private documentList: readonly ManifestDocument[] | undefined;
  private documentsOf: ((takeOver?: DocumentsToTakeOver) => readonly ManifestDocument[]) | undefined;

  constructor(
    /** The documents, or how to make them on first use (which parses every segment). */
    documents:
      | readonly ManifestDocument[]
      | ((takeOver?: DocumentsToTakeOver) => readonly ManifestDocument[]),
    readonly segments: readonly PlacedSegment[],
    /** Why a file that reads like Kubernetes was not parsed at all (too many documents). */
    readonly unparsed?: string,
    /** Documents of an earlier version that the ones of this version begin with. */
    private takeOver?: DocumentsToTakeOver,
  ) {
    if (typeof documents === 'function') {
      this.documentsOf = documents;
    } else {
      this.documentList = documents;
    }
  }

  /** The YAML documents of the file, in order, each placed at its line. */
  get documents(): readonly ManifestDocument[] {
    if (!this.documentList) {
      this.documentList = this.documentsOf!(this.takeOver);
      this.documentsOf = undefined;
      this.takeOver = undefined;
    }
    return this.documentList;
  }

  /**
   * The documents a next version may begin with, as far as this version's segments go: its own
   * when they were made, else those it would have taken over (a version that was never validated,
   * such as one that completion alone read, passes on what the one before it made).
   */
  documentsToTakeOver(): DocumentsToTakeOver | undefined {
    return this.documentList
      ? { documents: this.documentList, segments: this.segments.length }
      : this.takeOver;
  }

  /** The segment that holds a line; every line of a file belongs to exactly one. */
  segmentAtLine(line: number): PlacedSegment | undefined {
    // The last segment that starts at or before the line (binary search: segments are in order).
    const index = lastAtOrBefore(this.segments, line);
    return index < 0 ? undefined : this.segments[index];
  }

  /** The document that covers a line, or the nearest one above it (for typing below the end). */
  documentAtLine(line: number): ManifestDocument | undefined {
    const documents = this.documents;
    const last = lastAtOrBefore(documents, line);
    if (last < 0) {
      return undefined;
    }
    // The first document in order that covers the line: one of the last segment's documents, or
    // of the segment before it (whose last document's end may be the next segment's first line).
    let first = last;
    while (first > 0 && documents[first - 1]!.startLine === documents[last]!.startLine) {
      first--;
    }
    if (first > 0) {
      const previous = documents[first - 1]!.startLine;
      while (first > 0 && documents[first - 1]!.startLine === previous) {
        first--;
      }
    }
    for (let index = first; index <= last; index++) {
      if (documents[index]!.containsLine(line)) {
        return documents[index];
      }
    }
    return documents[last];
  }
}

/** The index of the last entry whose `startLine` is at or before `line`; -1 if none. */
function lastAtOrBefore(entries: readonly { readonly startLine: number }[], line: number): number {
  return lastIndexAtOrBefore(entries, line, (entry) => entry.startLine);
}

/**
 * Parses files, reusing the parse of every segment whose text did not change since the
 * previous version of the same file. The new version's segments come from the previous one's
 * (splitAfterEdit): only the part around the edit is split again and looked up.
 */
export class ManifestParser {
  private previous:
    | {
        /** The text, when it was read whole (a version parsed from changes was not). */
        text: string | undefined;
        length: number;
        split: readonly SegmentBounds[];
        parsed: readonly ParsedSegment[];
        file: ManifestFile;
      }
    | undefined;

  /** The file of a text (after the previous version: of the text it is now). */
  parse(text: string): ManifestFile {
    return this.parseVersion(text.length, () => text);
  }

  /**
   * The file of the text that `changes` make of the previous version's (an editor's incremental
   * changes, in order). The whole text (`text()`) is read only where the segments around a change
   * cannot settle the split, or without a previous version: typing in a large file reads none.
   */
  parseChanges(changes: readonly TextChange[], length: number, text: () => string): ManifestFile {
    return this.parseVersion(length, text, changes);
  }

  private parseVersion(
    length: number,
    readText: () => string,
    changes?: readonly TextChange[],
  ): ManifestFile {
    const previous = this.previous;
    let text: string | undefined;
    const wholeText = (): string => (text ??= readText());
    const fromChanges =
      previous && changes ? splitAfterChanges(previous.split, previous.length, changes) : undefined;
    const lastSegment = fromChanges?.segments[fromChanges.segments.length - 1];
    const {
      segments: split,
      previousIndex,
      region,
    } = fromChanges && lastSegment && lastSegment.startOffset + lastSegment.text.length === length
      ? fromChanges
      : previous
        ? splitAfterEdit({ text: previousText(previous), segments: previous.split }, wholeText())
        : { segments: splitSegments(wholeText()), previousIndex: undefined, region: undefined };
    if (split.length > maxDocuments) {
      this.previous = undefined;
      const reason = `Not checked: the file holds ${split.length} YAML documents; Podscope checks files of up to ${maxDocuments}.`;
      return new ManifestFile([], [], looksLikeKubernetes(wholeText()) ? reason : undefined);
    }
    // The segments before the region split again are the previous version's, on the same lines:
    // their placed segments (and documents, when the previous version made them) are taken as
    // they are. (A region comes only with a previous version.)
    const unchanged = region?.[0] ?? 0;
    const segments = previous?.file.segments.slice(0, unchanged) ?? [];
    const parsed = previous?.parsed.slice(0, unchanged) ?? [];
    // Segments parsed now, by text: a file that repeats a document parses it once.
    const fresh = new Map<string, ParsedSegment>();
    for (let index = unchanged; index < split.length; index++) {
      const bounds = split[index]!;
      const reused = previousIndex?.[index] ?? -1;
      let segment = reused >= 0 ? previous!.parsed[reused]! : fresh.get(bounds.text);
      if (!segment) {
        // A segment parsed again after an edit gets a text of its own: a slice would keep the
        // whole version of the file alive (V8 keeps a substring's parent string), and so would
        // every string the parser cut from it, for as long as the segment is unchanged.
        segment = new ParsedSegment(previous ? detached(bounds.text) : bounds.text);
        fresh.set(bounds.text, segment);
      }
      parsed.push(segment);
      segments.push({
        segment,
        startLine: bounds.startLine,
        startOffset: bounds.startOffset,
        lineCount: segment.lineCounter.lineStarts.length,
      });
    }
    const available = unchanged > 0 ? previous!.file.documentsToTakeOver() : undefined;
    const takeOver =
      available && available.segments > 0
        ? { documents: available.documents, segments: Math.min(available.segments, unchanged) }
        : undefined;
    const documentsOf = (from?: DocumentsToTakeOver): ManifestDocument[] => {
      let documents: ManifestDocument[] = [];
      let index = 0;
      if (from) {
        let count = 0;
        for (; index < from.segments; index++) {
          count += segments[index]!.segment.documents.length;
        }
        documents = from.documents.slice(0, count);
      }
      for (; index < segments.length; index++) {
        const { segment, startLine, startOffset } = segments[index]!;
        for (const yaml of segment.documents) {
          documents.push(new ManifestDocument(segment, yaml, documents.length, startLine, startOffset));
        }
      }
      return documents;
    };
    // Each segment's bounds keep its parse's text: a slice of this version would keep the whole
    // version alive for as long as the segment is carried over to the next ones. Only the region
    // split again holds slices; the others hold their previous segment's text, the parse's.
    if (region) {
      for (let index = region[0]; index < region[1]; index++) {
        split[index] = { ...split[index]!, text: parsed[index]!.text };
      }
    }
    const file = new ManifestFile(documentsOf, segments, undefined, takeOver);
    this.previous = { text, length, split, parsed, file };
    return file;
  }
}

/** A previous version's text: as it was read, or joined from its segments (which cover it). */
function previousText(previous: { text: string | undefined; split: readonly SegmentBounds[] }): string {
  return previous.text ?? previous.split.map((segment) => segment.text).join('');
}
