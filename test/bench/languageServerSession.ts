/**
 * One language server process, spoken to over stdio the way an editor does: the same
 * initialize parameters, the same capabilities and the same requests for every server. Only the
 * answers to `workspace/configuration` differ, since each server reads its own settings.
 */
import * as fs from 'node:fs';
import {
  CompletionRequest,
  ConfigurationRequest,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type Hover,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type InitializeParams,
  LogMessageNotification,
  type Position,
  type PublishDiagnosticsParams,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  RenameRequest,
} from 'vscode-languageserver-protocol';
import { type LspProcess, startLspProcess } from '../support/lspProcess';

export interface ServerSpec {
  /** The column name in the report. */
  name: string;
  command: string;
  args: string[];
  /** The value of one settings section, as the client answers `workspace/configuration`. */
  configuration(section: string | undefined): unknown;
}

/** Milliseconds, measured in the harness with `performance.now()`. */
export type Milliseconds = number;

/** A server does not answer in this time: the run fails instead of hanging. */
const requestTimeout = 300_000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out after ${requestTimeout} ms: ${what}`)),
      requestTimeout,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const capabilities: InitializeParams['capabilities'] = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    completion: {
      contextSupport: true,
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

/** Requests from a server that a client only acknowledges. */
const acknowledgedRequests = [
  'client/registerCapability',
  'client/unregisterCapability',
  'window/workDoneProgress/create',
  'workspace/codeLens/refresh',
  'workspace/diagnostic/refresh',
  'workspace/inlayHint/refresh',
  'workspace/semanticTokens/refresh',
  'window/showMessageRequest',
];

/** How a session starts: the workspace folder (none: no rootUri, no workspaceFolders), and whether
 * the client offers `window.workDoneProgress`. */
export interface SessionOptions {
  workDoneProgress?: boolean;
}

interface DiagnosticsWaiter {
  predicate: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

export class LanguageServerSession {
  /** The latest diagnostics published for each uri. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private waiters: DiagnosticsWaiter[] = [];
  private lastPublishAt = 0;
  private readonly versions = new Map<string, number>();
  /** Messages the server logged (window/logMessage), in order. */
  readonly logMessages: string[] = [];
  /** When the harness sent `initialized`. */
  initializedAt: Milliseconds = Number.NaN;
  /** Resolves when the server ends a work-done progress it started (`$/progress` with kind end). */
  readonly progressEnd: Promise<Milliseconds>;

  private constructor(
    readonly spec: ServerSpec,
    private readonly process: LspProcess,
    /** When the process was spawned. */
    readonly spawnedAt: Milliseconds,
  ) {
    const { connection } = process;
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => spec.configuration(item.section)),
    );
    // Capability registrations, progress tokens, refresh requests: acknowledged, nothing more.
    for (const method of acknowledgedRequests) {
      connection.onRequest(method, () => null);
    }
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.lastPublishAt = performance.now();
      this.diagnostics.set(params.uri, params);
      const ready = this.waiters.filter((waiter) => waiter.predicate(params));
      this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
      for (const waiter of ready) {
        waiter.resolve(params);
      }
    });
    let ended: (at: Milliseconds) => void = () => undefined;
    this.progressEnd = new Promise((resolve) => (ended = resolve));
    connection.onNotification('$/progress', (params: { token: unknown; value?: { kind?: unknown } }) => {
      if (params.value?.kind === 'end') {
        ended(performance.now());
      }
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logMessages.push(params.message);
    });
    // Telemetry goes unhandled, which ignores it; stderr is kept for failures.
    process.child.on('exit', (code, signal) => {
      if (this.waiters.length > 0) {
        console.error(`${spec.name} exited (${code ?? signal}) while a measure waited:\n${process.stderr()}`);
      }
    });
  }

  /** Spawns the server and initializes it with a workspace folder (null: none). */
  static async start(
    spec: ServerSpec,
    workspaceUri: string | null,
    options: SessionOptions = {},
  ): Promise<LanguageServerSession> {
    const spawnedAt = performance.now();
    const session = new LanguageServerSession(spec, startLspProcess(spec.command, spec.args), spawnedAt);
    const { connection } = session.process;
    await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'podscope-bench' },
        rootUri: workspaceUri,
        workspaceFolders: workspaceUri === null ? null : [{ uri: workspaceUri, name: 'bench' }],
        capabilities: options.workDoneProgress
          ? { ...capabilities, window: { workDoneProgress: true } }
          : capabilities,
        locale: 'en',
      }),
      `${spec.name} initialize`,
    );
    session.initializedAt = performance.now();
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  get pid(): number {
    return this.process.child.pid!;
  }

  /** A promise for the first publication for `uri` that satisfies `predicate`, from now on. */
  nextDiagnostics(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    const promise = new Promise<PublishDiagnosticsParams>((resolve) => {
      this.waiters.push({ predicate: (params) => params.uri === uri && predicate(params), resolve });
    });
    return withTimeout(promise, `${this.spec.name} diagnostics for ${uri}`);
  }

  /** Resolves once no diagnostics have been published for `quietFor` milliseconds. */
  async settle(quietFor: Milliseconds): Promise<void> {
    for (;;) {
      const wait = this.lastPublishAt + quietFor - performance.now();
      if (wait <= 0) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.process.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
  }

  /** Sends one incremental change, as an editor does for a keystroke; returns the new version. */
  async change(uri: string, range: { start: Position; end: Position }, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.process.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /**
   * Sends one incremental change and measures the time to the diagnostics of the new version:
   * matched by version when the server sends one, else the first publication after the change.
   */
  async changeAndWaitForDiagnostics(
    uri: string,
    range: { start: Position; end: Position },
    text: string,
  ): Promise<{ elapsed: Milliseconds; diagnostics: PublishDiagnosticsParams }> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    const published = this.nextDiagnostics(
      uri,
      (params) => params.version === undefined || params.version === version,
    );
    const started = performance.now();
    await this.change(uri, range, text);
    const diagnostics = await published;
    return { elapsed: performance.now() - started, diagnostics };
  }

  async complete(uri: string, position: Position): Promise<{ elapsed: Milliseconds; items: number }> {
    const started = performance.now();
    const result = await withTimeout(
      this.process.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position,
        context: { triggerKind: 1 },
      }),
      `${this.spec.name} completion`,
    );
    const elapsed = performance.now() - started;
    const items = Array.isArray(result) ? result.length : (result?.items.length ?? 0);
    return { elapsed, items };
  }

  async hover(uri: string, position: Position): Promise<{ elapsed: Milliseconds; hasContent: boolean }> {
    const started = performance.now();
    const result: Hover | null = await withTimeout(
      this.process.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
      `${this.spec.name} hover`,
    );
    const elapsed = performance.now() - started;
    return { elapsed, hasContent: hoverText(result).trim().length > 0 };
  }

  /** Go to definition: the time and the uris of the locations found. */
  async definition(uri: string, position: Position): Promise<{ elapsed: Milliseconds; uris: string[] }> {
    const started = performance.now();
    const result = await withTimeout(
      this.process.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }),
      `${this.spec.name} definition`,
    );
    const elapsed = performance.now() - started;
    const locations = result === null ? [] : Array.isArray(result) ? result : [result];
    return {
      elapsed,
      uris: locations.map((location) => ('targetUri' in location ? location.targetUri : location.uri)),
    };
  }

  /** Find references (with the declaration): the time and the number of locations. */
  async references(uri: string, position: Position): Promise<{ elapsed: Milliseconds; count: number }> {
    const started = performance.now();
    const result = await withTimeout(
      this.process.connection.sendRequest(ReferencesRequest.type, {
        textDocument: { uri },
        position,
        context: { includeDeclaration: true },
      }),
      `${this.spec.name} references`,
    );
    return { elapsed: performance.now() - started, count: result?.length ?? 0 };
  }

  /** Rename (the edit is computed, not applied): the time and the number of files it edits. */
  async rename(
    uri: string,
    position: Position,
    newName: string,
  ): Promise<{ elapsed: Milliseconds; files: number }> {
    const started = performance.now();
    const result = await withTimeout(
      this.process.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName }),
      `${this.spec.name} rename`,
    );
    const elapsed = performance.now() - started;
    const files = new Set([
      ...Object.keys(result?.changes ?? {}),
      ...(result?.documentChanges ?? []).flatMap((change) =>
        'textDocument' in change ? [change.textDocument.uri] : [],
      ),
    ]);
    return { elapsed, files: files.size };
  }

  /** The resident set size of the process now, in bytes (VmRSS). */
  rss(): number {
    return this.procStatus('VmRSS');
  }

  /** The peak resident set size of the process so far, in bytes (VmHWM). */
  peakRss(): number {
    return this.procStatus('VmHWM');
  }

  private procStatus(field: 'VmRSS' | 'VmHWM'): number {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!match) {
      throw new Error(`No ${field} in /proc/${this.pid}/status`);
    }
    return Number(match[1]) * 1024;
  }

  stderr(): string {
    return this.process.stderr();
  }

  async stop(): Promise<void> {
    await withTimeout(this.process.stop(), `${this.spec.name} shutdown`);
  }
}

function hoverText(hover: Hover | null): string {
  if (!hover) {
    return '';
  }
  const contents: unknown = hover.contents;
  const text = (part: unknown): string => {
    const value = typeof part === 'string' ? part : (part as { value?: unknown } | null)?.value;
    return typeof value === 'string' ? value : '';
  };
  return Array.isArray(contents) ? contents.map(text).join('\n') : text(contents);
}
