import { type ChildProcess, fork, spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** A JSON-RPC message as it came off the wire, unchecked. */
export interface RawMessage {
  jsonrpc?: unknown;
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

const serverMain = path.join(repoRoot, 'server/src/main.ts');

/**
 * The language server from its sources, spoken to in raw JSON-RPC with no client library in
 * between, so a test sees exactly what a client sees and may send what no library would: over
 * stdio (Content-Length frames around any bytes) or over node-ipc (`process.send`, as VS Code's
 * client does).
 */
export class RawLspProcess {
  readonly received: RawMessage[] = [];
  /** Over stdio: whatever reached stdout outside a Content-Length frame. */
  unframedOutput = '';
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  private stderrText = '';
  private exitCode: number | null | undefined;
  private waiters: (() => boolean)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly transport: 'stdio' | 'node-ipc',
  ) {
    child.stderr?.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        this.notify();
        resolve(code);
      }),
    );
  }

  /** The server over stdio; `script` replaces `server/src/main.ts --stdio` (e.g. `--eval`, code). */
  static overStdio(script: string[] = [serverMain, '--stdio']): RawLspProcess {
    const server = new RawLspProcess(
      spawn(process.execPath, ['--import', 'tsx', ...script], {
        cwd: repoRoot,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
      'stdio',
    );
    let pending = Buffer.alloc(0);
    server.child.stdout!.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerEnd = pending.indexOf('\r\n\r\n');
        if (headerEnd < 0) {
          return;
        }
        const header = pending.subarray(0, headerEnd).toString('utf8');
        const length = /^Content-Length: (\d+)$/.exec(header);
        if (!length) {
          // Anything else on stdout breaks the protocol: kept for the test to see, and skipped.
          server.unframedOutput += header;
          pending = pending.subarray(headerEnd + 4);
          continue;
        }
        const bodyEnd = headerEnd + 4 + Number(length[1]);
        if (pending.length < bodyEnd) {
          return;
        }
        server.receive(JSON.parse(pending.subarray(headerEnd + 4, bodyEnd).toString('utf8')) as RawMessage);
        pending = pending.subarray(bodyEnd);
      }
    });
    return server;
  }

  static overNodeIpc(): RawLspProcess {
    const server = new RawLspProcess(
      fork(serverMain, ['--node-ipc'], {
        cwd: repoRoot,
        execArgv: ['--import', 'tsx'],
        stdio: ['pipe', 'pipe', 'pipe', 'ipc'],
      }),
      'node-ipc',
    );
    server.child.on('message', (message) => server.receive(message as RawMessage));
    return server;
  }

  /** Sends a message, framed for stdio or through the IPC channel. */
  send(message: object): void {
    if (this.transport === 'node-ipc') {
      this.child.send(message);
    } else {
      this.sendBodies(JSON.stringify(message));
    }
  }

  /** Over stdio: each body (any text, JSON or not) in its own Content-Length frame, in one write. */
  sendBodies(...bodies: string[]): void {
    const frames = bodies.map((body) => {
      const bytes = Buffer.from(body, 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
    });
    this.child.stdin!.write(Buffer.concat(frames));
  }

  request(id: number | string, method: string, params?: unknown): Promise<RawMessage> {
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    return this.response(id);
  }

  notification(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) });
  }

  /** The response with this id (a message with an id and no method). */
  response(id: number | string | null): Promise<RawMessage> {
    return this.waitFor(`the response with id ${JSON.stringify(id)}`, (message) => {
      return message.method === undefined && 'id' in message && message.id === id;
    });
  }

  /** The first message received (before or after the call) that matches; fails on exit or timeout. */
  waitFor(
    description: string,
    matches: (message: RawMessage) => boolean,
    timeoutMs = 15_000,
  ): Promise<RawMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}; ${this.summary()}`));
      }, timeoutMs);
      const check = (): boolean => {
        const found = this.received.find(matches);
        if (found || this.exitCode !== undefined) {
          clearTimeout(timer);
          if (found) {
            resolve(found);
          } else {
            reject(
              new Error(`The server exited (${this.exitCode}) before ${description}; ${this.summary()}`),
            );
          }
          return true;
        }
        return false;
      };
      if (!check()) {
        this.waiters.push(check);
      }
    });
  }

  /** Closes the server's stdin (over stdio), as a client that goes away does. */
  endInput(): void {
    this.child.stdin!.end();
  }

  kill(): void {
    if (this.exitCode === undefined) {
      this.child.kill();
    }
  }

  private receive(message: RawMessage): void {
    this.received.push(message);
    this.notify();
  }

  private notify(): void {
    this.waiters = this.waiters.filter((check) => !check());
  }

  private summary(): string {
    const received = this.received.map((message) => JSON.stringify(message).slice(0, 300)).join('\n  ');
    return `received:\n  ${received}\nstderr: ${this.stderrText || '(empty)'}`;
  }
}
