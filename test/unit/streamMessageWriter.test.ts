/**
 * The server's message writer (server/src/transport/streamMessageWriter.ts): one write per
 * message, framed as LSP's base protocol says, read back by vscode-jsonrpc's own reader; and the
 * real server over the two socket transports that use it besides stdio.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  type Message,
  type NotificationMessage,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
} from 'vscode-languageserver/node';
import { StreamMessageWriter } from '../../server/src/transport/streamMessageWriter';
import { repoRoot } from '../support/paths';

function notification(method: string, params: unknown): NotificationMessage {
  return { jsonrpc: '2.0', method, params: params as object };
}

/** A stream that records each write as it was handed over. */
function recordingStream(): { stream: PassThrough; writes: string[] } {
  const stream = new PassThrough();
  const writes: string[] = [];
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string, encoding: BufferEncoding, callback: (error?: Error | null) => void) => {
    writes.push(chunk);
    return write(chunk, encoding, callback);
  }) as typeof stream.write;
  return { stream, writes };
}

describe('StreamMessageWriter', () => {
  it('writes each message once, as Content-Length in UTF-8 bytes, a blank line and the JSON', async () => {
    const { stream, writes } = recordingStream();
    const writer = new StreamMessageWriter(stream);
    const messages = [
      notification('window/logMessage', { type: 3, message: 'plain' }),
      notification('window/logMessage', { type: 3, message: 'é 日本 🚀' }),
      { jsonrpc: '2.0', id: 7, result: null } as Message,
    ];
    for (const message of messages) {
      await writer.write(message);
    }
    // 84 characters and bytes; 86 characters in 93 bytes (é 2, 日 and 本 3 each, 🚀 4); 38.
    assert.deepEqual(writes, [
      'Content-Length: 84\r\n\r\n{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"plain"}}',
      'Content-Length: 93\r\n\r\n{"jsonrpc":"2.0","method":"window/logMessage","params":{"type":3,"message":"é 日本 🚀"}}',
      'Content-Length: 38\r\n\r\n{"jsonrpc":"2.0","id":7,"result":null}',
    ]);
  });

  it("is read back, message for message and in order, by vscode-jsonrpc's reader", async () => {
    const stream = new PassThrough();
    const writer = new StreamMessageWriter(stream);
    const reader = new StreamMessageReader(stream);
    const received: Message[] = [];
    const all = new Promise<void>((resolve) =>
      reader.listen((message) => {
        received.push(message);
        if (received.length === 200) {
          resolve();
        }
      }),
    );
    const sent = Array.from({ length: 200 }, (_, index) =>
      notification('test/n', {
        index,
        text: 'ü'.repeat(index * 37),
        big: index === 150 ? 'x'.repeat(300_000) : '',
      }),
    );
    // Not awaited one by one: the order is that of the calls.
    await Promise.all(sent.map((message) => writer.write(message)));
    await all;
    assert.deepEqual(received, sent);
    reader.dispose();
  });

  it('writes nothing of a message JSON cannot hold, and reports it', async () => {
    const { stream, writes } = recordingStream();
    const writer = new StreamMessageWriter(stream);
    const errors: unknown[] = [];
    writer.onError(([error]) => errors.push(error.message));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await assert.rejects(writer.write(notification('test/cycle', cyclic)), TypeError);
    assert.deepEqual(writes, []);
    assert.equal(errors.length, 1);
    await writer.write(notification('test/after', {}));
    assert.equal(writes.length, 1);
  });

  it('rejects a write to a destroyed stream, counts the failures, and reports the close', async () => {
    const stream = new PassThrough();
    const writer = new StreamMessageWriter(stream);
    const counts: (number | undefined)[] = [];
    writer.onError(([, , count]) => counts.push(count));
    const closed = new Promise<void>((resolve) => writer.onClose(() => resolve()));
    stream.destroy();
    await closed;
    await assert.rejects(writer.write(notification('test/a', {})));
    await assert.rejects(writer.write(notification('test/b', {})));
    assert.deepEqual(counts.slice(-2), [1, 2]);
  });
});

/**
 * The real server over --socket and --pipe (vscode-jsonrpc's createClientSocketTransport and
 * createClientPipeTransport do the same on a client's side: it listens, the server connects).
 */
describe('The server over a socket and a named pipe', function () {
  this.timeout(30_000);

  for (const kind of ['socket', 'pipe'] as const) {
    it(`answers initialize and publishes diagnostics over --${kind}`, async () => {
      const listener = net.createServer();
      const pipeName = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-pipe-')), 'lsp.sock');
      await new Promise<void>((resolve) =>
        kind === 'socket' ? listener.listen(0, '127.0.0.1', resolve) : listener.listen(pipeName, resolve),
      );
      const accepted = new Promise<net.Socket>((resolve) => listener.once('connection', resolve));
      const argument =
        kind === 'socket' ? `--socket=${(listener.address() as net.AddressInfo).port}` : `--pipe=${pipeName}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', argument], {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      try {
        const socket = await accepted;
        const connection = createMessageConnection(
          new SocketMessageReader(socket),
          new SocketMessageWriter(socket),
        );
        const published = new Promise<{
          uri: string;
          diagnostics: { code?: unknown; range: { start: { line: number } } }[];
        }>((resolve) => connection.onNotification('textDocument/publishDiagnostics', resolve));
        connection.listen();
        const result = await connection.sendRequest<{ serverInfo?: { name: string } }>('initialize', {
          processId: null,
          rootUri: null,
          capabilities: {},
        });
        assert.equal(result.serverInfo?.name, 'podscope-language-server');
        await connection.sendNotification('initialized', {});
        const uri = 'file:///transport/pod.yaml';
        await connection.sendNotification('textDocument/didOpen', {
          textDocument: {
            uri,
            languageId: 'yaml',
            version: 1,
            text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod\nspec:\n  restartPolicy: Sometimes\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          },
        });
        const diagnostics = await published;
        assert.equal(diagnostics.uri, uri);
        // Among the pod's findings: the restartPolicy, on its line.
        assert.deepEqual(
          diagnostics.diagnostics
            .filter((diagnostic) => diagnostic.code === 'invalid-value')
            .map((diagnostic) => diagnostic.range.start.line),
          [5],
        );
        await connection.sendRequest('shutdown');
        connection.dispose();
        socket.destroy();
      } finally {
        child.kill();
        listener.close();
      }
    });
  }
});
