import { serverCatalogPath } from './catalog/catalogLocation';
import { loadPrecompiledValidators } from './schema/precompiledValidators';
import { startServer } from './server';
import { createServerConnection } from './transport/serverConnection';

// `podscope-language-server --stdio`: the transport comes from argv (--stdio, --node-ipc,
// --socket=N, --pipe=NAME), as every LSP client expects, with the LSP lifecycle enforced on it;
// `--catalog <path>` loads another catalog file.
const connection = createServerConnection(process.argv.slice(2));
// The last resort behind the guards in server.ts: whatever still escapes is logged, and the
// server goes on serving every other document (Node would otherwise exit on an unhandled
// rejection, taking every open file's diagnostics with it).
process.on('unhandledRejection', (reason) => {
  connection.console.error(`Unhandled rejection: ${(reason as Error | undefined)?.stack ?? String(reason)}`);
});
process.on('uncaughtException', (error) => {
  connection.console.error(`Uncaught exception: ${error.stack ?? String(error)}`);
});
const precompiledValidators = loadPrecompiledValidators();
startServer(connection, {
  catalogPath: serverCatalogPath(),
  ...(precompiledValidators ? { precompiledValidators } : {}),
});
