/**
 * The validation pipeline: the diagnostics of a file. Each document is checked once per parse
 * and settings: the parser's findings (syntax.ts), its apiVersion and kind (identity.ts), then
 * every stage of `validationStages`; of what they find, suppressed findings are left out, the
 * rest sorted and capped, and findings that an incomplete text cannot support dropped
 * (filters.ts). Results are cached with the segment's parse, in the segment's coordinates, and
 * moved to the segment's line when the file is assembled.
 */
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { targetMinor } from '../catalog/targetMinor';
import { DiagnosticCode, diagnosticSource } from '../common/diagnosticCodes';
import type { CustomResourceSchemas, CustomResourceType } from '../common/customResources';
import { type KustomizeContext, kustomizeContextKey } from '../common/kustomizeContext';
import { LazyFixData } from '../common/fixData';
import type { PodscopeSettings } from '../common/settings';
import {
  type DocumentModel,
  looksLikeKubernetes,
  ManifestDocument,
  type ManifestFile,
} from '../yaml/manifestFile';
import { withoutIncompleteFindings, withoutSuppressed } from './filters';
import { cannotRenderOn } from './capabilityGuards';
import { checkIdentity } from './identity';
import { isStructurallySound, syntaxDiagnostics } from './syntax';
import type { DocumentContext, DocumentFindings, Finding, ValidationDependencies } from './validationStage';
import { validationStages } from './validationStages';

/** At most this many diagnostics per document: one broken document must not flood the editor. */
export const maxDiagnosticsPerDocument = 100;

export function validateFile(
  dependencies: ValidationDependencies,
  file: ManifestFile,
  settings: PodscopeSettings,
  /**
   * What the kustomizations that use the file do to it: a patch leaves fields out, and findings
   * are judged on what the build produces.
   */
  kustomize?: KustomizeContext,
): Diagnostic[] {
  return placeAll(validateFileParts(dependencies, file, settings, kustomize));
}

/**
 * A file's diagnostics in parts, each document's in its segment's coordinates with the line the
 * segment starts at (DiagnosticPart): nothing is moved to its line, or given its quick fixes'
 * edits, until a caller places it (`placeDiagnostic`), so an edit that moves every later document
 * down a line costs nothing for the findings of those documents, and a limit on what is published
 * places only what it publishes.
 */
export function validateFileParts(
  dependencies: ValidationDependencies,
  file: ManifestFile,
  settings: PodscopeSettings,
  kustomize?: KustomizeContext,
): DiagnosticPart[] {
  const settingsKey = `${findingsKey(settings, kustomize)}:${targetMinor(dependencies.catalog, settings.kubernetesVersion)}`;
  const customResources = dependencies.customResources?.(settings);
  // Loops by index and no closure for a document whose findings are cached: this runs at every
  // keystroke over every document of the file.
  const documents = file.documents;
  const results: DocumentFindings[] = [];
  let kubernetesFile = false;
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index]!;
    const customResource = customResourceOf(dependencies, customResources, document);
    const key = customResource ? `${settingsKey}:${customResourceKey(customResource)}` : settingsKey;
    // The findings of a document for one set of settings are computed once per parse of its segment.
    const cached = document.model(findingsBySettings);
    let result = cached.get(key);
    if (!result) {
      result = findingsOf(dependencies, document, settings, kustomize, customResource);
      cached.set(key, result);
    }
    results.push(result);
    kubernetesFile ||= result.kubernetes;
  }
  // YAML syntax errors are only ours to report in files that hold Kubernetes manifests.
  const parts: DiagnosticPart[] = [{ diagnostics: unparsedDiagnostics(file), line: 0 }];
  for (let index = 0; index < documents.length; index++) {
    const result = results[index]!;
    const line = documents[index]!.startLine;
    if (kubernetesFile && result.syntax.length > 0) {
      parts.push({ diagnostics: result.syntax, line });
    }
    if (result.findings.length > 0) {
      parts.push({ diagnostics: diagnosticsOf(result), line });
    }
  }
  return parts;
}

/**
 * Diagnostics of a file kept in parts, each in its own coordinates (a document's findings, cached
 * with its parse, relative to the line its segment starts at).
 */
export interface DiagnosticPart {
  readonly diagnostics: readonly Diagnostic[];
  /** The line of the file that the part's line 0 is. */
  readonly line: number;
}

/**
 * How diagnostics are placed: with their quick fixes' data (what code actions and `podscope lint`
 * read), or without it, as a client gets them. Code actions compute their edits from the server's
 * own diagnostics of the current text (codeActions.ts `currentDiagnostic`), never from the copy a
 * client sends back, so a client has no use for it (LSP 3.16 only has it echoed back). Placed
 * without it, a rule's edits are not computed at all, what is encoded, sent and kept by the editor
 * is a third smaller (the 1 MB file's publication: 531 against 370 KB), and no second copy of
 * each diagnostic is made to leave it out.
 */
