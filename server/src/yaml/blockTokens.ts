/**
 * The yaml library's concrete syntax tree of block-style YAML, made in one pass without
 * generators (blockTokens). The library's Lexer and Parser hand every lexical token through a
 * chain of generators (`yield*` at each level); on a 1 MB manifest file that is about two thirds
 * of the parse and most of its garbage, while the Composer that builds the documents from the
 * tree is the rest. Kubernetes manifests are nearly always block maps and sequences, flow
 * collections, plain, quoted and block scalars and comments, so this module reads exactly those
 * and hands the tree to the library's own Composer: the documents, their ranges, comments, errors
 * and warnings are the library's.
 *
 * The contract: `blockTokens(text)` is either undefined (the text uses something outside the
 * subset, and the caller parses it with the library) or deep-equal to
 * `[...new Parser().parse(text)]` of yaml 2.9.1. test/unit/blockTokens.test.ts checks that on
 * every document of the Kubernetes website examples, on random texts and on random edits of
 * those documents. What the tree holds, where each space, comment and line break goes and each
 * token's `indent`, is the library's format: yaml's `src/parse/lexer.ts` and `src/parse/parser.ts`
 * define it, and the functions below name the lexer state or parser rule they reproduce.
 *
 * Outside the subset (undefined): tabs, carriage returns, a byte-order mark, directives, the
 * `...` document end, anchors, tags, aliases, explicit keys (`?`), a flow collection as a block
 * map's key, an indicator the parser would report as an error (`key: - a`), and every input for
 * which the parser would yield an error token.
 */
import {
  Composer,
  type CST,
  type Document,
  type DocumentOptions,
  parseAllDocuments,
  parseDocument,
  type ParseOptions,
  type SchemaOptions,
  YAMLParseError,
} from 'yaml';

type SourceToken = CST.SourceToken;
type TokenType = SourceToken['type'] | CST.FlowScalar['type'] | 'doc-mode';

/** A collection item as the parser builds it: properties are added and deleted as it goes. */
interface Item {
  start: SourceToken[];
  key?: Node | null;
  sep?: SourceToken[];
  value?: Node;
}

interface DocumentNode {
  type: 'document';
  offset: number;
  start: SourceToken[];
  value?: Node;
  end?: SourceToken[];
}

interface ScalarNode {
  type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar';
  offset: number;
  indent: number;
  source: string;
  end?: SourceToken[];
}

interface BlockScalarNode {
  type: 'block-scalar';
  offset: number;
  indent: number;
  props: SourceToken[];
  source: string;
}

interface CollectionNode {
  type: 'block-map' | 'block-seq';
  offset: number;
  indent: number;
  items: Item[];
}

interface FlowCollectionNode {
  type: 'flow-collection';
  offset: number;
  indent: number;
  start: SourceToken;
  items: Item[];
  end: SourceToken[];
}

type Node = ScalarNode | BlockScalarNode | CollectionNode | FlowCollectionNode;
type StackEntry = DocumentNode | Node;

/** Thrown where the text leaves the subset; caught by blockTokens. */
const outsideSubset = new Error('outside the block subset');

function unsupported(): never {
  throw outsideSubset;
}

/** The lexer's `isEmpty`: what may follow an indicator or end a token. */
function isEmpty(character: string | undefined): boolean {
  return character === undefined || character === ' ' || character === '\n';
}

/** The document marker (`---` or `...`, then a blank or the line's end) at `offset`, if one is there. */
function markerAt(text: string, offset: number): '---' | '...' | undefined {
  const first = text[offset];
  if ((first !== '-' && first !== '.') || !isEmpty(text[offset + 3])) {
    return undefined;
  }
  return text.startsWith('---', offset) ? '---' : text.startsWith('...', offset) ? '...' : undefined;
}

function isFlowIndicator(character: string | undefined): boolean {
  return (
    character === ',' || character === '[' || character === ']' || character === '{' || character === '}'
  );
}

function includesToken(list: readonly SourceToken[], type: TokenType): boolean {
  for (let index = 0; index < list.length; index++) {
    if (list[index]!.type === type) {
      return true;
    }
  }
  return false;
}

/** The index of the first token that is not a space, comment or line break; -1 if none. */
function firstNonEmptyIndex(list: readonly SourceToken[]): number {
  for (let index = 0; index < list.length; index++) {
    const type = list[index]!.type;
    if (type !== 'space' && type !== 'comment' && type !== 'newline') {
      return index;
    }
  }
  return -1;
}

