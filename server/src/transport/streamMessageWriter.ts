/**
 * The server's writer of LSP messages to a byte stream (stdout, a socket, a named pipe): each
 * message is one write of its header and its JSON body together.
 *
 * vscode-jsonrpc's own `WriteableStreamMessageWriter` writes a message in two writes (the header,
 * then the body), after a `setImmediate` of its write lock and a chain of promises between them.
 * For stdio that is two system calls to a blocking pipe, each waking the client, and two turns of
 * the event loop before a response leaves: about a third of a millisecond of every message, and of
 * a small file's whole re-validation (BENCHMARKS.md). Writing synchronously, in the order of the
 * calls, keeps the messages in the order the connection sends them without a lock.
 *
 * The body is written as a string: Node encodes it into the system call's own buffer, so a large
 * publication makes no Buffer in the heap besides its JSON.
 *
 * The framing is the base protocol's (LSP 3.17, "Base Protocol"): `Content-Length` in bytes of the
 * UTF-8 body, `\r\n\r\n`, no `Content-Type` (its default, `application/vscode-jsonrpc;
 * charset=utf-8`, is what is sent).
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

/** What the writer needs of a stream: Node's net.Socket and Writable have it. */
export interface ByteStream {
  write(chunk: string, encoding: 'utf8', callback: (error?: Error | null) => void): boolean;
  end(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export class StreamMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly stream: ByteStream) {
    super();
    stream.on('error', (error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    let frame: string;
    try {
      const body = JSON.stringify(message);
      frame = `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    } catch (error) {
      // A message JSON cannot hold (a cycle, a BigInt): nothing of it is written.
      this.fireError(error, message);
      return Promise.reject(asError(error));
    }
    return new Promise((resolve, reject) => {
      try {
        this.stream.write(frame, 'utf8', (error) => {
          if (error) {
            this.fail(error, message);
            reject(error);
          } else {
            resolve();
          }
        });
      } catch (error) {
        // A stream already destroyed may throw rather than call back.
        this.fail(error, message);
        reject(asError(error));
      }
    });
  }

  end(): void {
    this.stream.end();
  }

  private fail(error: unknown, message: Message): void {
    this.errorCount++;
    this.fireError(error, message, this.errorCount);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