export interface Placement {
  readonly fixData: boolean;
}

export const withFixData: Placement = { fixData: true };

/** As a client gets them: the publication, and the document and workspace pulls. */
export const forClient: Placement = { fixData: false };

/** Every diagnostic of the parts, placed. */
export function placeAll(parts: readonly DiagnosticPart[], placement = withFixData): Diagnostic[] {
  const placed: Diagnostic[] = [];
  for (const part of parts) {
    for (const diagnostic of part.diagnostics) {
      placed.push(placeDiagnostic(diagnostic, part.line, placement));
    }
  }
  return placed;
}

/** The diagnostics of a document's findings (one list per findings, which are kept with the parse). */
const diagnosticsByFindings = new WeakMap<DocumentFindings, readonly Diagnostic[]>();

function diagnosticsOf(result: DocumentFindings): readonly Diagnostic[] {
  let diagnostics = diagnosticsByFindings.get(result);
  if (!diagnostics) {
    // Frozen: what is counted of it (diagnosticLimit.ts) is kept with it.
    diagnostics = Object.freeze(result.findings.map(({ diagnostic }) => diagnostic));
    diagnosticsByFindings.set(result, diagnostics);
  }
  return diagnostics;
}

/**
 * A diagnostic of a part moved down `lines` into the file, with its quick fixes' data computed if
 * they were left for later (LazyFixData: a rule's edits are computed only for what is placed), or
 * without any data when placed `forClient`.
 * A new object whenever anything changes: the part's own stays as it is, for the next edit.
 */
export function placeDiagnostic(diagnostic: Diagnostic, lines: number, placement = withFixData): Diagnostic {
  if (!placement.fixData) {
    return placedWithoutData(diagnostic, lines);
  }
  const lazy = diagnostic.data instanceof LazyFixData ? diagnostic.data : undefined;
  if (lines === 0 && !lazy) {
    return diagnostic;
  }
  const placed: Diagnostic = { ...diagnostic, range: movedDown(diagnostic.range, lines) };
  if (lazy) {
    const data = lazy.resolve();
    if (data) {
      placed.data = data;
    } else {
      delete placed.data;
    }
  }
  return placed;
}

function placedWithoutData(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0 && diagnostic.data === undefined) {
    return diagnostic;
  }
  const { data: _data, ...rest } = diagnostic as Omit<Diagnostic, 'data'> & { data?: unknown };
  return { ...rest, range: movedDown(diagnostic.range, lines) };
}

/** A range `lines` further down; the range itself when that is none. */
function movedDown(range: Range, lines: number): Range {
  if (lines === 0) {
    return range;
  }
  const { start, end } = range;
  return {
    start: { line: start.line + lines, character: start.character },
    end: { line: end.line + lines, character: end.character },
  };
}

/**
 * The documents a document is judged as: itself; for a template whose chains have an `else`, the
 * same document in each branch text of its segment instead (ParsedSegment.branchSegments), since
 * Helm renders one branch of each chain and two branches' YAML may not even fit together.
 */
function judgedByBranch(document: ManifestDocument): ManifestDocument[] {
  const branches = document.segment.branchSegments;
  const index = document.segment.documents.indexOf(document.yaml);
  const judged = branches.flatMap((segment) => {
    const yaml = segment.documents[index];
    return yaml ? [new ManifestDocument(segment, yaml, document.index, 0, 0)] : [];
  });
  return judged.length > 0 ? judged : [document];
}

/** The findings of two renderings of one document: each finding once. */
function unionOf(first: DocumentFindings, second: DocumentFindings): DocumentFindings {
  const seen = new Set(first.findings.map(({ diagnostic }) => findingKey(diagnostic)));
  const added = second.findings.filter(({ diagnostic }) => !seen.has(findingKey(diagnostic)));
  return {
    kubernetes: first.kubernetes || second.kubernetes,
    syntax: [...first.syntax, ...second.syntax],
    findings: [...first.findings, ...added].sort(
      ({ diagnostic: a }, { diagnostic: b }) =>
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    ),
  };
}

