/**
 * The pure language service: every feature takes a TextDocument (and a position) and returns
 * LSP types. Nothing here knows about the transport; `server.ts` wires it to a connection and
 * the CLI calls it directly.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CodeAction,
  type CodeActionContext,
  type CodeLens,
  type CompletionList,
  type Diagnostic,
  DiagnosticSeverity,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Position,
  type Range,
  type SymbolInformation,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { KustomizeContext } from '../common/kustomizeContext';
import { builtinRules } from '../rules';
import type { Rule } from '../rules/rule';
import { type PrecompiledValidators, SchemaValidator } from '../schema/schemaValidator';
import { looksLikeKubernetes, type ManifestFile } from '../yaml/manifestFile';
import { doCodeActions, mayStandFor } from './codeActions';
import { findSimulatorLinks } from './simulatorLinks';
import { doComplete } from './completion';
import { DiagnosticCode, diagnosticSource } from '../common/diagnosticCodes';
import { DocumentCache } from './documentCache';
import { doHover } from './hover';
import { defaultSettings, type PodscopeSettings } from '../common/settings';
import { doSimulate, doSimulateTimeline, findCodeLenses } from './simulate';
import { findDocumentSymbols } from './symbols';
import type { CustomResourceEntry, SimulateResult, SimulationTarget } from '../protocol/customMessages';
import type { Scenario } from '../simulator/types';
import {
  type DiagnosticPart,
  placeDiagnostic,
  type Placement,
  validateFileParts,
  withFixData,
} from '../validation/validateFile';
import { limitPlaced } from './diagnosticLimit';
import { type NameAffixes, resourcesOf } from '../workspace/fileResources';
import { checkWorkspace } from './workspaceDiagnostics';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { type CustomResourceSchemas, type CustomResourceType, firstOf } from '../common/customResources';
import { type Catalog, compareVersionPriority, minorName } from '../catalog/catalog';
import { targetMinor } from '../catalog/targetMinor';
import type { CelRules } from '../validation/validationStage';
import { checkValidationRules } from '../kubernetes/cel/celRules';
import {
  doRename,
  findDefinition,
  findDocumentHighlights,
  findReferences,
  findServiceLenses,
  findWorkspaceSymbols,
  workspaceHover,
  prepareRename,
} from './workspaceNavigation';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { textLength } from '../util/editableDocument';
import { chartFileRole } from '../workspace/helm/chartStore';
import { checkKustomization } from './kustomization/kustomizationDiagnostics';
import { completeKustomization, hoverKustomization } from './kustomization/kustomizationFields';
import {
  checkChartFile,
  checkTemplate,
  completeChartFile,
  completeTemplate,
  findChartReferences,
  findTemplateDefinition,
  hoverChartFile,
  hoverTemplate,
} from './helmChart';
import {
  findKustomizationDefinition,
  findKustomizationLinks,
  type PathKind,
} from './kustomization/kustomizationPaths';

export interface LanguageServiceOptions {
  catalog: Catalog;
  /** Validators precompiled at build time; without them, schemas are compiled on first use. */
  precompiledValidators?: PrecompiledValidators;
  rules?: readonly Rule[];
  log?: (message: string) => void;
  /** What the kustomizations around a file do to it (found by the host, which reads them). */
  kustomizeContext?: (uri: string) => KustomizeContext | undefined;
  /**
   * The workspace's objects, for navigation between files (the host fills it from the disk; the
   * service puts in an open document's current text before it answers about it).
   */
  workspace?: WorkspaceIndex;
  /** The names Kustomize builds a file's objects with (found by the host, which reads the kustomizations). */
  nameAffixes?: (uri: string) => NameAffixes;
  /**
   * What a URI names on the host's file system (a file, a folder, nothing), for the paths a
   * kustomization names. Without it, they are linked but not checked.
   */
  pathKind?: PathKind;
  /**
   * Whether a file exists at a URI on the host, for the quick fixes that create a file (never
   * over an existing one). Without it, no fix creates a file.
   */
  fileExists?: (uri: string) => boolean;
  /**
   * The bundled pack of popular projects' custom resource types that the settings select (issue
   * 16; the host loads the pack lazily). Types from the workspace's CRDs come first.
   */
  bundledCustomResources?: (settings: PodscopeSettings) => CustomResourceSchemas | undefined;
  /**
   * Custom resource types that win over the workspace's CRDs and the bundled pack (a host or a
   * test that knows them without an index).
   */
  customResources?: CustomResourceSchemas;
  /** Evaluates CRDs' `x-kubernetes-validations` (CEL) rules on custom resources; by default the Kubernetes CEL environment (kubernetes/cel). */
  celRules?: CelRules;
}

