/**
 * The language server as a separate process over stdio, driven the way an editor drives it: the
 * one LSP client of the tests (server, conformance and robustness suites). Any working folder,
 * command-line arguments and client capabilities; every publication, log line, message and
 * registration recorded; waits with timeouts; the process id for reading its memory. The
 * process itself comes from lspProcess.ts, which the benchmark's client shares.
 */
import type { ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  CompletionRequest,
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializeRequest,
  type InitializeResult,
  LogMessageNotification,
  type LogMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  type Registration,
  RegistrationRequest,
  ShowMessageNotification,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
  WorkDoneProgressCreateRequest,
} from 'vscode-languageserver-protocol/node';
import { type LspProcess, startServerFromSources } from './lspProcess';
import { repoRoot } from './paths';

export interface SessionOptions {
  /** The server's working folder (the repository by default). */
  cwd?: string;
  /** Extra arguments after `--stdio`, e.g. `--catalog <path>`. */
  args?: string[];
  /** The workspace folder the client reports, if any. */
  rootPath?: string;
  /** What `workspace/configuration` answers for `podscope`. */
  settings?: unknown;
  /** The client's capabilities (default: configuration pulled, its changes registered dynamically). */
  capabilities?: ClientCapabilities;
  /** Holds back the answers to `workspace/configuration` until this resolves. */
  configurationGate?: Promise<void>;
}

const defaultCapabilities: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
};

export class ServerSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  /** `window/showMessage` notifications. */
  readonly messages: ShowMessageParams[] = [];
  /** `client/registerCapability` requests' registrations. */
  readonly registrations: Registration[] = [];
  /** The values of `$/progress` notifications (work-done progress the server started). */
  readonly progress: unknown[] = [];
  initializeResult: InitializeResult | undefined;
  private readonly process: LspProcess;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];

  private constructor(private readonly options: SessionOptions) {
    this.process = startServerFromSources({
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.args === undefined ? {} : { args: options.args }),
    });
    const connection = this.connection;
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onRequest(ConfigurationRequest.type, async (params) => {
      await options.configurationGate;
      return params.items.map(() => options.settings ?? {});
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onNotification('$/progress', (params: { value: unknown }) => {
      this.progress.push(params.value);
      this.notify();
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.notify();
    });
  }

  get connection(): ProtocolConnection {
    return this.process.connection;
  }

  get child(): ChildProcess {
    return this.process.child;
  }

  /** Starts a server and completes the initialize handshake. */
  static async start(options: SessionOptions = {}): Promise<ServerSession> {
    const session = new ServerSession(options);
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).href : null;
    session.initializeResult = await session.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'workspace' }] : null,
      capabilities: options.capabilities ?? defaultCapabilities,
    });
    await session.connection.sendNotification('initialized', {});
    return session;
  }

  get pid(): number {
    return this.child.pid!;
  }

  stderr(): string {
    return this.process.stderr();
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

  /** The first publication (past or future) that satisfies `predicate`. */
  async publicationMatching(
    predicate: (params: PublishDiagnosticsParams) => boolean,
    description = 'a matching publication',
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams> {
    await this.waitFor(() => this.published.some(predicate), description, timeoutMs);
    return this.published.find(predicate)!;
  }

  /** The latest publication for a uri, once one satisfies `predicate` (waiting for it if needed). */
  async latestPublication(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams> {
    const latest = (): PublishDiagnosticsParams | undefined => this.publicationsFor(uri).at(-1);
    await this.waitFor(
      () => {
        const params = latest();
        return params !== undefined && predicate(params);
      },
      `diagnostics for ${uri}`,
      timeoutMs,
    );
    return latest()!;
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
    return this.process.alive();
  }

  /** Sends shutdown and exit, and resolves with the exit code. */
  stop(): Promise<number | null> {
    return this.process.stop();
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