/** Where a new key's leading tokens are kept in its parent (the parser's `getPrevProps`). */
function previousProps(parent: StackEntry | undefined): SourceToken[] {
  switch (parent?.type) {
    case 'document':
      return parent.start;
    case 'block-map': {
      const item = parent.items[parent.items.length - 1]!;
      return item.sep ?? item.start;
    }
    case 'block-seq':
      return parent.items[parent.items.length - 1]!.start;
    default:
      return [];
  }
}

/**
 * The tokens of `previous` that belong to a key starting on the current line: those after its
 * last line break or indicator, without the spaces before them; removed from `previous`
 * (the parser's `getFirstKeyStartProps`).
 */
function takeKeyStartProps(previous: SourceToken[]): SourceToken[] {
  if (previous.length === 0) {
    return [];
  }
  let index = previous.length;
  while (--index >= 0) {
    const type = previous[index]!.type;
    if (type === 'doc-start' || type === 'map-value-ind' || type === 'seq-item-ind' || type === 'newline') {
      break;
    }
  }
  while (previous[++index]?.type === 'space') {
    // Spaces before the key stay where they are.
  }
  return previous.splice(index, previous.length);
}

class BlockTokenizer {
  /** Finished top-level tokens: documents, and the comments, blanks and breaks between them. */
  readonly tokens: (DocumentNode | SourceToken)[] = [];

  // Lexer state (yaml's Lexer).
  private position = 0;
  /** Least indentation of the lines that continue the current scalar. */
  private indentNext = 0;
  /** Indentation of the current line, counting block indicators. */
  private indentValue = 0;
  private blockScalarIndent = -1;
  private blockScalarKeep = false;
  /** How many flow collections the position is in. */
  private flowLevel = 0;
  /** Whether `:` right after the last token is a map value indicator in a flow collection. */
  private flowKey = false;

  // Parser state (yaml's Parser).
  private readonly stack: StackEntry[] = [];
  private type: TokenType = 'newline';
  private source = '';
  private offset = 0;
  private indent = 0;
  private atNewLine = true;
  private onKeyLine = false;

  constructor(private readonly text: string) {}

  run(): void {
    let state: State = 'stream';
    while (this.position < this.text.length) {
      switch (state) {
        case 'stream':
          state = this.stream();
          break;
        case 'block-start':
          state = this.blockStart();
          break;
        case 'doc':
          state = this.document();
          break;
        case 'flow':
          state = this.flow();
          break;
      }
    }
    while (this.stack.length > 0) {
      this.pop();
    }
  }

  // --- Lexer: the text to lexical tokens, each handed to the parser as it is read ---

  /** Outside a document: blank and comment lines, until a line with content (`stream`). */
  private stream(): State {
    const text = this.text;
    const lineStart = this.position;
    const first = text[lineStart];
    if (first === '%' || first === '\uFEFF') {
      unsupported();
    }
    let index = lineStart;
    while (text[index] === ' ') {
      index++;
    }
    const next = text[index];
    if (next === undefined || next === '\n' || next === '#') {
      this.pushSpaces();
      const lineEnd = this.lineEnd();
      this.pushTo(lineEnd, 'comment');
      this.pushNewline();
      return 'stream';
    }
    this.token('doc-mode', '');
    return this.lineStart();
  }

  /** The start of a line in a document: a marker, or the indentation (`line-start`). */
  private lineStart(): State {
    const text = this.text;
    const marker = markerAt(text, this.position);
    if (marker === '...') {
      unsupported();
    }
    if (marker === '---') {
      this.pushTo(this.position + 3, 'doc-start');
      this.indentValue = 0;
      this.indentNext = 0;
      return 'doc';
    }
    this.indentValue = this.pushSpaces();
    if (this.indentNext > this.indentValue && !isEmpty(text[this.position + 1])) {
      this.indentNext = this.indentValue;
    }
    return this.blockStart();
  }

  /** Sequence item indicators at the start of a line (`block-start`). */
  private blockStart(): State {
    const text = this.text;
    const first = text[this.position];
    if ((first === '-' || first === '?' || first === ':') && isEmpty(text[this.position + 1])) {
      if (first !== '-') {
        unsupported();
      }
      this.pushTo(this.position + 1, 'seq-item-ind');
      const count = 1 + this.pushSpaces();
      this.indentNext = this.indentValue + 1;
      this.indentValue += count;
      return 'block-start';
    }
    return 'doc';
  }

  /** The rest of a line in a document: indicators, then a node or a comment (`doc`). */
  private document(): State {
    const text = this.text;
    this.pushSpaces();
    this.pushIndicators();
    switch (text[this.position]) {
      case '#':
      case '\n':
      case undefined:
        if (text[this.position] === '#') {
          this.pushTo(this.lineEnd(), 'comment');
        }
        this.pushNewline();
        return this.lineStart();
      case '{':
      case '[':
        return this.flowStart();
      case '}':
      case ']':
      case '*':
        return unsupported();
      case '"':
      case "'":
        return this.quotedScalar();
      case '|':
      case '>':
        return this.blockScalar();
      default:
        return this.plainScalar();
    }
  }