export interface LanguageService {
  /** The parsed model of a document version (parsed once per version). */
  parseFile(document: TextDocument): ManifestFile | undefined;
  /**
   * The diagnostics of a document; with `maxPerFile` (0: no limit), at most that many, the most
   * severe first, and a note of how many are not shown (`limitPlaced`). With their quick fixes'
   * data unless `placement` says otherwise (`Placement`: a client gets none).
   */
  doValidation(
    document: TextDocument,
    settings?: PodscopeSettings,
    maxPerFile?: number,
    placement?: Placement,
  ): Diagnostic[];
  /**
   * Completion at a position. `triggerCharacter` is the character that opened it, if any: `.` and
   * `"` open it only in a Helm chart's template (`.Values.`, `include "`).
   */
  doComplete(
    document: TextDocument,
    position: Position,
    settings?: PodscopeSettings,
    triggerCharacter?: string,
  ): CompletionList;
  doHover(document: TextDocument, position: Position, settings?: PodscopeSettings): Hover | null;
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  /**
   * Quick fixes for the client's diagnostics, computed against this version of the text with
   * the settings its diagnostics were computed with.
   */
  doCodeActions(
    document: TextDocument,
    context: CodeActionContext,
    settings?: PodscopeSettings,
  ): CodeAction[];
  doSimulate(document: TextDocument, target: SimulationTarget, scenario: Scenario): SimulateResult;
  /** The text timeline of a document's pod (for clients without the simulator panel). */
  doSimulateTimeline(
    document: TextDocument,
    documentIndex: number,
  ): { ok: true; title: string; text: string } | { ok: false; error: string };
  findCodeLenses(document: TextDocument): CodeLens[];
  /**
   * The custom resource types a document with these settings is read against: the workspace's
   * CRDs first, then the bundled pack the settings select (issue 16). The one place that says so:
   * validation, completion, hover and the list of kinds all ask it.
   */
  customResourcesFor(settings?: PodscopeSettings): CustomResourceSchemas;
  /** The custom resource kinds known with these settings, for the list of kinds. */
  listCustomResources(settings?: PodscopeSettings): CustomResourceEntry[];
  /** Puts an open document's objects and references, from its current text, into the workspace index. */
  indexDocument(document: TextDocument): void;
  findDefinition(document: TextDocument, position: Position): Location[];
  findReferences(document: TextDocument, position: Position, includeDeclaration: boolean): Location[];
  findDocumentHighlights(document: TextDocument, position: Position): DocumentHighlight[];
  prepareRename(
    document: TextDocument,
    position: Position,
  ): { range: Range; placeholder: string } | undefined;
  /** A rename's edits across the workspace, an error for a name the API server rejects, or nothing to rename. */
  doRename(
    document: TextDocument,
    position: Position,
    newName: string,
  ): WorkspaceEdit | { error: string } | undefined;
  findWorkspaceSymbols(query: string): SymbolInformation[];
  /** The files and folders a kustomization names, as links. */
  findDocumentLinks(document: TextDocument): DocumentLink[];
  /** Forgets a closed document. */
  closeDocument(uri: string): void;
  /**
   * The catalog a document is read with at the settings' target Kubernetes minor (the newest
   * covered when unset): what completion and hover offer. A document of a built-in kind the target
   * does not serve is read at the nearest minor that serves it (the removed API is validation's
   * to report). Without a document, the target's catalog.
   */
  catalogFor(settings?: PodscopeSettings, document?: TextDocument, line?: number): Catalog;
  /** Whether a document holds Kubernetes objects, and the target minor it is judged for (the status bar). */
  getDocumentInfo(
    document: TextDocument,
    settings?: PodscopeSettings,
  ): { kubernetes: boolean; kubernetesVersion: string };
  readonly catalog: Catalog;
}

/** Diagnostics placed as a client gets them: without their quick fixes' data (`Placement`). */
export { forClient } from '../validation/validateFile';

/**
 * Files larger than this are not parsed: one information diagnostic says so, and the editor
 * stays responsive. The `yaml` parser needs about a second per megabyte.
 */
export const maxFileSize = 4 * 1024 * 1024;

