import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type ManifestFile, ManifestParser } from '../yaml/manifestFile';

/**
 * Parsed files keyed by uri and version: each version of a document is parsed once, and its
 * unchanged YAML documents are reused from the previous version. Entries are dropped when the
 * document is closed.
 */
export class DocumentCache {
  private readonly entries = new Map<
    string,
    { version: number; file: ManifestFile; parser: ManifestParser }
  >();

  get(document: TextDocument): ManifestFile {
    const entry = this.entries.get(document.uri);
    if (entry?.version === document.version) {
      return entry.file;
    }
    const parser = entry?.parser ?? new ManifestParser();
    const file = parser.parse(document.getText());
    this.entries.set(document.uri, { version: document.version, file, parser });
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
