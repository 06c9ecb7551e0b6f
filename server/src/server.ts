/**
 * Wires the language service to an LSP connection. Handlers find the document, return an empty
 * result when there is none, and delegate inside runSafe; no Kubernetes logic lives here.
 */
import {
  type CancellationToken,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentDiagnosticReport,
  ErrorCodes,
  type InitializeParams,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EditableDocument } from './util/editableDocument';
import type { CompletionList, Diagnostic } from 'vscode-languageserver-types';
import { deepEqual } from './util/deepEqual';
import { groupedDigits } from './util/text';
import { Catalog, minorName } from './catalog/catalog';
import { coveredMinors } from './catalog/targetMinor';
import {
  CustomResourcesRequest,
  type DocumentInfo,
  DocumentInfoRequest,
  serverCommands,
  SimulateRequest,
  type SimulateResult,
  simulateTimelineCommand,
} from './protocol/customMessages';
import { ConfigWatcher, watchedConfigNames } from './config/configWatcher';
import { SettingsResolver } from './config/settingsResolver';
import { localPath } from './util/uri';
import { pathKindOnDisk } from './config/pathKind';
import { isKustomizationPath } from './kubernetes/kustomization';
import { WorkspaceIndex } from './workspace/workspaceIndex';
import { chartSettingsUri, renderedTemplateFindings } from './helmRenderedFindings';
import { RenderedFindingsRequest, type RenderedFindingsResult } from './protocol/helmMessages';
import { WorkspaceIndexer } from './workspaceIndexer';
import { WorkspaceDiagnosticPull } from './workspaceDiagnosticPull';
import { chartFileRole } from './workspace/helm/chartStore';
import type { PrecompiledValidators } from './schema/schemaValidator';
import {
  adaptCodeLenses,
  adaptCompletionList,
  adaptDocumentSymbols,
  adaptCodeActions,
  adaptHover,
  type ClientFeatures,
  clientFeatures,
  fullClientFeatures,
} from './service/clientFeatures';
import { forClient, getLanguageService, type LanguageService } from './service/languageService';
import { customResourcePackFrom } from './catalog/customResourcePackLocation';
import { partialSettings, type PartialSettings, type PodscopeSettings } from './common/settings';

/** Milliseconds to wait after an edit for more edits of the same burst. */
export const validationDelay = 10;
/** The longest a stream of edits may postpone validation, in milliseconds. */
export const validationMaxWait = 100;