  /**
   * The `:` indicators before a node (`pushIndicators`); `-` and `?` here, and anchors and tags,
   * are outside the subset.
   */
  private pushIndicators(): void {
    const text = this.text;
    for (;;) {
      const character = text[this.position];
      if (character === '!' || character === '&') {
        unsupported();
      }
      if (character !== '-' && character !== '?' && character !== ':') {
        return;
      }
      const next = text[this.position + 1];
      if (!isEmpty(next) && !(this.flowLevel > 0 && isFlowIndicator(next))) {
        return;
      }
      if (character !== ':') {
        unsupported();
      }
      if (this.flowLevel === 0) {
        this.indentNext = this.indentValue + 1;
      } else {
        this.flowKey = false;
      }
      this.pushTo(this.position + 1, 'map-value-ind');
      this.pushSpaces();
    }
  }

  /** Inside a flow collection (`flow`). */
  private flow(): State {
    const text = this.text;
    // Line breaks and spaces; the indentation of the last line begun.
    let indent = -1;
    for (;;) {
      if (text[this.position] === '\n') {
        this.pushNewline();
        this.indentValue = indent = this.pushSpaces();
      } else if (this.pushSpaces() === 0) {
        break;
      }
    }
    const character = text[this.position];
    if (
      (indent !== -1 && indent < this.indentNext && character !== '#') ||
      (indent === 0 && markerAt(text, this.position))
    ) {
      const atFlowEndMarker =
        indent === this.indentNext - 1 && this.flowLevel === 1 && (character === ']' || character === '}');
      if (!atFlowEndMarker) {
        // The lexer ends the flow collections with an error here.
        unsupported();
      }
    }
    while (text[this.position] === ',') {
      this.pushTo(this.position + 1, 'comma');
      this.pushSpaces();
      this.flowKey = false;
    }
    this.pushIndicators();
    switch (text[this.position]) {
      case undefined:
      case '\n':
        return 'flow';
      case '#':
        this.pushTo(this.lineEnd(), 'comment');
        return 'flow';
      case '{':
      case '[':
        return this.flowStart();
      case '}':
      case ']':
        this.pushTo(this.position + 1, text[this.position] === '}' ? 'flow-map-end' : 'flow-seq-end');
        this.flowKey = true;
        this.flowLevel -= 1;
        return this.flowLevel > 0 ? 'flow' : 'doc';
      case '*':
        return unsupported();
      case '"':
      case "'":
        this.flowKey = true;
        return this.quotedScalar();
      case ':': {
        const next = text[this.position + 1];
        if (this.flowKey || isEmpty(next) || next === ',') {
          this.flowKey = false;
          this.pushTo(this.position + 1, 'map-value-ind');
          this.pushSpaces();
          return 'flow';
        }
        this.flowKey = false;
        return this.plainScalar();
      }
      default:
        this.flowKey = false;
        return this.plainScalar();
    }
  }

  /** `{` or `[`: one flow collection deeper. */
  private flowStart(): State {
    this.pushTo(this.position + 1, this.text[this.position] === '{' ? 'flow-map-start' : 'flow-seq-start');
    this.flowKey = false;
    this.flowLevel += 1;
    return 'flow';
  }

  /** Where the next line may continue a scalar: its content offset, or -1 (`continueScalar`). */
  private continueScalar(offset: number): number {
    const text = this.text;
    if (this.indentNext > 0) {
      let indent = 0;
      while (text[offset + indent] === ' ') {
        indent++;
      }
      const character = text[offset + indent];
      return character === '\n' || indent >= this.indentNext ? offset + indent : -1;
    }
    return markerAt(text, offset) ? -1 : offset;
  }

  /** A single- or double-quoted scalar, over as many lines as it continues (`quoted-scalar`). */
  private quotedScalar(): State {
    const text = this.text;
    const quote = text[this.position]!;
    let end = text.indexOf(quote, this.position + 1);
    if (quote === "'") {
      while (end !== -1 && text[end + 1] === "'") {
        end = text.indexOf("'", end + 2);
      }
    } else {
      while (end !== -1) {
        let backslashes = 0;
        while (text[end - 1 - backslashes] === '\\') {
          backslashes++;
        }
        if (backslashes % 2 === 0) {
          break;
        }
        end = text.indexOf('"', end + 1);
      }
    }
    if (end === -1) {
      // Unterminated: the scalar runs to the end of the text.
      end = text.length;
    } else {
      // A line break inside is followed by lines that continue the scalar, or ends it.
      let newline = text.indexOf('\n', this.position);
      while (newline !== -1 && newline < end) {
        const next = this.continueScalar(newline + 1);
        if (next === -1) {
          break;
        }
        newline = text.indexOf('\n', next);
      }
      if (newline !== -1 && newline < end) {
        end = newline - 1;
      }
    }
    this.pushTo(end + 1, quote === "'" ? 'single-quoted-scalar' : 'double-quoted-scalar');
    return this.flowLevel > 0 ? 'flow' : 'doc';
  }

