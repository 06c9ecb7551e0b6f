import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// `podscope-language-server --stdio`: vscode-languageserver picks the transport from argv
// (--stdio, --node-ipc, --socket=N), as every LSP client expects.
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