export interface ServerOptions {
  catalogPath: string;
  /** The folder of the bundled custom resource pack; by default beside the server. */
  customResourcePackDir?: string;
  precompiledValidators?: PrecompiledValidators;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  // The open documents, changed by the client's incremental edits without copying their text at
  // every keystroke; the parser reads the edits (EditableDocument.changesSince).
  const documents = new TextDocuments<EditableDocument>({
    create: (uri, languageId, version, text) => new EditableDocument(uri, languageId, version, text),
    update: (document, changes, version) => {
      document.update(changes, version);
      return document;
    },
  });
  let service: LanguageService | undefined;
  let features: ClientFeatures = fullClientFeatures;
  /** The `podscope` section a client without `workspace/configuration` last pushed. */
  let pushedSettings: unknown;
  let configWatcher: ConfigWatcher | undefined;
  const settingsCache = new Map<string, Promise<PodscopeSettings>>();
  const workspaceIndex = new WorkspaceIndex();
  /** The revision of the workspace's custom resource types the open documents were last checked with. */
  let checkedCustomResources = workspaceIndex.customResourcesRevision;
  /** The revision of the charts' values and metadata the open documents were last checked with. */
  let checkedCharts = workspaceIndex.charts.chartsRevision;
  // The bundled custom resource pack: nothing is read until a document asks for a custom resource.
  const customResourcePack = customResourcePackFrom(options.customResourcePackDir);
  let workspaceFolders: string[] = [];
  let workspaceUserSettings: PartialSettings = {};
  let shuttingDown = false;
  const resolver = new SettingsResolver({
    onConfigProblem: (message) => connection.console.warn(message),
    // A config file's kubernetesVersion is checked against the catalog, once it is loaded.
    coveredMinors: () => service?.catalog.minors,
    onFoldersSearched: (folders) => configWatcher?.watch(folders),
  });
  const pending = new Map<string, { timer: NodeJS.Timeout; since: number }>();
  /**
   * For a client that pulls diagnostics: the last answer per document, whose `resultId` the
   * client sends back; equal diagnostics are answered "unchanged" (LSP 3.17, "Pull Diagnostics").
   */
  const pulled = new Map<string, { resultId: string; items: readonly Diagnostic[] }>();
  let nextResultId = 1;
  let refreshQueued = false;
  /** The workspace has been read once (or could not be): workspace diagnostics compare with it. */
  let workspaceIndexed = false;
  /** For a client that pulls workspace diagnostics: the findings of the files that are not open. */
  const workspaceDiagnostics = new WorkspaceDiagnosticPull({
    files: () => [...workspaceIndex.uris(), ...workspaceIndex.charts.uris()],
    isOpen: (uri) => documents.get(uri) !== undefined,
    ready: () => workspaceIndexed || shuttingDown,
    settings: (uri) => getSettings(uri),
    isExcluded: (uri, settings) => resolver.isExcluded(uri, settings),
    readText: async (uri) => {
      const file = localPath(uri);
      return file === undefined ? undefined : readFile(file, 'utf8').catch(() => undefined);
    },
    validate: (document, settings) => {
      if (!service) {
        return [];
      }
      const diagnostics = service.doValidation(
        document,
        settings,
        settings.diagnostics.maxPerFile,
        forClient,
      );
      // A closed file's parse is not kept (as `podscope lint` does): the workspace may be large.
      service.closeDocument(document.uri);
      return diagnostics;
    },
    revision: () => workspaceIndex.revision,
    sourcesOf: (uri) => [workspaceIndex.get(uri), workspaceIndex.charts.get(uri)],
    reportError,
  });

  const log = (message: string): void => connection.console.log(message);

  function reportError(name: string, uri: string | undefined, error: unknown): void {
    connection.console.error(
      `Error while ${name}${uri === undefined ? '' : ` for ${uri}`}: ${(error as Error | undefined)?.stack ?? String(error)}`,
    );
  }

  function showMessage(type: MessageType, message: string): void {
    guard('showing a message', undefined, () =>
      connection.sendNotification(ShowMessageNotification.type, { type, message }),
    );
  }

  /**
   * Runs a notification handler or a background task: an exception or a rejection is logged once,
   * with the document it concerns, and the server goes on serving every other document.
   */
  function guard(name: string, uri: string | undefined, task: () => unknown): void {
    try {
      const result = task();
      if (result instanceof Promise) {
        result.catch((error: unknown) => reportError(name, uri, error));
      }
    } catch (error) {
      reportError(name, uri, error);
    }
  }

  /**
   * Runs a request handler: a failure is logged and answered with the empty result; a request the
   * client cancelled is answered with RequestCancelled (LSP 3.17, "Cancellation Support").
   */
  async function runSafe<T>(
    name: string,
    uri: string,
    empty: T,
    token: CancellationToken | undefined,
    compute: () => T | Promise<T>,
  ): Promise<T | ResponseError<void>> {
    const cancelled = (): ResponseError<void> =>
      new ResponseError(LSPErrorCodes.RequestCancelled, `The ${name} request was cancelled.`);
    try {
      if (token?.isCancellationRequested) {
        return cancelled();
      }
      const result = await compute();
      return token?.isCancellationRequested ? cancelled() : result;
    } catch (error) {
      reportError(`computing ${name}`, uri, error);
      return empty;
    }
  }

  /**
   * The handler of a request about one document: finds the document and its settings, leaves
   * excluded files alone, and computes behind runSafe. No document, no service, or an excluded
   * file: the empty result.
   */
  function onDocumentRequest<T>(
    name: string,
    uri: string,
    empty: T,
    token: CancellationToken | undefined,
    compute: (document: TextDocument, settings: PodscopeSettings, service: LanguageService) => T,
  ): Promise<T | ResponseError<void>> | T {
    const document = documents.get(uri);
    const current = service;
    if (!document || !current) {
      return empty;
    }
    return runSafe(name, uri, empty, token, async () => {
      const settings = await getSettings(uri);
      return resolver.isExcluded(uri, settings) ? empty : compute(document, settings, current);
    });
  }

