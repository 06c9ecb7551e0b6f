/**
 * The LSP lifecycle and JSON-RPC's error replies (server/src/transport/lifecycle.ts), seen on the
 * wire of the real server process: raw frames over stdio, and process.send over node-ipc.
 * LSP 3.17 "Lifecycle Messages"; JSON-RPC 2.0 §5.1.
 */
import * as assert from 'node:assert/strict';
import {
  AbstractMessageReader,
  type DataCallback,
  Disposable,
  Emitter,
  type Message,
  type MessageWriter,
} from 'vscode-languageserver-protocol';
import { enforceLifecycle } from '../../server/src/transport/lifecycle';
import { withCursor } from '../support/cursor';
import { RawLspProcess, type RawMessage } from '../support/rawLspProcess';

// The error codes, written out: these are what a client sees.
const parseError = -32700;
const invalidRequest = -32600;
const methodNotFound = -32601;
const serverNotInitialized = -32002;

const uri = 'file:///lifecycle/pod.yaml';
const { text, position } = withCursor(
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  contain|ers:\n    - name: web\n      image: nginx:1.27\n',
);
const hoverParams = { textDocument: { uri }, position };
const didOpenParams = { textDocument: { uri, languageId: 'yaml', version: 1, text } };
const initializeParams = { processId: null, rootUri: null, capabilities: {} };

async function initialize(server: RawLspProcess): Promise<void> {
  const response = await server.request('initialize', 'initialize', initializeParams);
  assert.equal(response.error, undefined, JSON.stringify(response));
  server.notification('initialized', {});
}

/** Asserts an error response: exactly this id and code, and no result. */
function assertError(response: RawMessage, id: number | string | null, code: number): void {
  assert.deepEqual(
    { id: response.id, code: response.error?.code, hasResult: 'result' in response },
    { id, code, hasResult: false },
    JSON.stringify(response),
  );
}

/** The hover over `containers`, once the document is open and the server initialized. */
function assertContainersHover(response: RawMessage): void {
  assert.equal(response.error, undefined, JSON.stringify(response));
  assert.match(JSON.stringify(response.result), /pod\.spec\.containers/);
}

