/**
 * The language server as a separate process over stdio, driven the way an editor drives it, for
 * the robustness suites: any working folder and command-line arguments, every publication and
 * log line recorded, waits with timeouts, and the process id for reading its memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializeRequest,
  LogMessageNotification,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/paths';

export interface SessionOptions {
  /** The server's working folder (the repository by default). */
  cwd?: string;
  /** Extra arguments after `--stdio`, e.g. `--catalog <path>`. */
  args?: string[];
  /** The workspace folder the client reports, if any. */
  rootPath?: string;
  /** What `workspace/configuration` answers for `podscope`. */
  settings?: unknown;
}

export class ServerSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  private stderrText = '';
  private readonly exited: Promise<number | null>;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(private readonly options: SessionOptions) {
    // tsx from the repository, by URL: the working folder may be anywhere.
    const tsx = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
    this.child = spawn(
      process.execPath,
      ['--import', tsx, path.join(repoRoot, 'server/src/main.ts'), '--stdio', ...(options.args ?? [])],
      { cwd: options.cwd ?? repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.notify();
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.notify();
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map(() => options.settings ?? {}),
    );
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.listen();
  }

  /** Starts a server and completes the initialize handshake. */
  static async start(options: SessionOptions = {}): Promise<ServerSession> {
    const session = new ServerSession(options);
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).href : null;
    await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      },
    });
    await session.connection.sendNotification('initialized', {});
    return session;
  }

  get pid(): number {
    return this.child.pid!;
  }

  stderr(): string {
    return this.stderrText;
  }

  private notify(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.check()) {
        waiter.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves when `check` holds (checked after every publication and log), or fails after `timeoutMs`. */
  waitFor(check: () => boolean, description: string, timeoutMs = 20_000): Promise<void> {
    if (check()) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.check !== check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      this.waiters.push({
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** The first publication for a uri (and version, when given), waiting for it if needed. */
  async publication(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    const find = (): PublishDiagnosticsParams | undefined =>
      this.published.find(
        (params) => params.uri === uri && (version === undefined || params.version === version),
      );
    await this.waitFor(() => find() !== undefined, `diagnostics for ${uri} v${version ?? 'any'}`, timeoutMs);
    return find()!;
  }

  publicationsFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((params) => params.uri === uri);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
  }

  async complete(uri: string, position: Position): Promise<{ labels: string[]; ms: number }> {
    const start = performance.now();
    const result = await this.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position,
    });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return { labels: items.map((item) => item.label), ms: performance.now() - start };
  }

  async hover(uri: string, position: Position): Promise<{ text: string | undefined; ms: number }> {
    const start = performance.now();
    const result = await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
    const contents = result?.contents as { value?: string } | undefined;
    return { text: contents?.value, ms: performance.now() - start };
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends shutdown and exit, and resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Ends the process without the protocol's goodbye (for tests that failed half-way). */
  kill(): void {
    if (this.alive) {
      this.child.kill();
    }
  }

  toString(): string {
    return `server ${this.pid} (${this.options.cwd ?? repoRoot})`;
  }
}
