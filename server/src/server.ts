/**
 * Wires the language service to an LSP connection. Handlers find the document, return an empty
 * result when there is none, and delegate inside runSafe; no Kubernetes logic lives here.
 */
import {
  type CancellationToken,
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalog } from './catalog/catalog';
import { SimulateRequest, type SimulateResult } from './protocol/customMessages';
import { type ConfigFile, findConfigFile, mergeSettings, readConfigFile } from './config/configFile';
import { KustomizePatches } from './config/kustomize';
import type { PrecompiledValidators } from './schema/schemaValidator';
import { getLanguageService, type LanguageService } from './service/languageService';
import { defaultSettings, normaliseSettings, type PodscopeSettings } from './service/settings';
import { matchesAny } from './util/glob';

/** Milliseconds to wait after an edit for more edits of the same burst. */
export const validationDelay = 10;
/** The longest a stream of edits may postpone validation, in milliseconds. */
export const validationMaxWait = 100;

export interface ServerOptions {
  catalogPath: string;
  precompiledValidators?: PrecompiledValidators;
}

export function startServer(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  let service: LanguageService | undefined;
  let supportsConfiguration = false;
  const settingsCache = new Map<string, Promise<PodscopeSettings>>();
  const configCache = new Map<string, ConfigFile | undefined>();
  const kustomizePatches = new KustomizePatches();
  const pending = new Map<string, { timer: NodeJS.Timeout; since: number }>();

  const log = (message: string): void => connection.console.log(message);

  /** Runs a request handler; a failure is logged and answered with the empty result. */
  async function runSafe<T>(
    name: string,
    uri: string,
    empty: T,
    token: CancellationToken | undefined,
    compute: () => T | Promise<T>,
  ): Promise<T | ResponseError<void>> {
    try {
      if (token?.isCancellationRequested) {
        return empty;
      }
      return await compute();
    } catch (error) {
      connection.console.error(
        `Error while computing ${name} for ${uri}: ${(error as Error).stack ?? String(error)}`,
      );
      return empty;
    }
  }

  /** The project's `.podscope.yaml` for a file, read once per folder until it changes. */
  function configFor(uri: string): ConfigFile | undefined {
    if (!uri.startsWith('file:')) {
      return undefined;
    }
    const directory = path.dirname(fileURLToPath(uri));
    if (!configCache.has(directory)) {
      const found = findConfigFile(directory);
      const config = found ? readConfigFile(found) : undefined;
      for (const problem of config?.problems ?? []) {
        connection.console.warn(`${config!.path}: ${problem}`);
      }
      configCache.set(directory, config);
    }
    return configCache.get(directory);
  }

  /** Settings for a file: the user's (pulled per resource), over the project's config file. */
  function getSettings(uri: string): Promise<PodscopeSettings> {
    let settings = settingsCache.get(uri);
    if (!settings) {
      const user: Promise<{ settings: PodscopeSettings; setsPss: boolean }> = supportsConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: 'podscope' }).then(
            (raw: unknown) => ({
              settings: normaliseSettings(raw),
              setsPss:
                typeof (raw as { podSecurityStandard?: unknown } | null)?.podSecurityStandard === 'string',
            }),
            () => ({ settings: defaultSettings, setsPss: false }),
          )
        : Promise.resolve({ settings: defaultSettings, setsPss: false });
      settings = user.then(({ settings: userSettings, setsPss }) =>
        mergeSettings(userSettings, configFor(uri), setsPss),
      );
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  function isExcluded(uri: string, settings: PodscopeSettings): boolean {
    return (
      settings.exclude.length > 0 &&
      matchesAny(decodeURIComponent(uri.replace(/^file:\/\//, '')), settings.exclude)
    );
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
    pending.set(uri, {
      since,
      timer: setTimeout(() => {
        pending.delete(uri);
        void validate(uri);
      }, delay),
    });
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document || !service) {
      return;
    }
    const version = document.version;
    const settings = await getSettings(uri);
    const current = documents.get(uri);
    if (!current || current.version !== version || pending.has(uri)) {
      // A newer version is on its way; its validation will publish.
      return;
    }
    const diagnostics = await runSafe('diagnostics', uri, [], undefined, () =>
      isExcluded(uri, settings) ? [] : service!.doValidation(current, settings),
    );
    if (Array.isArray(diagnostics)) {
      await connection.sendDiagnostics({ uri, version, diagnostics });
    }
  }

  connection.onInitialize((params: InitializeParams) => {
    supportsConfiguration = params.capabilities.workspace?.configuration === true;
    const started = performance.now();
    try {
      const catalog = Catalog.load(options.catalogPath);
      service = getLanguageService({
        catalog,
        isPartialManifest: (uri) => uri.startsWith('file:') && kustomizePatches.isPatch(fileURLToPath(uri)),
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
        completionProvider: { triggerCharacters: [':'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'podscope-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (supportsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'podscope' });
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (
      params.changes.some((change) =>
        /(?:\.podscope\.yaml|kustomization\.ya?ml|Kustomization)$/.test(change.uri),
      )
    ) {
      configCache.clear();
      kustomizePatches.clear();
      settingsCache.clear();
      for (const document of documents.all()) {
        scheduleValidation(document.uri);
      }
    }
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const document of documents.all()) {
      scheduleValidation(document.uri);
    }
  });

  documents.onDidOpen((event) => scheduleValidation(event.document.uri));
  documents.onDidChangeContent((event) => scheduleValidation(event.document.uri));
  documents.onDidClose((event) => {
    const timer = pending.get(event.document.uri);
    if (timer) {
      clearTimeout(timer.timer);
      pending.delete(event.document.uri);
    }
    settingsCache.delete(event.document.uri);
    service?.closeDocument(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) => {
    const document = documents.get(params.textDocument.uri);
    const empty = { isIncomplete: false, items: [] };
    if (!document || !service) {
      return empty;
    }
    return runSafe('completion', document.uri, empty, token, async () => {
      const settings = await getSettings(document.uri);
      return isExcluded(document.uri, settings)
        ? empty
        : service!.doComplete(document, params.position, settings);
    });
  });

  connection.onHover((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !service) {
      return null;
    }
    return runSafe('hover', document.uri, null, token, async () => {
      const settings = await getSettings(document.uri);
      return isExcluded(document.uri, settings)
        ? null
        : service!.doHover(document, params.position, settings);
    });
  });

  connection.onDocumentSymbol((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !service) {
      return [];
    }
    return runSafe('document symbols', document.uri, [], token, () => service!.findDocumentSymbols(document));
  });

  connection.onCodeAction((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !service) {
      return [];
    }
    return runSafe('code actions', document.uri, [], token, () =>
      service!.doCodeActions(document, params.context),
    );
  });

  connection.onCodeLens((params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !service) {
      return [];
    }
    return runSafe('code lenses', document.uri, [], token, () => service!.findCodeLenses(document));
  });

  connection.onRequest(SimulateRequest.type, (params, token) => {
    const document = documents.get(params.textDocument.uri);
    const missing: SimulateResult = { ok: false, error: 'The document is not open.' };
    if (!document || !service) {
      return missing;
    }
    const failed: SimulateResult = { ok: false, error: 'The simulation failed; see the Podscope output.' };
    return runSafe('simulation', document.uri, failed, token, () =>
      service!.doSimulate(document, params.target, params.scenario ?? {}),
    );
  });

  documents.listen(connection);
  connection.listen();
}