  /** A block scalar: its header and comment, then its lines (`parseBlockScalarHeader`, `block-scalar`). */
  private blockScalar(): State {
    const text = this.text;
    this.blockScalarIndent = -1;
    this.blockScalarKeep = false;
    for (let index = this.position + 1; ; index++) {
      const character = text[index];
      if (character === '+') {
        this.blockScalarKeep = true;
      } else if (character !== undefined && character > '0' && character <= '9') {
        this.blockScalarIndent = Number(character) - 1;
      } else if (character !== '-') {
        break;
      }
    }
    let headerEnd = this.position;
    while (!isEmpty(text[headerEnd]) && text[headerEnd] !== '#') {
      headerEnd++;
    }
    this.pushTo(headerEnd, 'block-scalar-header');
    this.pushSpaces();
    const lineEnd = this.lineEnd();
    if (this.position < lineEnd) {
      if (text[this.position] !== '#') {
        unsupported();
      }
      this.pushTo(lineEnd, 'comment');
    }
    this.pushNewline();

    let newline = this.position - 1;
    let indent = 0;
    let character: string | undefined;
    for (let index = this.position; (character = text[index]) !== undefined; index++) {
      if (character === ' ') {
        indent++;
      } else if (character === '\n') {
        newline = index;
        indent = 0;
      } else {
        break;
      }
    }
    if (indent >= this.indentNext) {
      if (this.blockScalarIndent === -1) {
        this.indentNext = indent;
      } else {
        this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
      }
      do {
        const next = this.continueScalar(newline + 1);
        if (next === -1) {
          break;
        }
        newline = text.indexOf('\n', next);
      } while (newline !== -1);
      if (newline === -1) {
        newline = text.length;
      }
    }
    if (!this.blockScalarKeep) {
      // Trailing blank lines not indented past the content are left out of the scalar.
      for (;;) {
        let index = newline - 1;
        const lastCharacter = index;
        while (text[index] === ' ') {
          index--;
        }
        if (text[index] === '\n' && index >= this.position && index + 1 + indent > lastCharacter) {
          newline = index;
        } else {
          break;
        }
      }
    }
    this.pushScalarTo(newline + 1);
    return this.lineStart();
  }

  /** A plain scalar, over as many lines as it continues (`plain-scalar`). */
  private plainScalar(): State {
    const text = this.text;
    const inFlow = this.flowLevel > 0;
    let end = this.position - 1;
    let index = this.position - 1;
    let character: string | undefined;
    while ((character = text[++index]) !== undefined) {
      if (character === ':') {
        const next = text[index + 1];
        if (isEmpty(next) || (inFlow && isFlowIndicator(next))) {
          break;
        }
        end = index;
      } else if (character === ' ' || character === '\n') {
        const next = text[index + 1];
        if (next === '#' || (inFlow && isFlowIndicator(next))) {
          break;
        }
        if (character === '\n') {
          const continued = this.continueScalar(index + 1);
          if (continued === -1) {
            break;
          }
          index = Math.max(index, continued - 2);
        }
      } else {
        if (inFlow && isFlowIndicator(character)) {
          break;
        }
        end = index;
      }
    }
    this.pushScalarTo(end + 1);
    return inFlow ? 'flow' : 'doc';
  }

  private lineEnd(): number {
    const newline = this.text.indexOf('\n', this.position);
    return newline === -1 ? this.text.length : newline;
  }

  /** Spaces at the position, as one token; their count. */
  private pushSpaces(): number {
    const start = this.position;
    let index = start;
    while (this.text[index] === ' ') {
      index++;
    }
    if (index > start) {
      this.pushTo(index, 'space');
    }
    return index - start;
  }

  private pushNewline(): void {
    if (this.text[this.position] === '\n') {
      this.pushTo(this.position + 1, 'newline');
    }
  }

  /** The text from the position to `end` as one token of `type`, when not empty. */
  private pushTo(end: number, type: TokenType): void {
    if (end > this.position) {
      const source = this.text.slice(this.position, end);
      this.position += source.length;
      this.token(type, source);
    }
  }

