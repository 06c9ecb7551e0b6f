import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serverCatalogPath } from './catalog/catalogLocation';
import { loadPrecompiledValidators } from './schema/precompiledValidators';
import { startServer } from './server';

// `podscope-language-server --stdio`: vscode-languageserver picks the transport from argv
// (--stdio, --node-ipc, --socket=N), as every LSP client expects; `--catalog <path>` loads
// another catalog file.
const connection = createConnection(ProposedFeatures.all);
const precompiledValidators = loadPrecompiledValidators();
startServer(connection, {
  catalogPath: serverCatalogPath(),
  ...(precompiledValidators ? { precompiledValidators } : {}),
});
