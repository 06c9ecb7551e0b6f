/**
 * Workspace diagnostics (LSP 3.17 `workspace/diagnostic`, "Workspace Diagnostics"): the
 * findings of the workspace's files that the editor has not open, checked from their text on the
 * disk exactly as an open document is, for a client that pulls diagnostics and a user who set
 * `podscope.diagnostics.workspace`.
 *
 * vscode-languageclient (10.x, lib/common/diagnostic.js) asks again as soon as it has an answer:
 * `DiagnosticRequestor.pullWorkspace` starts one request when the provider is registered, and
 * `pullWorkspaceAsync().then(...)` sets a 2-second timer for the next one after every answer (and
 * after a failure, up to five failures that are neither a cancellation nor carry
 * `DiagnosticServerCancellationData`), each with every resultId it holds as `previousResultIds`;
 * it keeps one request at a time (a new one cancels the last) and cancels the open one when it
 * stops. A server that answered "unchanged" at once would be asked every 2 seconds for ever, each
 * time going over the whole workspace; so a request whose every report would be "unchanged" is
 * held open until something changes (the specification's long poll: the answer comes when the
 * server has something to say, and the client may cancel it with `$/cancelRequest`).
 *
 * The work is proportional to change: each file's last result is kept with what it was computed
 * from (its text's hash, its settings, the index's revision and its own entry in the index, which
 * the index replaces when it reads the file again), so a repeated request reads nothing
 * and checks nothing for a file whose inputs are the same, and a pass yields to the event loop
 * between files, so that the open file's completion and hover are answered while a large
 * workspace is checked.
 */