  /** The text from the position to `end` as a plain or block scalar's text, empty too. */
  private pushScalarTo(end: number): void {
    const source = this.text.slice(this.position, end);
    this.position += source.length;
    this.scalarToken(source);
  }

  // --- Parser: lexical tokens to the tree (yaml's Parser) ---

  /** A lexical token other than a scalar's text (the parser's `next`). */
  private token(type: TokenType, source: string): void {
    this.type = type;
    this.source = source;
    this.step();
    switch (type) {
      case 'newline':
        this.atNewLine = true;
        this.indent = 0;
        break;
      // Spaces and indicators at the start of a line are its indentation (tabs never come here).
      case 'space':
      case 'map-value-ind':
      case 'seq-item-ind':
        if (this.atNewLine) {
          this.indent += source.length;
        }
        break;
      case 'doc-mode':
        return;
      default:
        this.atNewLine = false;
    }
    this.offset += source.length;
  }

  /** A plain scalar's or a block scalar's text. */
  private scalarToken(source: string): void {
    this.atNewLine = false;
    this.type = 'scalar';
    this.source = source;
    this.step();
    this.offset += source.length;
  }

  private sourceToken(): SourceToken {
    return {
      type: this.type as SourceToken['type'],
      offset: this.offset,
      indent: this.indent,
      source: this.source,
    };
  }

