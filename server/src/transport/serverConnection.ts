/**
 * The language server's connection, over the transport its command line names, with the LSP
 * lifecycle enforced on it (./lifecycle.ts).
 *
 * vscode-languageserver's `createConnection()` picks the transport from argv itself, but then
 * keeps the reader and writer to itself; to wrap them we pick the transport here, exactly as
 * it does (the first of `--node-ipc`, `--stdio`, `--socket=N` / `--socket N`,
 * `--pipe=NAME` / `--pipe NAME`), and take over the two things it does only for the stdio
 * streams it opened: exiting when stdin ends, and keeping `console` off stdout.
 */
import * as net from 'node:net';
import { format, inspect, type InspectOptions } from 'node:util';
import {
  type Connection,
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  type MessageReader,
  type MessageWriter,
  ProposedFeatures,
  StreamMessageReader,
} from 'vscode-languageserver/node';
import { enforceLifecycle } from './lifecycle';
import { StreamMessageWriter } from './streamMessageWriter';

interface Transport {
  readonly stdio: boolean;
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
}

/** `args` are the command-line arguments after the script (`process.argv.slice(2)`). */
export function createServerConnection(args: readonly string[]): Connection {
  const transport = transportFromArguments(args);
  const lifecycle = enforceLifecycle(transport.reader, transport.writer);
  const connection = createConnection(ProposedFeatures.all, lifecycle.reader, lifecycle.writer);
  if (transport.stdio) {
    // The client is gone: end as `exit` would, 0 after shutdown and 1 otherwise.
    const exit = (): never => process.exit(lifecycle.shutdownReceived ? 0 : 1);
    process.stdin.on('end', exit);
    process.stdin.on('close', exit);
    // stdout carries the protocol: a dependency's console output goes to the client's log.
    // (Node's count, group, table and time* print through console.log, assert and trace
    // through warn and error; dir and dirxml are the other ways to stdout.)
    const log = (...values: unknown[]): void => connection.console.log(format(...values));
    Object.assign(console, {
      log,
      dirxml: log,
      info: (...values: unknown[]) => connection.console.info(format(...values)),
      debug: log,
      dir: (value: unknown, options?: InspectOptions) => connection.console.log(inspect(value, options)),
      warn: (...values: unknown[]) => connection.console.warn(format(...values)),
      error: (...values: unknown[]) => connection.console.error(format(...values)),
    });
  }
  return connection;
}

function transportFromArguments(args: readonly string[]): Transport {
  for (const [index, arg] of args.entries()) {
    if (arg === '--node-ipc') {
      return { stdio: false, reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
    }
    if (arg === '--stdio') {
      return {
        stdio: true,
        reader: new StreamMessageReader(process.stdin),
        writer: new StreamMessageWriter(process.stdout),
      };
    }
    const [name, inlineValue] = arg.split('=', 2);
    const value = inlineValue ?? args[index + 1];
    if (name === '--socket') {
      const port = Number.parseInt(value ?? '', 10);
      if (!(port > 0)) {
        break;
      }
      // As vscode-jsonrpc's createServerSocketTransport: the client listens, the server connects.
      return socketTransport(net.createConnection(port, '127.0.0.1'));
    }
    if (name === '--pipe') {
      if (!value) {
        break;
      }
      return socketTransport(net.createConnection(value));
    }
  }
  throw new Error(
    "The server's transport is not set: start it with --stdio, --node-ipc, --socket=<port> or --pipe=<name>.",
  );
}

function socketTransport(socket: net.Socket): Transport {
  return { stdio: false, reader: new StreamMessageReader(socket), writer: new StreamMessageWriter(socket) };
}