/** The exit code, or a failure if the process has not ended within `timeoutMs`. */
async function exitCode(server: RawLspProcess, timeoutMs = 10_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`The server still runs after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A notification and a request before `initialize`: the request is answered -32002 and the
 * notification dropped (the document is unknown until it is opened again after initialize).
 */
async function requestEarlyThenInitialize(server: RawLspProcess): Promise<void> {
  server.notification('textDocument/didOpen', didOpenParams);
  assertError(
    await server.request('early', 'textDocument/hover', hoverParams),
    'early',
    serverNotInitialized,
  );
  await initialize(server);
  assert.equal((await server.request(2, 'textDocument/hover', hoverParams)).result, null);
  server.notification('textDocument/didOpen', didOpenParams);
  assertContainersHover(await server.request(3, 'textDocument/hover', hoverParams));
}

describe('the LSP lifecycle on the wire', () => {
  let server: RawLspProcess | undefined;

  afterEach(() => {
    server?.kill();
    server = undefined;
  });

  describe('over stdio', () => {
    it('answers a request before initialize with -32002 and drops notifications', async () => {
      server = RawLspProcess.overStdio();
      await requestEarlyThenInitialize(server);
    });

    it('answers a body that is not JSON with -32700 and id null, and reads on', async () => {
      server = RawLspProcess.overStdio();
      await initialize(server);
      server.notification('textDocument/didOpen', didOpenParams);
      // The broken body and a good request in one write: the reader must go on within the buffer.
      server.sendBodies(
        '{"jsonrpc":"2.0","id":3,"method":',
        JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: hoverParams }),
      );
      assertError(await server.response(null), null, parseError);
      assertContainersHover(await server.response(4));
      assertContainersHover(await server.request(5, 'textDocument/hover', hoverParams));
      assert.deepEqual(
        server.received.filter((message) => message.id === 3),
        [],
        'the broken request is not answered as id 3',
      );
    });

    it('answers JSON that is not a request with -32600', async () => {
      server = RawLspProcess.overStdio();
      await initialize(server);
      server.sendBodies('{"jsonrpc":"2.0","id":6,"method":7}');
      assertError(await server.response(6), 6, invalidRequest);
      server.sendBodies('[]');
      assertError(await server.response(null), null, invalidRequest);
      assert.equal((await server.request(7, 'shutdown')).result, null);
    });

    it('refuses a second initialize with -32600 and an unknown method with -32601', async () => {
      server = RawLspProcess.overStdio();
      await initialize(server);
      assertError(await server.request('again', 'initialize', initializeParams), 'again', invalidRequest);
      assertError(await server.request(8, 'podscope/noSuchRequest'), 8, methodNotFound);
      server.notification('textDocument/didOpen', didOpenParams);
      assertContainersHover(await server.request(9, 'textDocument/hover', hoverParams));
    });

    it('refuses requests after shutdown with -32600, and exits with 0 on exit', async () => {
      server = RawLspProcess.overStdio();
      await initialize(server);
      const shutdown = await server.request('shutdown', 'shutdown');
      assert.deepEqual(
        { result: shutdown.result, error: shutdown.error },
        { result: null, error: undefined },
      );
      assertError(await server.request('late', 'textDocument/hover', hoverParams), 'late', invalidRequest);
      assertError(await server.request(10, 'shutdown'), 10, invalidRequest);
      server.notification('exit');
      assert.equal(await exitCode(server), 0);
    });

    it('exits with 1 on exit without shutdown', async () => {
      server = RawLspProcess.overStdio();
      await initialize(server);
      server.notification('exit');
      assert.equal(await exitCode(server), 1);
    });

    it('lets exit through before initialize (and exits with 1)', async () => {
      server = RawLspProcess.overStdio();
      server.notification('exit');
      assert.equal(await exitCode(server), 1);
    });

    it('exits when its input ends: with 1 without shutdown', async () => {
      // (With nothing left to do the process would end by itself, but with 0.)
      server = RawLspProcess.overStdio();
      await initialize(server);
      server.endInput();
      assert.equal(await exitCode(server), 1);
    });

    it('keeps console output off stdout: the client gets it as log messages', async () => {
      // What a dependency might print, through the server's own transport set-up.
      const printed = ['log', 'info', 'debug', 'dir', 'dirxml', 'table', 'count', 'warn', 'error'];
      server = RawLspProcess.overStdio([
        '--eval',
        [
          "const { createServerConnection } = require('./server/src/transport/serverConnection');",
          "createServerConnection(['--stdio']).listen();",
          ...printed.map((method) => `console.${method}('from ${method}');`),
        ].join('\n'),
      ]);
      await server.waitFor('the last log message', (message) =>
        JSON.stringify(message.params).includes('from error'),
      );
      const logged = server.received
        .filter((message) => message.method === 'window/logMessage')
        .map((message) => (message.params as { message: string }).message)
        .join('\n');
      for (const method of printed) {
        assert.ok(logged.includes(`from ${method}`), `console.${method} reached the client's log`);
      }
      assert.equal(server.unframedOutput, '');
    });
  });

  describe('over node-ipc (the VS Code client)', () => {
    it('answers -32002 before initialize and -32600 after shutdown; exit gives 0', async () => {
      server = RawLspProcess.overNodeIpc();
      await requestEarlyThenInitialize(server);
      assert.equal((await server.request('shutdown', 'shutdown')).error, undefined);
      assertError(await server.request('late', 'textDocument/hover', hoverParams), 'late', invalidRequest);
      server.notification('exit');
      assert.equal(await exitCode(server), 0);
    });
  });
});

/** A reader the test feeds by hand. */
class HandFedReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    return Disposable.create(() => (this.callback = undefined));
  }

  deliver(message: object): void {
    this.callback!(message as Message);
  }
}

describe('enforceLifecycle', () => {
  it('lets initialize be sent again after it failed, and only then', async () => {
    const reader = new HandFedReader();
    const written: Message[] = [];
    const writer: MessageWriter = {
      onError: new Emitter<[Error, Message | undefined, number | undefined]>().event,
      onClose: new Emitter<void>().event,
      write: (message) => {
        written.push(message);
        return Promise.resolve();
      },
      end: () => undefined,
      dispose: () => undefined,
    };
    const lifecycle = enforceLifecycle(reader, writer);
    const admitted: unknown[] = [];
    lifecycle.reader.listen((message) => admitted.push((message as RawMessage).id));
    const request = (id: number, method: string): void => reader.deliver({ jsonrpc: '2.0', id, method });

    request(1, 'initialize');
    // The server's answer: initialize failed (LSP's InitializeError, which may ask for a retry).
    await lifecycle.writer.write({ jsonrpc: '2.0', id: 1, error: { code: 1, message: 'no' } } as Message);
    request(2, 'textDocument/hover');
    request(3, 'initialize');
    await lifecycle.writer.write({ jsonrpc: '2.0', id: 3, result: { capabilities: {} } } as Message);
    request(4, 'textDocument/hover');
    request(5, 'initialize');

    assert.deepEqual(admitted, [1, 3, 4]);
    // The server's two answers, and the gate's own: -32002 before, -32600 for a third initialize.
    assert.deepEqual(
      written.map((message) => [(message as RawMessage).id, (message as RawMessage).error?.code ?? 'result']),
      [
        [1, 1],
        [2, serverNotInitialized],
        [3, 'result'],
        [5, invalidRequest],
      ],
    );
    assert.equal(lifecycle.shutdownReceived, false);
  });
});