  private step(): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.streamToken();
      return;
    }
    switch (top.type) {
      case 'document':
        this.documentToken(top);
        return;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        this.scalarNodeToken(top);
        return;
      case 'block-scalar':
        this.blockScalarToken(top);
        return;
      case 'block-map':
        this.blockMapToken(top);
        return;
      case 'block-seq':
        this.blockSequenceToken(top);
        return;
      case 'flow-collection':
        this.flowCollectionToken(top);
        return;
    }
  }

  /** Ends the node on top of the stack, and puts it in its parent (the parser's `pop`). */
  private pop(): void {
    const token = this.stack.pop()!;
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      // Only a document is ever the bottom of the stack.
      this.tokens.push(token as DocumentNode);
      return;
    }
    if (token.type === 'block-scalar') {
      // Block scalars take their parent's indent, not their header's.
      token.indent = top.type === 'document' ? 0 : top.indent;
    } else if (token.type === 'flow-collection' && top.type === 'document') {
      // A top-level flow collection has no indent.
      token.indent = 0;
    }
    if (token.type === 'flow-collection') {
      flowSequencePairsToValues(token);
    }
    switch (top.type) {
      case 'document':
        top.value = token as Node;
        break;
      case 'block-map': {
        const item = top.items[top.items.length - 1]!;
        if (item.value) {
          top.items.push({ start: [], key: token as Node, sep: [] });
          this.onKeyLine = true;
          return;
        } else if (item.sep) {
          item.value = token as Node;
        } else {
          item.key = token as Node;
          item.sep = [];
          this.onKeyLine = true;
          return;
        }
        break;
      }
      case 'block-seq': {
        const item = top.items[top.items.length - 1]!;
        if (item.value) {
          top.items.push({ start: [], value: token as Node });
        } else {
          item.value = token as Node;
        }
        break;
      }
      case 'flow-collection': {
        const item = top.items[top.items.length - 1];
        if (!item || item.value) {
          top.items.push({ start: [], key: token as Node, sep: [] });
        } else if (item.sep) {
          item.value = token as Node;
        } else {
          item.key = token as Node;
          item.sep = [];
        }
        return;
      }
      default:
        unsupported();
    }
    if (
      (top.type === 'document' || top.type === 'block-map' || top.type === 'block-seq') &&
      (token.type === 'block-map' || token.type === 'block-seq')
    ) {
      // Blank lines and less indented comments after a collection's last item belong to its parent.
      const last = token.items[token.items.length - 1];
      if (
        last &&
        !last.sep &&
        !last.value &&
        last.start.length > 0 &&
        firstNonEmptyIndex(last.start) === -1 &&
        (token.indent === 0 ||
          last.start.every((start) => start.type !== 'comment' || start.indent < token.indent))
      ) {
        if (top.type === 'document') {
          top.end = last.start;
        } else {
          top.items.push({ start: last.start });
        }
        token.items.splice(-1, 1);
      }
    }
  }

  private streamToken(): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        this.tokens.push(this.sourceToken());
        return;
      case 'doc-mode':
      case 'doc-start': {
        const document: DocumentNode = { type: 'document', offset: this.offset, start: [] };
        if (this.type === 'doc-start') {
          document.start.push(this.sourceToken());
        }
        this.stack.push(document);
        return;
      }
    }
    unsupported();
  }

  private documentToken(document: DocumentNode): void {
    if (document.value) {
      this.lineEndToken(document);
      return;
    }
    switch (this.type) {
      case 'doc-start':
        if (firstNonEmptyIndex(document.start) !== -1) {
          this.pop();
          this.step();
        } else {
          document.start.push(this.sourceToken());
        }
        return;
      case 'space':
      case 'comment':
      case 'newline':
        document.start.push(this.sourceToken());
        return;
    }
    this.stack.push(this.startBlockValue(document) ?? unsupported());
  }

  private scalarNodeToken(scalar: ScalarNode): void {
    if (this.type !== 'map-value-ind') {
      this.lineEndToken(scalar);
      return;
    }
    // The scalar was a key: it starts a block map.
    const start = takeKeyStartProps(previousProps(this.stack[this.stack.length - 2]));
    let sep: SourceToken[];
    if (scalar.end) {
      sep = scalar.end;
      sep.push(this.sourceToken());
      delete scalar.end;
    } else {
      sep = [this.sourceToken()];
    }
    this.onKeyLine = true;
    this.stack[this.stack.length - 1] = {
      type: 'block-map',
      offset: scalar.offset,
      indent: scalar.indent,
      items: [{ start, key: scalar, sep }],
    };
  }

  private blockScalarToken(scalar: BlockScalarNode): void {
    switch (this.type) {
      case 'space':
      case 'comment':
      case 'newline':
        scalar.props.push(this.sourceToken());
        return;
      case 'scalar':
        scalar.source = this.source;
        // The block scalar's text includes its last line break.
        this.atNewLine = true;
        this.indent = 0;
        this.pop();
        return;
      default:
        unsupported();
    }
  }

  private blockMapToken(map: CollectionNode): void {
    const item = map.items[map.items.length - 1]!;
    switch (this.type) {
      case 'newline':
        this.onKeyLine = false;
        this.lineBreakIn(map, item);
        return;
      case 'space':
      case 'comment':
        this.spaceOrCommentIn(map, item);
        return;
    }
    if (this.indent >= map.indent) {
      const atMapIndent = !this.onKeyLine && this.indent === map.indent;
      const atNextItem = atMapIndent && item.sep !== undefined && this.type !== 'seq-item-ind';
      // An empty value's line breaks and unindented tokens after the first break go to the next item.
      let start: SourceToken[] = [];
      if (atNextItem && item.sep && !item.value) {
        const newlines: number[] = [];
        for (let index = 0; index < item.sep.length; index++) {
          const token = item.sep[index]!;
          switch (token.type) {
            case 'newline':
              newlines.push(index);
              break;
            case 'space':
              break;
            case 'comment':
              if (token.indent > map.indent) {
                newlines.length = 0;
              }
              break;
            default:
              newlines.length = 0;
          }
        }
        if (newlines.length >= 2) {
          start = item.sep.splice(newlines[1]!);
        }
      }
      switch (this.type) {
        case 'map-value-ind':
          if (!item.sep) {
            item.key = null;
            item.sep = [this.sourceToken()];
          } else if (item.value || atNextItem) {
            map.items.push({ start, key: null, sep: [this.sourceToken()] });
          } else if (includesToken(item.sep, 'map-value-ind')) {
            this.stack.push({
              type: 'block-map',
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [], key: null, sep: [this.sourceToken()] }],
            });
          } else {
            item.sep.push(this.sourceToken());
          }
          this.onKeyLine = true;
          return;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const scalar = this.flowScalar();
          if (atNextItem || item.value) {
            map.items.push({ start, key: scalar, sep: [] });
            this.onKeyLine = true;
          } else if (item.sep) {
            this.stack.push(scalar);
          } else {
            item.key = scalar;
            item.sep = [];
            this.onKeyLine = true;
          }
          return;
        }
        default: {
          const value = this.startBlockValue(map);
          if (value) {
            if (value.type === 'block-seq') {
              if (item.sep && !includesToken(item.sep, 'newline')) {
                // "Unexpected block-seq-ind on same line with key": an error token.
                unsupported();
              }
            } else if (atMapIndent) {
              map.items.push({ start });
            }
            this.stack.push(value);
            return;
          }
        }
      }
    }
    this.pop();
    this.step();
  }

  private blockSequenceToken(sequence: CollectionNode): void {
    const item = sequence.items[sequence.items.length - 1]!;
    switch (this.type) {
      case 'newline':
        this.lineBreakIn(sequence, item);
        return;
      case 'space':
      case 'comment':
        this.spaceOrCommentIn(sequence, item);
        return;
      case 'seq-item-ind':
        if (this.indent !== sequence.indent) {
          break;
        }
        if (item.value || includesToken(item.start, 'seq-item-ind')) {
          sequence.items.push({ start: [this.sourceToken()] });
        } else {
          item.start.push(this.sourceToken());
        }
        return;
    }
    if (this.indent > sequence.indent) {
      const value = this.startBlockValue(sequence);
      if (value) {
        this.stack.push(value);
        return;
      }
    }
    this.pop();
    this.step();
  }

  private flowCollectionToken(collection: FlowCollectionNode): void {
    const item = collection.items[collection.items.length - 1];
    if (collection.end.length === 0) {
      switch (this.type) {
        case 'comma':
          if (!item || item.sep) {
            collection.items.push({ start: [this.sourceToken()] });
          } else {
            item.start.push(this.sourceToken());
          }
          return;
        case 'map-value-ind':
          if (!item || item.value) {
            collection.items.push({ start: [], key: null, sep: [this.sourceToken()] });
          } else if (item.sep) {
            item.sep.push(this.sourceToken());
          } else {
            item.key = null;
            item.sep = [this.sourceToken()];
          }
          return;
        case 'space':
        case 'comment':
        case 'newline':
          if (!item || item.value) {
            collection.items.push({ start: [this.sourceToken()] });
          } else if (item.sep) {
            item.sep.push(this.sourceToken());
          } else {
            item.start.push(this.sourceToken());
          }
          return;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar': {
          const scalar = this.flowScalar();
          if (!item || item.value) {
            collection.items.push({ start: [], key: scalar, sep: [] });
          } else if (item.sep) {
            this.stack.push(scalar);
          } else {
            item.key = scalar;
            item.sep = [];
          }
          return;
        }
        case 'flow-map-end':
        case 'flow-seq-end':
          collection.end.push(this.sourceToken());
          return;
      }
      const value = this.startBlockValue(collection);
      if (value) {
        this.stack.push(value);
      } else {
        this.pop();
        this.step();
      }
      return;
    }
    // Closed: what follows it on its line.
    const parent = this.stack[this.stack.length - 2];
    if (
      parent?.type === 'block-map' &&
      ((this.type === 'map-value-ind' && parent.indent === collection.indent) ||
        (this.type === 'newline' && !parent.items[parent.items.length - 1]!.sep))
    ) {
      this.pop();
      this.step();
    } else if (this.type === 'map-value-ind' && parent?.type !== 'flow-collection') {
      // A flow collection as a block map's key.
      unsupported();
    } else {
      this.lineEndToken(collection);
    }
  }

  /**
   * A line break in a block collection: after a value, it ends the value's comment or starts the
   * next item; before one, it is the item's (a sequence item has no `sep`).
   */
  private lineBreakIn(collection: CollectionNode, item: Item): void {
    if (item.value) {
      const end = 'end' in item.value ? item.value.end : undefined;
      if (end?.[end.length - 1]?.type === 'comment') {
        end.push(this.sourceToken());
      } else {
        collection.items.push({ start: [this.sourceToken()] });
      }
    } else {
      (item.sep ?? item.start).push(this.sourceToken());
    }
  }

  /** Spaces or a comment in a block collection (see lineBreakIn, and moveToPreviousEnd). */
  private spaceOrCommentIn(collection: CollectionNode, item: Item): void {
    if (item.value) {
      collection.items.push({ start: [this.sourceToken()] });
    } else if (item.sep) {
      item.sep.push(this.sourceToken());
    } else if (
      !(this.atIndentedComment(item.start, collection.indent) && this.moveToPreviousEnd(collection.items))
    ) {
      item.start.push(this.sourceToken());
    }
  }

  /**
   * A comment indented past the collection, after nothing but blanks: it and those blanks go to
   * the end of the previous item's value, when that value has an end (the parser's
   * `atIndentedComment` case). Whether it did.
   */
  private moveToPreviousEnd(items: Item[]): boolean {
    const previous = items[items.length - 2];
    const end = previous?.value && 'end' in previous.value ? previous.value.end : undefined;
    if (!Array.isArray(end)) {
      return false;
    }
    end.push(...items[items.length - 1]!.start, this.sourceToken());
    items.pop();
    return true;
  }

  private atIndentedComment(start: readonly SourceToken[], indent: number): boolean {
    return (
      this.type === 'comment' &&
      this.indent > indent &&
      start.every((token) => token.type === 'newline' || token.type === 'space')
    );
  }

  private flowScalar(): ScalarNode {
    return {
      type: this.type as ScalarNode['type'],
      offset: this.offset,
      indent: this.indent,
      source: this.source,
    };
  }

  private startBlockValue(parent: StackEntry): Node | undefined {
    switch (this.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        return this.flowScalar();
      case 'block-scalar-header':
        return {
          type: 'block-scalar',
          offset: this.offset,
          indent: this.indent,
          props: [this.sourceToken()],
          source: '',
        };
      case 'flow-map-start':
      case 'flow-seq-start':
        return {
          type: 'flow-collection',
          offset: this.offset,
          indent: this.indent,
          start: this.sourceToken(),
          items: [],
          end: [],
        };
      case 'seq-item-ind':
        return {
          type: 'block-seq',
          offset: this.offset,
          indent: this.indent,
          items: [{ start: [this.sourceToken()] }],
        };
      case 'map-value-ind': {
        this.onKeyLine = true;
        const start = takeKeyStartProps(previousProps(parent));
        return {
          type: 'block-map',
          offset: this.offset,
          indent: this.indent,
          items: [{ start, key: null, sep: [this.sourceToken()] }],
        };
      }
      default:
        return undefined;
    }
  }

  /** The parser's `lineEnd`: what follows a complete scalar or document on its line. */
  private lineEndToken(token: ScalarNode | DocumentNode | FlowCollectionNode): void {
    switch (this.type) {
      case 'comma':
      case 'doc-start':
      case 'flow-seq-end':
      case 'flow-map-end':
      case 'map-value-ind':
        this.pop();
        this.step();
        return;
      case 'newline':
        this.onKeyLine = false;
        break;
      case 'space':
      case 'comment':
        break;
      default:
        // The parser keeps any other token here, as an error the composer reports.
        unsupported();
    }
    if (token.end) {
      token.end.push(this.sourceToken());
    } else {
      token.end = [this.sourceToken()];
    }
    if (this.type === 'newline') {
      this.pop();
    }
  }
}