function findingKey(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${start.line}:${start.character}:${end.line}:${end.character}:${String(diagnostic.code)}:${JSON.stringify(diagnostic.message)}`;
}

/**
 * A document's findings for each set of settings it was validated with (keyed by the settings
 * that change them), kept with the document's parse.
 */
const findingsBySettings: DocumentModel<Map<string, DocumentFindings>> = { read: () => new Map() };

/**
 * What the findings depend on besides the text, as a string (with the target minor, added by
 * the caller): equal settings that come as
 * different objects share their results.
 */
function findingsKey(settings: PodscopeSettings, kustomize: KustomizeContext | undefined): string {
  return `${settings.kubernetesVersion ?? 'newest'}:${JSON.stringify(settings.rules)}:${settings.podSecurityStandard}:${JSON.stringify(settings.customResources.bundled)}:${kustomizeContextKey(kustomize)}`;
}

/**
 * The custom resource type of a document: one that a source knows and the catalog does not (a
 * built-in kind is never taken from a CRD, as the API server serves its own).
 */
function customResourceOf(
  dependencies: ValidationDependencies,
  customResources: CustomResourceSchemas | undefined,
  document: ManifestDocument,
): CustomResourceType | undefined {
  const { apiVersion, kind } = document.identity;
  if (!customResources || !apiVersion || !kind || dependencies.catalog.getKind(apiVersion, kind)) {
    return undefined;
  }
  return customResources.find(apiVersion, kind);
}

/** Numbers for schema objects: findings are cached per schema, so a CRD edit re-checks its resources. */
const schemaIds = new WeakMap<object, number>();
let nextSchemaId = 0;

/**
 * What a custom resource's findings depend on besides the text: its schema (by identity: a
 * CRD's schema is a new object when its document is parsed again) and its deprecation.
 */
function customResourceKey(type: CustomResourceType): string {
  const schema = type.schema();
  let id = schema ? schemaIds.get(schema) : -1;
  if (id === undefined) {
    id = ++nextSchemaId;
    schemaIds.set(schema!, id);
  }
  return `crd${id}:${type.deprecated ? `deprecated:${type.deprecationWarning ?? ''}` : ''}`;
}

/** A document's findings, over each branch of a Helm template's conditionals. */
function findingsOf(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  settings: PodscopeSettings,
  kustomize: KustomizeContext | undefined,
  customResource: CustomResourceType | undefined,
): DocumentFindings {
  // A branch whose capability guards cannot hold on the target renders nothing there. The
  // branch texts keep every offset, so the guards of the document's own text apply to each.
  const cannotRender = document.segment.templateLines
    ? cannotRenderOn(document.segment.templateBranches, {
        catalog: dependencies.catalog,
        minor: targetMinorOf(dependencies, settings),
      })
    : undefined;
  return (
    judgedByBranch(document.relative()).reduce<DocumentFindings | undefined>((union, judged) => {
      const findings = withoutIncompleteFindings(
        judged,
        validateDocument(dependencies, judged, settings, kustomize, customResource),
        judged.segment.templateLines,
        kustomize,
        cannotRender,
      );
      return union ? unionOf(union, findings) : findings;
    }, undefined) ?? { kubernetes: false, syntax: [], findings: [] }
  );
}

/** One document, placed at the top of its segment. */
function validateDocument(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  settings: PodscopeSettings,
  kustomize: KustomizeContext | undefined,
  customResource: CustomResourceType | undefined,
): DocumentFindings {
  const syntax = syntaxDiagnostics(document);
  if (!document.identity.isKubernetes) {
    return { kubernetes: false, syntax, findings: [] };
  }
  const identity: Diagnostic[] = [];
  // The target release: the setting, or the newest the catalog covers.
  const targetMinor = settings.kubernetesVersion ?? dependencies.catalog.minors.newest;
  const kind = checkIdentity(
    dependencies.catalog,
    document,
    identity,
    customResource !== undefined,
    targetMinor,
  );
  const context: DocumentContext = {
    dependencies,
    document,
    settings,
    kind,
    ...(kustomize ? { kustomize } : {}),
    ...(customResource ? { customResource } : {}),
    structurallySound: isStructurallySound(syntax),
  };
  const findings: Finding[] = [
    ...identity.map((diagnostic) => ({ diagnostic })),
    ...(dependencies.stages ?? validationStages).flatMap((stage) => stage.validate(context)),
  ];
  const sorted = withoutSuppressed(document, findings)
    .slice()
    .sort(
      ({ diagnostic: a }, { diagnostic: b }) =>
        a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  return { kubernetes: true, syntax, findings: sorted.slice(0, maxDiagnosticsPerDocument) };
}

/** The target Kubernetes minor: the setting, or the newest the catalog covers. */
function targetMinorOf(dependencies: ValidationDependencies, settings: PodscopeSettings): number {
  return settings.kubernetesVersion ?? dependencies.catalog.minors.newest;
}

/** One information diagnostic per part of the file that was too large or too deep to parse. */
function unparsedDiagnostics(file: ManifestFile): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const info = (line: number, message: string): Diagnostic => ({
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: DiagnosticCode.validationSkipped,
    source: diagnosticSource,
    message,
  });
  if (file.unparsed) {
    diagnostics.push(info(0, file.unparsed));
  }
  for (const placed of file.segments) {
    if (placed.segment.unparsed && looksLikeKubernetes(placed.segment.text)) {
      diagnostics.push(info(placed.startLine, placed.segment.unparsed));
    }
  }
  return diagnostics;
}