  /** What the user's settings set for a file: pulled per resource, or as the client last pushed them. */
  async function userSettings(uri: string): Promise<PartialSettings> {
    if (!features.pullsConfiguration) {
      return partialSettings(pushedSettings);
    }
    try {
      return partialSettings(
        await connection.workspace.getConfiguration({ scopeUri: uri, section: 'podscope' }),
      );
    } catch {
      return {};
    }
  }

  /** Settings for a file, resolved once until settings or config files change. */
  function getSettings(uri: string): Promise<PodscopeSettings> {
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = userSettings(uri).then((user) => resolver.resolve(uri, user));
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  /**
   * Validates the latest version of a document soon. The LSP library handles one message per
   * turn of the event loop, so a burst of edits arrives over a few milliseconds: waiting
   * `validationDelay` after the last edit validates the burst once, and `validationMaxWait`
   * keeps a continuous stream of edits from postponing diagnostics for ever.
   */
  function scheduleValidation(uri: string): void {
    const now = performance.now();
    const previous = pending.get(uri);
    if (previous) {
      clearTimeout(previous.timer);
    }
    const since = previous?.since ?? now;
    const delay = Math.max(0, Math.min(validationDelay, since + validationMaxWait - now));
    const entry = {
      since,
      timer: setTimeout(() => {
        // The answers of the requests handled before the timer fired are written on the next
        // turn (vscode-jsonrpc writes them in setImmediate, and timers run first): they go out
        // before the validation, which would otherwise keep a completion waiting as long as it runs.
        setImmediate(() => {
          if (pending.get(uri) === entry) {
            pending.delete(uri);
            guard('computing diagnostics', uri, () => validate(uri));
          }
        });
      }, delay),
    };
    pending.set(uri, entry);
  }

  function revalidateAll(): void {
    settingsCache.clear();
    revalidateOpenDocuments();
  }

  /** Checks the open documents again (but `except`): another file they refer to changed. */
  function revalidateOpenDocuments(except?: string): void {
    // Every one of them is checked with the custom resource types as they are now.
    checkedCustomResources = workspaceIndex.customResourcesRevision;
    // So may the files that are not open be (a held workspace/diagnostic request looks again).
    workspaceDiagnostics.changed();
    if (features.pullsDiagnostics) {
      refreshPulledDiagnostics();
      return;
    }
    for (const document of documents.all()) {
      if (document.uri !== except) {
        scheduleValidation(document.uri);
      }
    }
  }

  /**
   * The diagnostics of a document's current version as the client gets them (at most
   * `diagnostics.maxPerFile`, the most severe first); undefined when it is not open or a newer
   * version came while the settings were read.
   */
  async function diagnosticsOf(uri: string): Promise<Diagnostic[] | undefined> {
    const document = documents.get(uri);
    if (!document || !service) {
      return undefined;
    }
    const version = document.version;
    const settings = await getSettings(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version) {
      return undefined;
    }
    const diagnostics = await runSafe('diagnostics', uri, [], undefined, () => {
      if (resolver.isExcluded(uri, settings)) {
        workspaceIndex.delete(uri);
        return [];
      }
      // Validation also puts the open text's objects and references into the workspace index.
      return service!.doValidation(current, settings, settings.diagnostics.maxPerFile, forClient);
    });
    // The open text's objects may be what a closed file refers to.
    workspaceDiagnostics.noticeIndexChanges();
    return Array.isArray(diagnostics) ? diagnostics : undefined;
  }

  async function validate(uri: string): Promise<void> {
    const version = documents.get(uri)?.version;
    if (pending.has(uri) || features.pullsDiagnostics) {
      // A newer version is on its way; its validation will publish. (A client that pulls asks.)
      return;
    }
    const diagnostics = await diagnosticsOf(uri);
    if (diagnostics && documents.get(uri)?.version === version && !pending.has(uri)) {
      await connection.sendDiagnostics({ uri, version, diagnostics });
      // The document's line offsets, which EditableDocument computes over the whole text at the
      // first edit that needs them (5 ms for 1 MB), are computed now, once the diagnostics are
      // out, and then kept up to date by each edit: not in the first keystroke.
      void documents.get(uri)?.lineCount;
    }
    revalidateWhatDependsOn(uri);
  }

  /** What the validation of `uri` changed for the other open documents: they are checked again. */
  function revalidateWhatDependsOn(uri: string): void {
    if (workspaceIndex.charts.chartsRevision !== checkedCharts) {
      // A chart's values or Chart.yaml changed: the open templates' values warnings are checked again.
      checkedCharts = workspaceIndex.charts.chartsRevision;
      revalidateOpenDocuments(uri);
    }
    if (workspaceIndex.customResourcesRevision !== checkedCustomResources) {
      // The document's CRDs changed (indexed by this validation, or by a request on its new text
      // just before): the custom resources of the other open documents are checked against the
      // new schemas now, not at their next edit.
      revalidateOpenDocuments(uri);
    }
  }

  /** A client that pulls diagnostics is asked to pull them again (once per turn of the event loop). */
  function refreshPulledDiagnostics(): void {
    if (!features.refreshesDiagnostics || refreshQueued) {
      return;
    }
    refreshQueued = true;
    setImmediate(() => {
      refreshQueued = false;
      guard('asking the client to pull diagnostics', undefined, () =>
        connection.languages.diagnostics.refresh(),
      );
    });
  }

  connection.languages.diagnostics.on(async (params): Promise<DocumentDiagnosticReport> => {
    const uri = params.textDocument.uri;
    const empty: DocumentDiagnosticReport = { kind: 'full', items: [] };
    const answer = await runSafe('pulled diagnostics', uri, empty, undefined, async () => {
      const items = await diagnosticsOf(uri);
      if (!items) {
        return empty;
      }
      revalidateWhatDependsOn(uri);
      const previous = pulled.get(uri);
      if (previous && deepEqual(previous.items, items)) {
        return params.previousResultId === previous.resultId
          ? { kind: 'unchanged' as const, resultId: previous.resultId }
          : { kind: 'full' as const, resultId: previous.resultId, items };
      }
      const resultId = String(nextResultId++);
      pulled.set(uri, { resultId, items });
      return { kind: 'full' as const, resultId, items };
    });
    return answer instanceof ResponseError ? empty : answer;
  });

  // LSP 3.17 "Workspace Diagnostics": the files that are not open, held open while nothing
  // changed (workspaceDiagnosticPull.ts says why). Reports are not streamed with partial results:
  // the answer comes whole, once its files are checked.
  connection.languages.diagnostics.onWorkspace((params, token) =>
    workspaceDiagnostics.answer(params.previousResultIds, token),
  );

  connection.onInitialize((params: InitializeParams) => {
    features = clientFeatures(params.capabilities);
    workspaceFolders = (
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : [])
    )
      .map((folder) => localPath(folder.uri))
      .filter((folder): folder is string => folder !== undefined);
    if (!features.watchesFiles) {
      // Nobody watches the config files for us: watch the folders they are looked for in.
      configWatcher = new ConfigWatcher(() => configChanged());
    }
    const started = performance.now();
    try {
      const catalog = Catalog.load(options.catalogPath);
      service = getLanguageService({
        catalog,
        kustomizeContext: (uri) => resolver.kustomizeContext(uri),
        workspace: workspaceIndex,
        nameAffixes: (uri) => resolver.nameAffixes(uri),
        pathKind: pathKindOnDisk,
        fileExists: (uri) => pathKindOnDisk(uri) !== undefined,
        bundledCustomResources: (settings) => customResourcePack.schemasFor(settings.customResources.bundled),
        ...(options.precompiledValidators ? { precompiledValidators: options.precompiledValidators } : {}),
        log,
      });
      log(
        `Loaded the Kubernetes catalog (${catalog.source}, ${catalog.kinds.length} kinds) in ${(performance.now() - started).toFixed(1)} ms`,
      );
    } catch (error) {
      // One clear message; the server stays up and offers no Kubernetes help.
      connection.console.error(`Podscope cannot start: ${(error as Error).message}`);
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // `.` and `"` for a Helm template's `.Values.` and `include "` (the service answers them only there).
        completionProvider: { triggerCharacters: [':', '.', '"'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        // Kinds may be listed only to a client that takes CodeAction literals (LSP 3.17).
        codeActionProvider: features.codeActionLiterals
          ? { codeActionKinds: [CodeActionKind.QuickFix] }
          : true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [...serverCommands] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: features.prepareRename ? { prepareProvider: true } : true,
        // Only to a client that pulls: the others get every document's diagnostics pushed.
        ...(features.pullsDiagnostics
          ? {
              diagnosticProvider: {
                identifier: 'podscope',
                interFileDependencies: true,
                // What the answers hold is `podscope.diagnostics.workspace`'s: capabilities are fixed at initialize.
                workspaceDiagnostics: true,
              },
            }
          : {}),
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'podscope-language-server' },
    };
  });

  connection.onInitialized(() => {
    // Dynamic registration only where the client offers it (LSP 3.17, "Client Capabilities").
    if (features.registersConfigurationChanges) {
      guard('registering for configuration changes', undefined, () =>
        connection.client.register(DidChangeConfigurationNotification.type, { section: 'podscope' }),
      );
    }
    if (features.watchesFiles) {
      guard('registering the config file watcher', undefined, () =>
        connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [
            { globPattern: `**/{${watchedConfigNames.join(',')}}` },
            { globPattern: '**/*.{yaml,yml}' },
            // A Helm chart's values schema and named templates (workspace/helm/chartStore.ts).
            { globPattern: '**/{values.schema.json,templates/*.tpl}' },
          ],
        }),
      );
    }
    guard('indexing the workspace', undefined, () => indexWorkspace());
  });

  /** Reads the workspace's manifests in the background, with progress where the client shows it. */
  async function indexWorkspace(): Promise<void> {
    try {
      await indexWorkspaceFolders();
    } finally {
      // Read (or failed to be): workspace diagnostics are answered from what the index has.
      workspaceIndexed = true;
      workspaceDiagnostics.changed();
    }
  }

  async function indexWorkspaceFolders(): Promise<void> {
    if (workspaceFolders.length === 0) {
      return;
    }
    const started = performance.now();
    const progress = features.workDoneProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Podscope', 0, 'Indexing manifests', false);
    // The user's `podscope.exclude` for the workspace (pulled once, for its first folder), with each
    // file's `.podscope.yaml`: what the editor would not check is not indexed either.
    workspaceUserSettings = await userSettings(pathToFileURL(workspaceFolders[0]!).href);
    const indexer = workspaceIndexer();
    const count = await indexer.indexFolders(
      workspaceFolders,
      () => shuttingDown,
      (done, total) =>
        progress?.report(
          Math.round((done / Math.max(total, 1)) * 100),
          `Indexing manifests ${groupedDigits(done)}/${groupedDigits(total)}`,
        ),
    );
    progress?.done();
    // Now an object the index lacks is one the workspace lacks: the rules across files can say so.
    workspaceIndex.complete = true;
    revalidateOpenDocuments();
    log(
      `Indexed ${count} YAML files of the workspace (${workspaceIndex.size} with manifests) in ${(performance.now() - started).toFixed(0)} ms`,
    );
  }

  function workspaceIndexer(): WorkspaceIndexer {
    return new WorkspaceIndexer(workspaceIndex, {
      isExcluded: (uri) => resolver.isExcluded(uri, resolver.resolve(uri, workspaceUserSettings)),
      isOpen: (uri) => documents.get(uri) !== undefined,
      nameAffixes: (uri) => resolver.nameAffixes(uri),
    });
  }

  function configChanged(): void {
    resolver.clear();
    revalidateAll();
  }

  connection.onDidChangeWatchedFiles((params) => {
    guard('reading changed config files', undefined, () => {
      const isConfig = (uri: string): boolean => watchedConfigNames.some((name) => uri.endsWith(`/${name}`));
      if (params.changes.some((change) => isConfig(change.uri))) {
        configChanged();
      }
      const indexer = workspaceIndexer();
      const refreshed = params.changes
        .filter(
          (change) =>
            /\.ya?ml$/i.test(change.uri) ||
            isKustomizationPath(change.uri) ||
            chartFileRole(change.uri) !== undefined,
        )
        .map((change) => indexer.refresh(change.uri));
      if (refreshed.length > 0) {
        // The open files' references may now resolve, or no longer.
        guard('indexing changed files', undefined, () =>
          Promise.all(refreshed).then(() => revalidateOpenDocuments()),
        );
      }
    });
  });

  connection.onDidChangeConfiguration((params) => {
    guard('applying changed settings', undefined, () => {
      if (!features.pullsConfiguration) {
        // The client pushes its settings (it cannot answer workspace/configuration).
        const settings = (params.settings as { podscope?: unknown } | null | undefined)?.podscope;
        pushedSettings = settings;
      }
      revalidateAll();
    });
  });

  documents.onDidOpen((event) =>
    guard('opening', event.document.uri, () => scheduleValidation(event.document.uri)),
  );
  documents.onDidChangeContent((event) =>
    guard('changing', event.document.uri, () => scheduleValidation(event.document.uri)),
  );
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    guard('closing', uri, () => {
      const timer = pending.get(uri);
      if (timer) {
        clearTimeout(timer.timer);
        pending.delete(uri);
      }
      settingsCache.delete(uri);
      pulled.delete(uri);
      service?.closeDocument(uri);
      // Closed, the file is what the disk has (the editor's unsaved text is gone).
      guard('indexing a closed file', uri, () =>
        workspaceIndexer()
          .refresh(uri)
          .then(() => revalidateOpenDocuments()),
      );
      return connection.sendDiagnostics({ uri, diagnostics: [] });
    });
  });

  connection.onCompletion((params, token) =>
    onDocumentRequest(
      'completion',
      params.textDocument.uri,
      emptyCompletion,
      token,
      (document, settings, current) =>
        adaptCompletionList(
          current.doComplete(document, params.position, settings, params.context?.triggerCharacter),
          features,
        ),
    ),
  );

  connection.onHover((params, token) =>
    onDocumentRequest('hover', params.textDocument.uri, null, token, (document, settings, current) =>
      adaptHover(current.doHover(document, params.position, settings), features),
    ),
  );

  connection.onDocumentSymbol((params, token) =>
    onDocumentRequest(
      'document symbols',
      params.textDocument.uri,
      [],
      token,
      (document, _settings, current) =>
        adaptDocumentSymbols(document.uri, current.findDocumentSymbols(document), features),
    ),
  );

  connection.onCodeAction((params, token) =>
    onDocumentRequest('code actions', params.textDocument.uri, [], token, (document, settings, current) =>
      features.codeActionLiterals
        ? adaptCodeActions(current.doCodeActions(document, params.context, settings), features)
        : [],
    ),
  );

  connection.onCodeLens((params, token) =>
    onDocumentRequest('code lenses', params.textDocument.uri, [], token, (document, _settings, current) =>
      adaptCodeLenses(current.findCodeLenses(document), features),
    ),
  );

  connection.onDefinition((params, token) =>
    onDocumentRequest('definition', params.textDocument.uri, [], token, (document, _settings, current) =>
      current.findDefinition(document, params.position),
    ),
  );

  connection.onReferences((params, token) =>
    onDocumentRequest('references', params.textDocument.uri, [], token, (document, _settings, current) =>
      current.findReferences(document, params.position, params.context.includeDeclaration),
    ),
  );

  connection.onDocumentHighlight((params, token) =>
    onDocumentRequest(
      'document highlights',
      params.textDocument.uri,
      [],
      token,
      (document, _settings, current) => current.findDocumentHighlights(document, params.position),
    ),
  );

  connection.onPrepareRename((params, token) =>
    onDocumentRequest(
      'prepare rename',
      params.textDocument.uri,
      null,
      token,
      (document, _settings, current) => current.prepareRename(document, params.position) ?? null,
    ),
  );

  connection.onRenameRequest((params, token) =>
    onDocumentRequest('rename', params.textDocument.uri, null, token, (document, _settings, current) => {
      const result = current.doRename(document, params.position, params.newName);
      if (result && 'error' in result) {
        // The client shows the message; nothing is edited.
        return new ResponseError(ErrorCodes.InvalidParams, result.error);
      }
      return result ?? null;
    }),
  );

  connection.onWorkspaceSymbol((params, token) => {
    const current = service;
    return current
      ? runSafe('workspace symbols', '', [], token, () => current.findWorkspaceSymbols(params.query))
      : [];
  });

  connection.onDocumentLinks((params, token) =>
    onDocumentRequest('document links', params.textDocument.uri, [], token, (document, _settings, current) =>
      current.findDocumentLinks(document),
    ),
  );

  connection.onExecuteCommand((params, token) => {
    if (params.command !== simulateTimelineCommand) {
      return new ResponseError(ErrorCodes.InvalidParams, `Unknown command: ${params.command}`);
    }
    const [uri, index] = (params.arguments ?? []) as unknown[];
    if (typeof uri !== 'string' || typeof index !== 'number') {
      return new ResponseError(ErrorCodes.InvalidParams, `${params.command} takes [uri, documentIndex]`);
    }
    const missing: { text?: string; error?: string } = { error: 'The document is not open.' };
    return onDocumentRequest(
      'the simulation timeline',
      uri,
      missing,
      token,
      (document, _settings, current) => {
        const outcome = current.doSimulateTimeline(document, index);
        // window/showMessage, a notification: every client shows it, and nothing waits for an answer.
        if (!outcome.ok) {
          showMessage(MessageType.Warning, outcome.error);
          return { error: outcome.error };
        }
        showMessage(MessageType.Info, `Simulated ${outcome.title}:\n${outcome.text}`);
        return { text: outcome.text };
      },
    );
  });

  connection.onRequest(SimulateRequest.type, (params, token) => {
    const failed: SimulateResult = { ok: false, error: 'The simulation failed; see the Podscope output.' };
    const missing: SimulateResult = { ok: false, error: 'The document is not open.' };
    const uri = params.textDocument.uri;
    if (!documents.get(uri)) {
      return missing;
    }
    return onDocumentRequest('simulation', uri, failed, token, (document, _settings, current) =>
      current.doSimulate(document, params.target, params.scenario ?? {}),
    );
  });

  connection.onRequest(DocumentInfoRequest.type, (params, token) => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    const current = service;
    const covered = current ? coveredMinors(current.catalog).map(minorName) : [];
    const none: DocumentInfo = {
      kubernetes: false,
      kubernetesVersion: '',
      source: 'default',
      coveredVersions: covered,
    };
    if (!document || !current) {
      return none;
    }
    return runSafe('the document info', uri, none, token, async () => {
      const user = await userSettings(uri);
      const settings = await getSettings(uri);
      if (resolver.isExcluded(uri, settings)) {
        return none;
      }
      // The layers as resolve() stacks them: the user's settings over the project's file.
      const config = resolver.configFor(uri);
      const source: DocumentInfo['source'] =
        user.kubernetesVersion !== undefined
          ? 'settings'
          : config?.settings.kubernetesVersion !== undefined
            ? '.podscope.yaml'
            : 'default';
      return {
        ...current.getDocumentInfo(document, settings),
        source,
        ...(source === '.podscope.yaml' && config ? { configFile: config.path } : {}),
        coveredVersions: covered,
      };
    });
  });

  connection.onRequest(CustomResourcesRequest.type, (params, token) => {
    const current = service;
    const uri = params.textDocument?.uri;
    return current
      ? runSafe('the custom resource kinds', uri ?? '', [], token, async () =>
          current.listCustomResources(uri === undefined ? undefined : await getSettings(uri)),
        )
      : [];
  });

  connection.onRequest(RenderedFindingsRequest.type, (params, token) => {
    const current = service;
    const empty: RenderedFindingsResult = { templates: [], exact: 0, action: 0, approximate: 0, unmapped: 0 };
    return current
      ? runSafe('the rendered findings', params.textDocument.uri, empty, token, async () =>
          renderedTemplateFindings(
            current,
            workspaceIndex,
            params,
            await getSettings(chartSettingsUri(params.chart)),
          ),
        )
      : empty;
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    configWatcher?.dispose();
    workspaceDiagnostics.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

const emptyCompletion: CompletionList = { isIncomplete: false, items: [] };