export function getLanguageService(options: LanguageServiceOptions): LanguageService {
  const { catalog } = options;
  const log = options.log ?? ((): void => undefined);
  const cache = new DocumentCache();
  const validationDependencies = {
    catalog,
    schemaValidator: new SchemaValidator(catalog, options.precompiledValidators),
    rules: options.rules ?? builtinRules,
    failedRules: new Set<string>(),
    log,
    // The workspace's CRDs first, then the bundled pack the settings select.
    customResources: (settings: PodscopeSettings) => service.customResourcesFor(settings),
    // CRDs' x-kubernetes-validations, evaluated as the API server does on a create.
    celRules: options.celRules ?? checkValidationRules,
  };

  const parseFile = (document: TextDocument): ManifestFile | undefined =>
    textLength(document) > maxFileSize ? undefined : cache.get(document);

  const workspace = options.workspace ?? new WorkspaceIndex();
  /** Answers about a document from the index, with the document's current text in it first. */
  const withIndexed = <T>(document: TextDocument, answer: (file: ManifestFile) => T, empty: T): T => {
    service.indexDocument(document);
    const file = parseFile(document);
    return file ? answer(file) : empty;
  };

  /** A Helm chart's file: its current text into the chart store (an open buffer wins over the disk). */
  const chartText = (document: TextDocument): void => {
    // The text is read only for a chart's file: a manifest's would be joined for nothing.
    if (chartFileRole(document.uri) && textLength(document) <= maxFileSize) {
      workspace.charts.set(document.uri, document.getText());
    }
  };
  /** The role of a document in a chart of the workspace, with its current text in the store. */
  const chartRole = (document: TextDocument): 'chart' | 'values' | 'schema' | 'template' | undefined => {
    chartText(document);
    return workspace.charts.chartOf(document.uri) ? workspace.charts.get(document.uri)?.role : undefined;
  };

  /** Whether a kustomization builds a file (as a resource, or patches with it). */
  const kustomizedBy = (uri: string): boolean => {
    const role = options.kustomizeContext?.(uri)?.role;
    return role === 'resource' || role === 'patch';
  };

  /** One view per minor, so that its projected definitions and custom resource kinds are kept. */
  const minorCatalogs = new Map<number, Catalog>();
  const atMinor = (minor: number): Catalog => {
    let view = minorCatalogs.get(minor);
    if (!view) {
      view = catalog.atMinor(minor);
      minorCatalogs.set(minor, view);
    }
    return view;
  };

  /**
   * The catalog a document of this kind is read with: the target minor's, or, for a kind that
   * minor does not serve, the nearest minor that serves it.
   */
  const catalogForKind = (
    settings: PodscopeSettings,
    { apiVersion, kind }: { apiVersion?: unknown; kind?: unknown },
  ): Catalog => {
    const target = targetMinor(catalog, settings.kubernetesVersion);
    const view = atMinor(target);
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
      return view;
    }
    if (view.getKind(apiVersion, kind)) {
      return view;
    }
    const span = catalog.getKind(apiVersion, kind)?.minors;
    if (!span) {
      return view;
    }
    const { oldest, newest } = catalog.minors;
    // A kind no covered minor serves (batch/v1beta1 CronJob, removed in 1.25): its definitions
    // as the catalog has them, so that completion and hover still help while it is migrated.
    return span[1] < oldest || span[0] > newest ? catalog : atMinor(target < span[0] ? span[0] : span[1]);
  };

  /**
   * A document's diagnostics in parts, unplaced (validateFileParts): what doValidation places, all
   * of them or up to a limit, and what code actions look their client's diagnostics up in.
   */
  function validationParts(document: TextDocument, settings: PodscopeSettings): DiagnosticPart[] {
    if (!settings.validate.enable) {
      return [];
    }
    const file = parseFile(document);
    if (!file) {
      return looksLikeKubernetes(document.getText())
        ? [{ diagnostics: [tooLargeDiagnostic(document)], line: 0 }]
        : [];
    }
    // The file's objects and references as the editor has them, for the rules across files.
    service.indexDocument(document);
    const resources = workspace.get(document.uri)!;
    const role = chartRole(document);
    if (role === 'chart' || role === 'values') {
      // A chart's own files are no Kubernetes manifests: their syntax, and Helm's checks.
      const syntax = new Set<unknown>([
        DiagnosticCode.yamlSyntax,
        DiagnosticCode.yamlEscape,
        DiagnosticCode.duplicateKey,
      ]);
      return [
        ...validateFileParts(validationDependencies, file, settings).map((part) => ({
          diagnostics: part.diagnostics.filter((diagnostic) => syntax.has(diagnostic.code)),
          line: part.line,
        })),
        { diagnostics: checkChartFile(workspace.charts, document), line: 0 },
      ];
    }
    const kustomize = options.kustomizeContext?.(document.uri);
    return [
      { diagnostics: role === 'template' ? checkTemplate(workspace.charts, document) : [], line: 0 },
      ...validateFileParts(validationDependencies, file, settings, kustomize),
      {
        diagnostics: checkWorkspace(
          workspace,
          document.uri,
          file,
          resources,
          settings,
          kustomizedBy(document.uri),
        ),
        line: 0,
      },
      {
        diagnostics: isKustomizationPath(document.uri)
          ? checkKustomization(document.uri, file, settings, options.pathKind)
          : [],
        line: 0,
      },
    ];
  }

  const service: LanguageService = {
    catalog,
    parseFile,

    catalogFor(settings = defaultSettings, document, line) {
      const identity = document ? parseFile(document)?.documentAtLine(line ?? 0)?.identity : undefined;
      return catalogForKind(settings, identity ?? {});
    },

    getDocumentInfo(document, settings = defaultSettings) {
      const file = parseFile(document);
      const kubernetes = file
        ? file.documents.some((entry) => entry.identity.isKubernetes)
        : looksLikeKubernetes(document.getText());
      return { kubernetes, kubernetesVersion: minorName(targetMinor(catalog, settings.kubernetesVersion)) };
    },

    doValidation(document, settings = defaultSettings, maxPerFile = 0, placement = withFixData) {
      return limitPlaced(validationParts(document, settings), maxPerFile, placement);
    },

    doComplete(document, position, settings = defaultSettings, triggerCharacter) {
      const file = settings.completion.enable ? parseFile(document) : undefined;
      if ((triggerCharacter === '.' || triggerCharacter === '"') && chartRole(document) !== 'template') {
        return { isIncomplete: false, items: [] };
      }
      // Completion parses the segment again with a marker: not one that is too deep to parse.
      if (!file || file.segmentAtLine(position.line)?.segment.tooDeep) {
        return { isIncomplete: false, items: [] };
      }
      if (isKustomizationPath(document.uri)) {
        return completeKustomization(file, position);
      }
      const role = chartRole(document);
      const chartCompletion =
        role === 'template'
          ? completeTemplate(workspace.charts, document, position)
          : role === 'chart' || role === 'values'
            ? completeChartFile(workspace.charts, document, file, position)
            : undefined;
      return (
        chartCompletion ??
        doComplete(
          (identity) => catalogForKind(settings, identity),
          file,
          position,
          service.customResourcesFor(settings),
        )
      );
    },

    doHover(document, position, settings = defaultSettings) {
      const file = settings.hover.enable ? parseFile(document) : undefined;
      if (!file) {
        return null;
      }
      if (isKustomizationPath(document.uri)) {
        return hoverKustomization(file, position);
      }
      const role = chartRole(document);
      const chartHover =
        role === 'template'
          ? hoverTemplate(workspace.charts, document, position)
          : role === 'chart' || role === 'values'
            ? hoverChartFile(workspace.charts, document, file, position)
            : undefined;
      if (chartHover !== undefined) {
        return chartHover;
      }
      // With what a reference points to, from the current text of the document.
      service.indexDocument(document);
      return workspaceHover(
        workspace,
        file,
        position,
        doHover(
          service.catalogFor(settings, document, position.line),
          file,
          position,
          service.customResourcesFor(settings),
          document.uri,
        ),
      );
    },

    findDocumentSymbols(document) {
      const file = parseFile(document);
      return file ? findDocumentSymbols(file) : [];
    },

    doCodeActions(document, context, settings = defaultSettings) {
      const file = parseFile(document);
      // The diagnostics of this version are cached with its parse: matching is cheap.
      const { fileExists } = options;
      // A file is taken if it is on the disk or open in the editor (indexed, maybe unsaved).
      const host = fileExists
        ? { fileTaken: (uri: string): boolean => workspace.get(uri) !== undefined || fileExists(uri) }
        : {};
      if (!file) {
        return [];
      }
      // The diagnostics the client's stand for have their code and message (`currentDiagnostic`):
      // only those are placed, and their fixes computed, not every finding of a large file.
      const wanted = mayStandFor(context.diagnostics);
      const current = validationParts(document, settings).flatMap((part) =>
        part.diagnostics.filter(wanted).map((diagnostic) => placeDiagnostic(diagnostic, part.line)),
      );
      return [
        ...doCodeActions(document.uri, file, context, current, host),
        ...findSimulatorLinks(document.uri, file, context, current),
      ];
    },

    doSimulate(document, target, scenario) {
      const file = parseFile(document);
      return file
        ? doSimulate(file, target, scenario)
        : { ok: false, error: 'The file is too large to simulate.' };
    },

    doSimulateTimeline(document, documentIndex) {
      const file = parseFile(document);
      return file
        ? doSimulateTimeline(file, documentIndex)
        : { ok: false, error: 'The file is too large to simulate.' };
    },

    customResourcesFor(settings = defaultSettings) {
      return firstOf(
        options.customResources,
        workspace.customResources(),
        options.bundledCustomResources?.(settings),
      );
    },

    listCustomResources(settings = defaultSettings) {
      return customResourceEntries(service.customResourcesFor(settings).list());
    },

    findCodeLenses(document) {
      // The Service lenses count the workloads with this document's current text indexed.
      return withIndexed(
        document,
        (file) => [...findCodeLenses(document.uri, file), ...findServiceLenses(workspace, file)],
        [],
      );
    },

    indexDocument(document) {
      chartText(document);
      const file = parseFile(document);
      if (file) {
        workspace.set(document.uri, resourcesOf(document.uri, file, options.nameAffixes?.(document.uri)));
      } else {
        workspace.delete(document.uri);
      }
    },

    findDefinition(document, position) {
      const file = isKustomizationPath(document.uri) ? parseFile(document) : undefined;
      const path = file ? findKustomizationDefinition(document.uri, file, position, options.pathKind) : [];
      if (path.length > 0) {
        return path;
      }
      const chartDefinition =
        chartRole(document) === 'template'
          ? findTemplateDefinition(workspace.charts, document, position)
          : undefined;
      if (chartDefinition !== undefined) {
        return chartDefinition;
      }
      return withIndexed(document, (file) => findDefinition(workspace, file, position), []);
    },

    findReferences(document, position, includeDeclaration) {
      const chartReferences = chartRole(document)
        ? findChartReferences(workspace.charts, document, position, includeDeclaration)
        : undefined;
      if (chartReferences !== undefined) {
        return chartReferences;
      }
      return withIndexed(
        document,
        (file) => findReferences(workspace, document.uri, file, position, includeDeclaration),
        [],
      );
    },

    findDocumentHighlights(document, position) {
      return withIndexed(
        document,
        (file) => findDocumentHighlights(workspace, document.uri, file, position),
        [],
      );
    },

    prepareRename(document, position) {
      const file = parseFile(document);
      return file ? prepareRename(file, position) : undefined;
    },

    doRename(document, position, newName) {
      return withIndexed(document, (file) => doRename(workspace, file, position, newName), undefined);
    },

    findWorkspaceSymbols(query) {
      return findWorkspaceSymbols(workspace, query);
    },

    findDocumentLinks(document) {
      const file = isKustomizationPath(document.uri) ? parseFile(document) : undefined;
      return file ? findKustomizationLinks(document.uri, file, options.pathKind) : [];
    },

    closeDocument(uri) {
      cache.delete(uri);
    },
  };
  return service;
}

/** The kinds as plain data, sorted by group, kind and version (preferred first). */
function customResourceEntries(types: readonly CustomResourceType[]): CustomResourceEntry[] {
  return [...types]
    .sort(
      (a, b) =>
        (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
        (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
        compareVersionPriority(a.version, b.version),
    )
    .map((type) => ({
      kind: type.kind,
      apiVersion: type.apiVersion,
      plural: type.plural,
      scope: type.scope,
      deprecated: type.deprecated,
      source: type.source,
    }));
}

function tooLargeDiagnostic(document: TextDocument): Diagnostic {
  const megabytes = (textLength(document) / 1024 / 1024).toFixed(1);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: DiagnosticCode.validationSkipped,
    source: diagnosticSource,
    message: `Podscope does not check files larger than ${maxFileSize / 1024 / 1024} MB (this one is ${megabytes} MB).`,
  };
}