/** The lexer's states that a line or token may end in. */
type State = 'stream' | 'block-start' | 'doc' | 'flow';

function isFlowNode(node: Node | null | undefined): node is ScalarNode | FlowCollectionNode {
  switch (node?.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'flow-collection':
      return true;
    default:
      return false;
  }
}

/**
 * In a flow sequence, an item without `:` is a value, not a key: what it holds moves from key
 * and separator to value and its end (the parser's `fixFlowSeqItems`).
 */
function flowSequencePairsToValues(collection: FlowCollectionNode): void {
  if (collection.start.type !== 'flow-seq-start') {
    return;
  }
  for (const item of collection.items) {
    if (item.sep && !item.value && !includesToken(item.sep, 'map-value-ind')) {
      if (item.key) {
        item.value = item.key;
      }
      delete item.key;
      if (isFlowNode(item.value)) {
        if (item.value.end) {
          item.value.end.push(...item.sep);
        } else {
          item.value.end = item.sep;
        }
      } else {
        item.start.push(...item.sep);
      }
      delete item.sep;
    }
  }
}

/**
 * The yaml library's CST of `text` (what `new Parser().parse(text)` yields), or undefined when
 * the text uses anything outside block-style YAML as this module reads it (see the top).
 */
export function blockTokens(text: string): CST.Token[] | undefined {
  if (text.includes('\t') || text.includes('\r')) {
    return undefined;
  }
  const tokenizer = new BlockTokenizer(text);
  try {
    tokenizer.run();
  } catch (error) {
    if (error === outsideSubset) {
      return undefined;
    }
    throw error;
  }
  return tokenizer.tokens as CST.Token[];
}

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** What yaml's `parseAllDocuments` gives (an empty list for none), through blockTokens when it can. */
export function parseAllDocumentsFast(text: string, options: Options): Document.Parsed[] {
  const tokens = blockTokens(text);
  if (!tokens) {
    const documents = parseAllDocuments(text, options);
    // parseAllDocuments gives an EmptyStream, an empty array, for input without documents.
    return Array.isArray(documents) ? documents : [];
  }
  return Array.from(new Composer(options).compose(tokens));
}

/** What yaml's `parseDocument` gives, through blockTokens when it can. */
export function parseDocumentFast(text: string, options: Options): Document.Parsed {
  const tokens = blockTokens(text);
  if (!tokens) {
    return parseDocument(text, options);
  }
  let document: Document.Parsed | undefined;
  // As parseDocument: the first document, with an error when another follows it.
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!document) {
      document = next;
    } else if (document.options.logLevel !== 'silent') {
      document.errors.push(
        new YAMLParseError(
          [next.range[0], next.range[1]],
          'MULTIPLE_DOCS',
          'Source contains multiple documents; please use YAML.parseAllDocuments()',
        ),
      );
      break;
    }
  }
  // compose(…, true) always ends with a document.
  return document!;
}
