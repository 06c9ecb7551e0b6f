/**
 * An open document as the server keeps it: the text the client has, changed by its incremental
 * edits (`textDocument/didChange`) without copying the whole text at each one.
 *
 * vscode-languageserver-textdocument's documents make each version's text as
 * `before + change + after`. V8 keeps that as a concatenation, and the next read of a character
 * (the next change's offset, any slice) copies the whole text into one string again: 1 MB at
 * every keystroke of a 1 MB file. Here the text is a list of pieces (slices of the last whole text
 * and the changes' own texts), joined into one string only when someone reads the whole text, or
 * when the pieces grow many. The parser reads the changes instead (`changesSince`), so typing
 * reads no whole text at all.
 *
 * Positions follow vscode-languageserver-textdocument exactly (test/unit/editableDocument.test.ts
 * compares every answer with its after random edits): `\n`, `\r\n` and `\r` end lines; an offset
 * past a line's end is its end, before the line break; a position past the last line is the end
 * of the text. One difference: a change whose range names lines past the last one applies at the
 * end of the text and keeps every line, where that package loses track of its lines.
 */
import type { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { lastIndexAtOrBefore } from './text';

/** One change of a text: [start, end) of the text before it replaced by `text`. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The pieces are joined into one string when there are more than this many. */
const maxPieces = 64;

/** Versions whose changes are kept for `changesSince`. */
const keptVersions = 64;

const lineFeed = 10;
const carriageReturn = 13;

/** The offsets at which the lines of `text` after the first start, each plus `base`. */
function lineStartsIn(text: string, base: number): number[] {
  const starts: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === carriageReturn || char === lineFeed) {
      if (char === carriageReturn && text.charCodeAt(index + 1) === lineFeed) {
        index++;
      }
      starts.push(base + index + 1);
    }
  }
  return starts;
}

function ordered(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character)
    ? { start: end, end: start }
    : range;
}

