import * as assert from 'node:assert/strict';
import { InitializeRequest, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol';
import { startServerFromSources } from '../support/lspProcess';

describe('podscope-language-server --stdio', () => {
  it('answers initialize, publishes nothing for a non-Kubernetes file, and exits on shutdown', async function () {
    this.timeout(30_000);
    const server = startServerFromSources();
    const published: unknown[] = [];
    server.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
    });
    const result = await server.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    assert.equal(result.serverInfo?.name, 'podscope-language-server');
    await server.connection.sendNotification('initialized', {});
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///tmp/compose.yaml',
        languageId: 'yaml',
        version: 1,
        text: 'services:\n  web: {}\n',
      },
    });
    const code = await server.stop();
    assert.equal(code, 0, server.stderr());
    assert.deepEqual(published, []);
  });
});
