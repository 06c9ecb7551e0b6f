import { type Connection, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from './catalog/catalog';
import { defaultCatalogPath } from './catalog/catalogLocation';

/** Wires the language service to an LSP connection. */
export function startServer(connection: Connection, catalogPath = defaultCatalogPath()): void {
  const documents = new TextDocuments(TextDocument);
  let catalog: Catalog | undefined;

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'podscope-language-server' },
  }));

  connection.onInitialized(() => {
    const started = performance.now();
    try {
      catalog = Catalog.load(catalogPath);
      const elapsed = performance.now() - started;
      connection.console.info(
        `Loaded the Kubernetes catalog (${catalog.source}, ${catalog.kinds.length} kinds) in ${elapsed.toFixed(1)} ms`,
      );
    } catch (error) {
      // One clear message; the server stays up and simply offers no Kubernetes help.
      connection.console.error((error as Error).message);
    }
  });

  documents.listen(connection);
  connection.listen();
}