export class EditableDocument implements TextDocument {
  /** The text, in order; never empty (an empty text is one empty piece). */
  private pieces: string[];
  private size: number;
  /** Where each line starts (the first at 0); computed on first use, then kept up to date. */
  private lineStarts: number[] | undefined;
  /**
   * The changes of the latest versions, oldest first: each turns the text of version `from` into
   * that of `to` (none when the whole text was replaced).
   */
  private history: { from: number; to: number; changes: readonly TextChange[] | undefined }[] = [];
  private joinCount = 0;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    text: string,
  ) {
    this.pieces = [text];
    this.size = text.length;
  }

  /** How many times the whole text was joined from pieces (for tests). */
  get joins(): number {
    return this.joinCount;
  }

  get version(): number {
    return this.currentVersion;
  }

  /** The length of the text, without reading it. */
  get length(): number {
    return this.size;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  getText(range?: Range): string {
    const text = this.wholeText();
    if (!range) {
      return text;
    }
    return text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.size));
    const starts = this.starts();
    // The last line that starts at or before the offset (the first starts at 0).
    const line = Math.max(
      0,
      lastIndexAtOrBefore(starts, clamped, (start) => start),
    );
    return { line, character: this.beforeLineBreak(clamped, starts[line]!) - starts[line]! };
  }

  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line >= starts.length) {
      return this.size;
    }
    if (position.line < 0) {
      return 0;
    }
    const lineStart = starts[position.line]!;
    if (position.character <= 0) {
      return lineStart;
    }
    return this.beforeLineBreak(
      Math.min(lineStart + position.character, this.lineEnd(position.line)),
      lineStart,
    );
  }

  getLineRange(line: number): Range {
    const starts = this.starts();
    if (line >= starts.length) {
      const last = starts.length - 1;
      return {
        start: { line: last, character: 0 },
        end: { line: last, character: this.size - starts[last]! },
      };
    }
    if (line < 0) {
      return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    }
    const lineStart = starts[line]!;
    const end = this.beforeLineBreak(this.lineEnd(line), lineStart);
    return { start: { line, character: 0 }, end: { line, character: end - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.starts();
    if (line < 0 || line >= starts.length) {
      return '';
    }
    const next = this.lineEnd(line);
    let eol = '';
    for (let offset = this.beforeLineBreak(next, starts[line]!); offset < next; offset++) {
      eol += String.fromCharCode(this.charCodeAt(offset));
    }
    return eol;
  }

  /**
   * Applies a client's changes in order (each range is in the text the previous one left), as
   * `textDocument/didChange` sends them, and records them as offsets for `changesSince`.
   */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const applied: TextChange[] = [];
    let whole = false;
    for (const change of changes) {
      if ('range' in change) {
        const range = ordered(change.range);
        const start = this.offsetAt(range.start);
        const end = this.offsetAt(range.end);
        // Lines past the end are the last line, where their offsets are (vscode-languageserver-
        // textdocument writes line starts past the end of its list for them, and loses lines).
        const lastLine = this.starts().length - 1;
        this.replace(
          start,
          end,
          change.text,
          Math.min(Math.max(range.start.line, 0), lastLine),
          Math.min(Math.max(range.end.line, 0), lastLine),
        );
        applied.push({ start, end, text: change.text });
      } else {
        this.pieces = [change.text];
        this.size = change.text.length;
        this.lineStarts = undefined;
        whole = true;
      }
    }
    this.history.push({ from: this.currentVersion, to: version, changes: whole ? undefined : applied });
    this.currentVersion = version;
    if (this.history.length > keptVersions) {
      this.history.shift();
    }
  }

  /**
   * The changes that turn the text of `version` into the current text, in order; undefined when
   * they are not known (too old, the whole text was replaced, or versions were skipped).
   */
  changesSince(version: number): TextChange[] | undefined {
    const changes: TextChange[] = [];
    let at = version;
    let index = this.history.findIndex((entry) => entry.from === version);
    if (index < 0) {
      return version === this.currentVersion ? changes : undefined;
    }
    for (; index < this.history.length; index++) {
      const entry = this.history[index]!;
      if (entry.from !== at || !entry.changes) {
        return undefined;
      }
      changes.push(...entry.changes);
      at = entry.to;
    }
    return at === this.currentVersion ? changes : undefined;
  }

  private wholeText(): string {
    if (this.pieces.length > 1) {
      this.pieces = [this.pieces.join('')];
      this.joinCount++;
    }
    return this.pieces[0]!;
  }

  private starts(): number[] {
    this.lineStarts ??= [0, ...lineStartsIn(this.wholeText(), 0)];
    return this.lineStarts;
  }

  /** Where a line ends: the start of the next line, or the end of the text. */
  private lineEnd(line: number): number {
    const starts = this.starts();
    return line + 1 < starts.length ? starts[line + 1]! : this.size;
  }

  /** The character at an offset of the text (NaN past its end), read from its piece. */
  private charCodeAt(offset: number): number {
    let pieceStart = 0;
    for (const piece of this.pieces) {
      if (offset < pieceStart + piece.length) {
        return piece.charCodeAt(offset - pieceStart);
      }
      pieceStart += piece.length;
    }
    return Number.NaN;
  }

  /** An offset of a line moved back before the line break it is in or after. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let result = offset;
    while (result > lineStart) {
      const char = this.charCodeAt(result - 1);
      if (char !== lineFeed && char !== carriageReturn) {
        break;
      }
      result--;
    }
    return result;
  }

  private replace(start: number, end: number, text: string, startLine: number, endLine: number): void {
    const starts = this.starts();
    // The pieces before `start`, the part of the piece `start` falls in before it, the new text,
    // the part of the piece `end` falls in after it, and the pieces after.
    const pieces: string[] = [];
    let pieceStart = 0;
    let inserted = false;
    for (const piece of this.pieces) {
      const pieceEnd = pieceStart + piece.length;
      if (pieceEnd <= start || (inserted && pieceStart >= end)) {
        pieces.push(piece);
      } else {
        if (pieceStart < start) {
          pieces.push(piece.slice(0, start - pieceStart));
        }
        if (!inserted) {
          pieces.push(text);
          inserted = true;
        }
        if (pieceEnd > end) {
          pieces.push(piece.slice(Math.max(0, end - pieceStart)));
        }
      }
      pieceStart = pieceEnd;
    }
    if (!inserted) {
      pieces.push(text);
    }
    const kept = pieces.filter((piece) => piece.length > 0);
    this.pieces = kept.length > 0 ? kept : [''];
    const delta = text.length - (end - start);
    this.size += delta;
    if (this.pieces.length > maxPieces) {
      this.wholeText();
    }
    // The line starts: those in the new text replace those of the lines the change spanned, and
    // the later ones move by the change of length.
    const added = lineStartsIn(text, start);
    if (added.length < 10_000) {
      starts.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      // Not as arguments: a large paste would exceed the engine's limit on them.
      this.lineStarts = [...starts.slice(0, startLine + 1), ...added, ...starts.slice(endLine + 1)];
    }
    const moved = this.lineStarts!;
    if (delta !== 0) {
      for (let index = startLine + 1 + added.length; index < moved.length; index++) {
        moved[index]! += delta;
      }
    }
  }
}

/** The length of a document's text: without joining it, for an EditableDocument. */
export function textLength(document: TextDocument): number {
  return document instanceof EditableDocument ? document.length : document.getText().length;
}
