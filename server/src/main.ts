import { serverCatalogPath } from './catalog/catalogLocation';
import { loadPrecompiledValidators } from './schema/precompiledValidators';
import { startServer } from './server';
import { createServerConnection } from './transport/serverConnection';

// `podscope-language-server --stdio`: the transport comes from argv (--stdio, --node-ipc,
// --socket=N, --pipe=NAME), as every LSP client expects, with the LSP lifecycle enforced on it;
// `--catalog <path>` loads another catalog file.
const connection = createServerConnection(process.argv.slice(2));
const precompiledValidators = loadPrecompiledValidators();
startServer(connection, {
  catalogPath: serverCatalogPath(),
  ...(precompiledValidators ? { precompiledValidators } : {}),
});