import { createHash } from 'node:crypto';
import {
  type CancellationToken,
  type DiagnosticServerCancellationData,
  type Disposable,
  LSPErrorCodes,
  type PreviousResultId,
  ResponseError,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { PodscopeSettings } from './common/settings';
import { deepEqual } from './util/deepEqual';

/** Milliseconds without a further change before a held request is looked at again. */
export const workspaceDiagnosticsDelay = 200;
/** The longest a stream of changes (typing in an open file) may postpone a held request, in milliseconds. */
export const workspaceDiagnosticsMaxWait = 2000;
/** Files whose results are reused between two turns of the event loop. */
const reusedPerTurn = 100;
/**
 * The resultId of the report that takes a file's findings away (deleted, excluded, no longer
 * Kubernetes, the setting turned off): the client sends it back, and it stays true until the
 * file is reported again.
 */
export const clearedResultId = 'cleared';

export interface WorkspaceDiagnosticPullHost {
  /** The files the index read (manifests and chart files), open or not. */
  files(): Iterable<string>;
  /** Whether the editor has the file open (it is pulled per document, never reported here). */
  isOpen(uri: string): boolean;
  /** The workspace has been read once (until then, there is nothing to compare with). */
  ready(): boolean;
  /** The settings for a file, as for an open document. */
  settings(uri: string): Promise<PodscopeSettings>;
  isExcluded(uri: string, settings: PodscopeSettings): boolean;
  /** The file's text on the disk; undefined when it is gone or cannot be read. */
  readText(uri: string): Promise<string | undefined>;
  /**
   * The diagnostics of a file's text as an open document gets them (synchronously: nothing else
   * runs meanwhile). Checking a file puts its text into the index, as for an open document.
   */
  validate(document: TextDocument, settings: PodscopeSettings): Diagnostic[];
  /** Counts the changes of the index: what findings across files depend on. */
  revision(): number;
  /**
   * What the index holds of one file (its entry, its chart text): other objects whenever the
   * file was read again (a change on the disk, the editor closing it).
   */
  sourcesOf(uri: string): readonly unknown[];
  /** Logs a failure, with the file it concerns. */
  reportError(name: string, uri: string, error: unknown): void;
}

/** The last result of one file, with what it was computed from. */
interface FileResult {
  readonly resultId: string;
  readonly items: Diagnostic[];
  readonly textHash: string;
  readonly settingsKey: string;
  /** The settings object it was computed with (a new one comes after every change of settings). */
  settings: PodscopeSettings;
  readonly revision: number;
  /** What the index held of the file after the check (`sourcesOf`). */
  sources: readonly unknown[];
}

export class WorkspaceDiagnosticPull {
  private readonly results = new Map<string, FileResult>();
  private nextResultId = 1;
  /** Index changes made by this class's own checks (a file's text put in again): not changes of the workspace. */
  private ownChanges = 0;
  /** Counts the changes the host announced. */
  private generation = 0;
  private answeredOnce = false;
  /** The revision `noticeIndexChanges` saw last. */
  private lastRevision = 0;
  private disposed = false;
  /** The held requests: each is told of every change, and finished on cancellation or dispose. */
  private readonly held = new Map<() => void, () => void>();

  constructor(private readonly host: WorkspaceDiagnosticPullHost) {}

  /** How many requests are held (for tests). */
  get heldRequests(): number {
    return this.held.size;
  }

  /** Something the findings may depend on changed: the held requests look again, once changes pause. */
  changed(): void {
    this.generation++;
    for (const notify of [...this.held.keys()]) {
      notify();
    }
  }

  /** Announces a change when the index moved since the last call (an open document's new text). */
  noticeIndexChanges(): void {
    const revision = this.revision();
    if (revision !== this.lastRevision) {
      this.lastRevision = revision;
      this.changed();
    }
  }

  /** Answers the held requests with nothing new (the server is shutting down). */
  dispose(): void {
    this.disposed = true;
    for (const finish of [...this.held.values()]) {
      finish();
    }
  }

  /**
   * The answer to one `workspace/diagnostic` request: a full report for each file whose findings
   * the client does not have (by `previousResultIds`), "unchanged" for the others. The first
   * request is answered at once; a later one whose every report would be "unchanged" is held
   * until a change makes one of them full, or the client cancels it.
   */
  async answer(
    previousResultIds: readonly PreviousResultId[],
    token: CancellationToken,
  ): Promise<WorkspaceDiagnosticReport | ResponseError<DiagnosticServerCancellationData>> {
    const previous = new Map(previousResultIds.map((entry) => [entry.uri, entry.value]));
    for (;;) {
      if (token.isCancellationRequested) {
        return cancelled();
      }
      if (this.disposed) {
        return { items: [] };
      }
      const generation = this.generation;
      if (this.host.ready()) {
        const reported = await this.check(token);
        if (!reported) {
          return cancelled();
        }
        const items: WorkspaceDocumentDiagnosticReport[] = [];
        let news = false;
        for (const [uri, result] of reported) {
          if (previous.get(uri) === result.resultId) {
            items.push({ kind: 'unchanged', uri, version: null, resultId: result.resultId });
          } else {
            news = true;
            items.push({
              kind: 'full',
              uri,
              version: null,
              resultId: result.resultId,
              items: result.items,
            });
          }
        }
        for (const [uri, resultId] of previous) {
          // An open document's findings are the document pull's: it is not reported here at all.
          if (!reported.has(uri) && resultId !== clearedResultId && !this.host.isOpen(uri)) {
            news = true;
            items.push({ kind: 'full', uri, version: null, resultId: clearedResultId, items: [] });
          }
        }
        if (news || !this.answeredOnce) {
          this.answeredOnce = true;
          return { items };
        }
      }
      await this.nextChange(generation, token);
    }
  }

  /**
   * The current result of every file to report, each computed only if what it depends on changed;
   * undefined when the request was cancelled meanwhile.
   */
  private async check(token: CancellationToken): Promise<Map<string, FileResult> | undefined> {
    const uris = new Set([...this.host.files()].filter((uri) => /\.ya?ml$/i.test(uri)));
    const reported = new Map<string, FileResult>();
    let reusedThisTurn = 0;
    for (const uri of uris) {
      if (token.isCancellationRequested) {
        return undefined;
      }
      let settings: PodscopeSettings;
      try {
        settings = await this.host.settings(uri);
      } catch (error) {
        this.host.reportError('resolving the settings of a workspace file', uri, error);
        continue;
      }
      if (this.host.isOpen(uri)) {
        continue;
      }
      if (!settings.diagnostics.workspace || this.host.isExcluded(uri, settings)) {
        this.results.delete(uri);
        continue;
      }
      const cached = this.results.get(uri);
      if (
        cached &&
        cached.settings === settings &&
        cached.revision === this.revision() &&
        sameItems(cached.sources, this.host.sourcesOf(uri))
      ) {
        reported.set(uri, cached);
        if (++reusedThisTurn >= reusedPerTurn) {
          reusedThisTurn = 0;
          await nextTurn();
        }
        continue;
      }
      const result = await this.compute(uri, settings, cached);
      if (result) {
        reported.set(uri, result);
      }
      reusedThisTurn = 0;
      // One file checked per turn of the event loop: requests about the open files come first.
      await nextTurn();
    }
    for (const uri of this.results.keys()) {
      if (!uris.has(uri)) {
        // A deleted file's result is not kept.
        this.results.delete(uri);
      }
    }
    return reported;
  }

  /** A file's result from its text on the disk (checked again only when its inputs changed). */
  private async compute(
    uri: string,
    settings: PodscopeSettings,
    cached: FileResult | undefined,
  ): Promise<FileResult | undefined> {
    const text = await this.host.readText(uri);
    // Opened while it was read: its findings are the document pull's now.
    if (text === undefined || this.host.isOpen(uri)) {
      this.results.delete(uri);
      return undefined;
    }
    const textHash = createHash('sha1').update(text).digest('hex');
    const settingsKey = JSON.stringify(settings);
    const revision = this.revision();
    if (
      cached &&
      cached.textHash === textHash &&
      cached.settingsKey === settingsKey &&
      cached.revision === revision
    ) {
      cached.settings = settings;
      cached.sources = this.host.sourcesOf(uri);
      return cached;
    }
    let items: Diagnostic[];
    const before = this.host.revision();
    try {
      items = this.host.validate(TextDocument.create(uri, 'yaml', 0, text), settings);
    } catch (error) {
      this.host.reportError('computing workspace diagnostics', uri, error);
      items = [];
    } finally {
      // The check put the file's text into the index again (synchronously: nothing else changed it).
      this.ownChanges += this.host.revision() - before;
    }
    // Equal findings keep their resultId: the client's copy is still right ("unchanged").
    const resultId = cached && deepEqual(cached.items, items) ? cached.resultId : `w${this.nextResultId++}`;
    const sources = this.host.sourcesOf(uri);
    const result: FileResult = { resultId, items, textHash, settingsKey, settings, revision, sources };
    this.results.set(uri, result);
    return result;
  }

  /** The index's revision without the changes this class's own checks made. */
  private revision(): number {
    return this.host.revision() - this.ownChanges;
  }

  /**
   * Resolves once a change came after `generation` and changes have paused for
   * `workspaceDiagnosticsDelay` (at most `workspaceDiagnosticsMaxWait` after the first), or at
   * once when the request is cancelled or the server shuts down. No timer runs while nothing
   * changes, and none is left behind.
   */
  private nextChange(generation: number, token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let firstChange: number | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        cancellation.dispose();
        this.held.delete(notify);
        resolve();
      };
      const notify = (): void => {
        const now = performance.now();
        firstChange ??= now;
        clearTimeout(timer);
        const delay = Math.max(
          0,
          Math.min(workspaceDiagnosticsDelay, firstChange + workspaceDiagnosticsMaxWait - now),
        );
        timer = setTimeout(finish, delay);
      };
      // vscode-jsonrpc calls back a token cancelled already in a timer, never from in here.
      const cancellation: Disposable = token.onCancellationRequested(finish);
      this.held.set(notify, finish);
      if (this.generation !== generation) {
        // A change came while the files were checked.
        notify();
      }
    });
  }
}

function cancelled(): ResponseError<DiagnosticServerCancellationData> {
  return new ResponseError(
    LSPErrorCodes.RequestCancelled,
    'The workspace diagnostics request was cancelled.',
    { retriggerRequest: true },
  );
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
