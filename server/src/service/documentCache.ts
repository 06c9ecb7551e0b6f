import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EditableDocument } from '../util/editableDocument';
import { type ManifestFile, ManifestParser } from '../yaml/manifestFile';

/**
 * Parsed files keyed by uri and version: each version of a document is parsed once, and its
 * unchanged YAML documents are reused from the previous version. Entries are dropped when the
 * document is closed, and the least recently used beyond `capacity` (a client that never closes
 * what it opens costs a parse when it comes back, not memory for ever).
 */
export class DocumentCache {
  private readonly entries = new Map<
    string,
    { version: number; document: TextDocument; file: ManifestFile; parser: ManifestParser }
  >();

  constructor(private readonly capacity = 200) {}

  get(document: TextDocument): ManifestFile {
    const entry = this.entries.get(document.uri);
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(document.uri);
    if (entry?.version === document.version) {
      this.entries.set(document.uri, entry);
      return entry.file;
    }
    const parser = entry?.parser ?? new ManifestParser();
    // The changes since the version the parser read, when the document recorded them (the very
    // document: a file closed and opened again is another one, with versions of its own).
    const edited =
      entry?.document === document && document instanceof EditableDocument ? document : undefined;
    const changes = edited?.changesSince(entry!.version);
    const file =
      edited && changes
        ? parser.parseChanges(changes, edited.length, () => edited.getText())
        : parser.parse(document.getText());
    this.entries.set(document.uri, { version: document.version, document, file, parser });
    for (const uri of this.entries.keys()) {
      if (this.entries.size <= this.capacity) {
        break;
      }
      this.entries.delete(uri);
    }
    return file;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
