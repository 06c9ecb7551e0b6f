/**
 * The LSP lifecycle and JSON-RPC's error replies, enforced on the transport: a wrapper around a
 * MessageReader/MessageWriter pair that answers, itself, the messages the specifications say a
 * server must refuse, so they never reach the vscode-languageserver connection (which would
 * dispatch every request in every state, and stays silent about a body that is not JSON).
 *
 * LSP 3.17, "Lifecycle Messages":
 * - "initialize": "If the server receives a request or notification before the initialize
 *   request it should act as follows: For a request the response should be an error with code:
 *   -32002. The message can be picked by the server. Notifications should be dropped, except for
 *   the exit notification. This will allow the exit of a server without an initialize request."
 *   "The initialize request may only be sent once": a second one is an InvalidRequest.
 * - "shutdown": "If a server receives requests after a shutdown request those requests should
 *   error with InvalidRequest." Notifications are left alone: the specification says nothing of
 *   them, and `exit` (0 after shutdown, 1 otherwise) is vscode-languageserver's to handle.
 *
 * JSON-RPC 2.0, §5.1 "Error object": a body that is not JSON is a Parse error (-32700), a JSON
 * value that is not a Request object an Invalid Request (-32600), and "If there was an error in
 * detecting the id in the Request object (e.g. Parse error/Invalid Request), it MUST be Null."
 *
 * The phase moves on as messages are read, in the order the client sent them; only the end of
 * `initialize` is taken from the server's answer, so that an initialize that failed may be sent
 * again (LSP: InitializeError's `retry`).
 */
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  ErrorCodes,
  Message,
  type MessageReader,
  type MessageWriter,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';

/** Where the session is, as far as the messages on the wire tell. */
type Phase = 'awaitingInitialize' | 'initializing' | 'running' | 'shutDown';

export interface LifecycleTransport {
  readonly reader: MessageReader;
  readonly writer: MessageWriter;
  /** Whether a `shutdown` request has been read (the exit code is then 0). */
  readonly shutdownReceived: boolean;
}

/** Wraps a transport so that the lifecycle is enforced before messages reach the connection. */
export function enforceLifecycle(reader: MessageReader, writer: MessageWriter): LifecycleTransport {
  const gate = new LifecycleGate(writer);
  return {
    reader: new LifecycleMessageReader(reader, gate),
    writer: new LifecycleMessageWriter(writer, gate),
    get shutdownReceived() {
      return gate.phase === 'shutDown';
    },
  };
}

/** A request id as the library types it; `null` is the id of an error about an unreadable message. */
type RequestId = RequestMessage['id'];

class LifecycleGate {
  phase: Phase = 'awaitingInitialize';
  private initializeId: RequestId | undefined;

  constructor(private readonly writer: MessageWriter) {}

  /** Whether a message read from the client goes on to the connection; if not, it is answered here. */
  admit(message: unknown): boolean {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      // LSP sends no batches; `[…]`, `null`, `42` are not Request objects.
      this.replyError(null, ErrorCodes.InvalidRequest, 'Invalid request: not a JSON-RPC message object.');
      return false;
    }
    const candidate = message as Message & { id?: unknown; method?: unknown };
    if (!('method' in candidate)) {
      // A response to one of the server's requests (or a broken one): the connection's to match.
      return true;
    }
    if (Message.isNotification(candidate)) {
      // `exit` is always let through: the library ends the process, 0 after shutdown, 1 otherwise.
      return candidate.method === 'exit' || this.phase !== 'awaitingInitialize';
    }
    if (!Message.isRequest(candidate)) {
      // A method that is not a string, or an id that is neither a string nor a number.
      const { id } = candidate;
      this.replyError(
        typeof id === 'number' || typeof id === 'string' ? id : null,
        ErrorCodes.InvalidRequest,
        'Invalid request: not a JSON-RPC request or notification.',
      );
      return false;
    }
    const { id, method } = candidate;
    switch (this.phase) {
      case 'awaitingInitialize':
        if (method === 'initialize') {
          this.phase = 'initializing';
          this.initializeId = id;
          return true;
        }
        this.replyError(
          id,
          ErrorCodes.ServerNotInitialized,
          `Server not initialized: ${method} was received before initialize.`,
        );
        return false;
      case 'initializing':
      case 'running':
        if (method === 'initialize') {
          this.replyError(
            id,
            ErrorCodes.InvalidRequest,
            'Invalid request: initialize may only be sent once.',
          );
          return false;
        }
        if (method === 'shutdown') {
          this.phase = 'shutDown';
        }
        return true;
      case 'shutDown':
        this.replyError(
          id,
          ErrorCodes.InvalidRequest,
          `Invalid request: ${method} was received after shutdown; only exit may follow.`,
        );
        return false;
    }
  }

  /** Sees the server's messages go out, for the answer to `initialize`. */
  observe(message: Message): void {
    if (this.phase === 'initializing' && Message.isResponse(message) && message.id === this.initializeId) {
      this.phase = message.error === undefined ? 'running' : 'awaitingInitialize';
    }
  }

  parseError(error: Error): void {
    this.replyError(null, ErrorCodes.ParseError, `Parse error: ${error.message}`);
  }

  private replyError(id: RequestId, code: number, message: string): void {
    const response: ResponseMessage = { jsonrpc: '2.0', id, error: { code, message } };
    // A failed write is reported through the writer's onError, which the connection hears.
    this.writer.write(response).catch(() => undefined);
  }
}

class LifecycleMessageReader extends AbstractMessageReader {
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly inner: MessageReader,
    private readonly gate: LifecycleGate,
  ) {
    super();
    this.subscriptions = [
      inner.onError((error) => {
        // The stream reader decodes each body with JSON.parse once its Content-Length bytes are in,
        // and reports a failure here, then goes on with the next message: so a SyntaxError is a
        // body that is not JSON. (Header and stream failures are plain Errors, passed on.)
        if (error instanceof SyntaxError) {
          gate.parseError(error);
        } else {
          this.fireError(error);
        }
      }),
      inner.onClose(() => this.fireClose()),
      inner.onPartialMessage((info) => this.firePartialMessage(info)),
    ];
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.gate.admit(message)) {
        callback(message);
      }
    });
  }

  override dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.inner.dispose();
    super.dispose();
  }
}

class LifecycleMessageWriter implements MessageWriter {
  constructor(
    private readonly inner: MessageWriter,
    private readonly gate: LifecycleGate,
  ) {}

  get onError(): MessageWriter['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageWriter['onClose'] {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    this.gate.observe(message);
    return this.inner.write(message);
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
