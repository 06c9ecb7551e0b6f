/**
 * Diagnostics for a file: YAML syntax, the identity of each manifest (kind and apiVersion),
 * schema errors from ajv, and the lint rules.
 */
import type { ErrorObject } from 'ajv';
import { isScalar, type Node } from 'yaml';
import { type Diagnostic, DiagnosticSeverity, type Range } from 'vscode-languageserver-types';
import { type Catalog, type KindData, apiVersionOf, fieldsOf, shortDefinitionName } from '../catalog/catalog';
import type { PathSegment } from '../common/paths';
import type { DefaultSeverity, Rule, RuleFinding } from '../rules/rule';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { quantityPattern } from '../schema/jsonSchema';
import { type RemovedField, removedField } from '../schema/removedFields';
import { resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import type { SchemaValidator } from '../schema/schemaValidator';
import { closestMatch } from '../util/suggest';
import { anchorRange, findNodeAtOffset, nodeAtPath, pairAtPath, rangeOf, valueRange } from '../yaml/astPath';
import { looksLikeKubernetes, type ManifestDocument, type ManifestFile } from '../yaml/manifestFile';
import { isYaml11BooleanWord } from '../yaml/scalars';
import { DiagnosticCode, diagnosticSource } from '../common/diagnosticCodes';
import type { FixData, ReplaceFixData } from '../common/fixData';
import type { PodscopeSettings } from '../common/settings';

export interface ValidationDependencies {
  readonly catalog: Catalog;
  readonly schemaValidator: SchemaValidator;
  readonly rules: readonly Rule[];
  /** Rules that threw, logged once each. */
  readonly failedRules: Set<string>;
  log(message: string): void;
}

/** At most this many diagnostics per document: one broken document must not flood the editor. */
export const maxDiagnosticsPerDocument = 100;

const severities: Record<DefaultSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The per-document results, cached with the document's parse (positions relative to it). */
interface DocumentResults {
  kubernetes: boolean;
  syntax: Diagnostic[];
  semantic: Diagnostic[];
  /** Findings about something absent, which partial manifests and templates leave out. */
  absent?: ReadonlySet<Diagnostic>;
}

export function validateFile(
  dependencies: ValidationDependencies,
  file: ManifestFile,
  settings: PodscopeSettings,
  /** The file is a partial manifest (a Kustomize patch): absent fields come from elsewhere. */
  partial = false,
): Diagnostic[] {
  const settingsKey = `validation:${JSON.stringify(settings.rules)}:${settings.podSecurityStandard}:${partial}`;
  const results = file.documents.map((document) => {
    let cached = document.segment.derived.get(settingsKey) as Map<number, DocumentResults> | undefined;
    if (!cached) {
      cached = new Map();
      document.segment.derived.set(settingsKey, cached);
    }
    // A segment normally holds one document; it is keyed by its position in the segment.
    const position = document.segment.documents.indexOf(document.yaml);
    let result = cached.get(position);
    if (!result) {
      result = withoutIncompleteFindings(
        dependencies,
        document.segment.templateLines,
        partial,
        validateDocument(dependencies, document.relative(), settings),
      );
      cached.set(position, result);
    }
    return { document, result };
  });
  // YAML syntax errors are only ours to report in files that hold Kubernetes manifests.
  const kubernetesFile = results.some(({ result }) => result.kubernetes);
  const diagnostics: Diagnostic[] = unparsedDiagnostics(file);
  for (const { document, result } of results) {
    if (kubernetesFile) {
      diagnostics.push(...result.syntax.map((diagnostic) => shift(diagnostic, document.startLine)));
    }
    diagnostics.push(...result.semantic.map((diagnostic) => shift(diagnostic, document.startLine)));
  }
  return diagnostics;
}

/**
 * In a Helm template, the template expressions were blanked out before parsing: what they
 * produce is unknown until rendering. So YAML syntax errors, findings on template lines, and
 * findings about absent things are dropped; what stands around the templates is still checked.
 * In a partial manifest (a Kustomize patch), only findings about absent things are dropped.
 */
function withoutIncompleteFindings(
  dependencies: ValidationDependencies,
  templateLines: ReadonlySet<number> | undefined,
  partial: boolean,
  results: DocumentResults,
): DocumentResults {
  if (!templateLines && !partial) {
    return results;
  }
  const absence = new Set<string>([
    DiagnosticCode.missingRequired,
    ...dependencies.rules.filter((rule) => rule.judgesAbsence).map((rule) => rule.id),
  ]);
  const keep = (diagnostic: Diagnostic): boolean =>
    !absence.has(String(diagnostic.code)) &&
    !results.absent?.has(diagnostic) &&
    !templateLines?.has(diagnostic.range.start.line);
  return {
    kubernetes: results.kubernetes,
    syntax: templateLines ? [] : results.syntax,
    semantic: results.semantic.filter(keep),
  };
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

function shift(diagnostic: Diagnostic, lines: number): Diagnostic {
  if (lines === 0) {
    return diagnostic;
  }
  const move = (range: Range): Range => ({
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  });
  return { ...diagnostic, range: move(diagnostic.range) };
}

function makeDiagnostic(
  document: ManifestDocument,
  range: [number, number],
  severity: DiagnosticSeverity,
  code: string,
  message: string,
  data?: FixData,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: document.rangeOf(range[0], range[1]),
    severity,
    code,
    source: diagnosticSource,
    message,
  };
  if (data) {
    diagnostic.data = data;
  }
  return diagnostic;
}

function validateDocument(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  settings: PodscopeSettings,
): DocumentResults {
  const syntax = syntaxDiagnostics(document);
  const identity = document.identity;
  if (!identity.isKubernetes) {
    return { kubernetes: false, syntax, semantic: [] };
  }
  const semantic: Diagnostic[] = [];
  const absent = new Set<Diagnostic>();
  const kind = checkIdentity(dependencies.catalog, document, semantic);
  // Broken YAML would make every schema finding a guess: report the syntax first.
  const structurallySound = syntax.every(
    (diagnostic) =>
      diagnostic.code === DiagnosticCode.duplicateKey || diagnostic.code === DiagnosticCode.yamlEscape,
  );
  if (kind && structurallySound) {
    const data = document.toJS();
    if (data === undefined) {
      semantic.push(
        makeDiagnostic(
          document,
          anchorRange(document.yaml, []) ?? [0, 0],
          DiagnosticSeverity.Information,
          DiagnosticCode.validationSkipped,
          'Not validated: the document expands too many aliases.',
        ),
      );
    } else {
      if (kind.kind === 'List') {
        semantic.push(...listItemDiagnostics(dependencies, document, data));
      } else {
        semantic.push(...schemaDiagnostics(dependencies, document, kind, data, []));
        semantic.push(...ruleDiagnostics(dependencies, document, kind, settings, absent));
      }
    }
  }
  const suppressed = suppressions(document);
  if (suppressed.size > 0) {
    const keep = (diagnostic: Diagnostic): boolean => {
      const ids = suppressed.get(diagnostic.range.start.line);
      return !ids || (ids.size > 0 && !ids.has(String(diagnostic.code)));
    };
    semantic.splice(0, semantic.length, ...semantic.filter(keep));
  }
  semantic.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return { kubernetes: true, syntax, semantic: semantic.slice(0, maxDiagnosticsPerDocument), absent };
}

const suppressionComment = /^\s*#\s*podscope-disable-next-line\b(.*)$/;

/**
 * `# podscope-disable-next-line [id, …]` silences the listed rules (all, without ids) for
 * diagnostics that start on the next line. Lines are relative to the document's segment.
 */
function suppressions(document: ManifestDocument): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  const lines = document.segment.text.split('\n');
  lines.forEach((line, index) => {
    const match = suppressionComment.exec(line);
    if (match) {
      const ids = match[1]!
        .replace(/--.*$/, '')
        .split(/[\s,]+/)
        .filter((id) => id.length > 0);
      result.set(index + 1, new Set(ids));
    }
  });
  return result;
}

function syntaxDiagnostics(document: ManifestDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const error of document.yaml.errors) {
    if (isAcceptedEscape(document, error)) {
      diagnostics.push(acceptedEscapeDiagnostic(document, error.pos));
      continue;
    }
    const duplicate = error.code === 'DUPLICATE_KEY';
    diagnostics.push(
      makeDiagnostic(
        document,
        duplicate ? keyTokenRange(document, error.pos[0]) : error.pos,
        DiagnosticSeverity.Error,
        duplicate ? DiagnosticCode.duplicateKey : DiagnosticCode.yamlSyntax,
        duplicate ? `Duplicate key: ${duplicateKeyName(document, error.pos)}` : firstLine(error.message),
      ),
    );
  }
  for (const warning of document.yaml.warnings) {
    // Custom tags (!Ref, !vault) are someone else's business; everything else is worth a note.
    if (warning.code !== 'TAG_RESOLVE_FAILED') {
      diagnostics.push(
        makeDiagnostic(
          document,
          warning.pos,
          DiagnosticSeverity.Warning,
          DiagnosticCode.yamlSyntax,
          firstLine(warning.message),
        ),
      );
    }
  }
  return diagnostics;
}

/**
 * `\'` in a double-quoted string is not a YAML escape, and the `yaml` package rejects it; but
 * go-yaml, which Kubernetes uses, reads it as a single quote. Kubernetes accepts the file, so
 * this is a warning (other YAML tools will fail on it), and the document is still checked.
 */
function isAcceptedEscape(
  document: ManifestDocument,
  error: { code: string; pos: [number, number] },
): boolean {
  return (
    error.code === 'BAD_DQ_ESCAPE' && document.segment.text.slice(error.pos[0], error.pos[0] + 2) === "\\'"
  );
}

function acceptedEscapeDiagnostic(document: ManifestDocument, pos: [number, number]): Diagnostic {
  const range: [number, number] = [pos[0], pos[0] + 2];
  const diagnostic = makeDiagnostic(
    document,
    range,
    DiagnosticSeverity.Warning,
    DiagnosticCode.yamlEscape,
    "\\' is not a valid YAML escape: Kubernetes reads it as ', but other YAML tools reject the file. Write ' without the backslash.",
  );
  const fix: FixData = {
    kind: 'edits',
    fixes: [{ title: "Replace \\' with '", edits: [{ range, newText: "'" }] }],
  };
  diagnostic.data = fix;
  return diagnostic;
}

/** The whole key that starts at an offset (errors point at its first character). */
function keyTokenRange(document: ManifestDocument, start: number): [number, number] {
  const rest = document.segment.text.slice(start);
  const token = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n#]*?(?=\s*:(?:\s|$)))/.exec(rest)?.[0] ?? '';
  return [start, start + Math.max(1, token.length)];
}

function duplicateKeyName(document: ManifestDocument, pos: [number, number]): string {
  const range = keyTokenRange(document, pos[0]);
  const text = document.segment.text.slice(range[0], range[1]).trim();
  return text ? `"${text}" appears more than once in this map.` : 'a key appears more than once in this map.';
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Checks kind and apiVersion against the catalog; returns the kind when it is known. */
function checkIdentity(
  catalog: Catalog,
  document: ManifestDocument,
  out: Diagnostic[],
): KindData | undefined {
  const { apiVersion, kind, apiVersionNode, kindNode } = document.identity;
  const apiVersionRange = rangeOrKey(document, apiVersionNode, 'apiVersion');
  const kindRange = rangeOrKey(document, kindNode, 'kind');
  if (!apiVersion || !kind) {
    const [missing, range] = !apiVersion ? ['apiVersion', apiVersionRange] : ['kind', kindRange];
    out.push(
      makeDiagnostic(
        document,
        range,
        DiagnosticSeverity.Error,
        DiagnosticCode.wrongType,
        `${missing} must be a non-empty string.`,
      ),
    );
    return undefined;
  }
  if (kind === 'List' && apiVersion === 'v1') {
    return { group: '', version: 'v1', kind: 'List', definition: '', resource: 'lists' };
  }
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const exact = catalog.getKind(apiVersion, kind);
  if (exact) {
    if (exact.deprecated) {
      const preferred = catalog.findKinds(kind).find((candidate) => !candidate.deprecated);
      out.push(
        makeDiagnostic(
          document,
          apiVersionRange,
          DiagnosticSeverity.Warning,
          DiagnosticCode.deprecatedApiVersion,
          preferred
            ? `${apiVersion} ${kind} is deprecated or removed; use ${apiVersionOf(preferred)}.`
            : `${apiVersion} ${kind} is deprecated or removed.`,
          preferred ? changeApiVersion([apiVersionOf(preferred)]) : undefined,
        ),
      );
    }
    return exact;
  }
  // Groups the catalog does not know are custom resources: not ours to judge.
  if (!catalog.hasGroup(group)) {
    return undefined;
  }
  const candidates = catalog.findKinds(kind);
  if (candidates.length > 0) {
    const suggestions = candidates.map(apiVersionOf);
    out.push(
      makeDiagnostic(
        document,
        apiVersionRange,
        DiagnosticSeverity.Error,
        DiagnosticCode.apiVersionMismatch,
        `${kind} is not served by ${apiVersion}; use ${suggestions[0]}.`,
        changeApiVersion(suggestions),
      ),
    );
    return undefined;
  }
  const kindsInVersion = catalog.kinds.filter((entry) => entry.group === group && entry.version === version);
  if (kindsInVersion.length === 0) {
    // A version the catalog has no schema for (an alpha API): nothing to check against.
    return undefined;
  }
  const suggestion = closestMatch(
    kind,
    kindsInVersion.map((entry) => entry.kind),
  );
  out.push(
    makeDiagnostic(
      document,
      kindRange,
      DiagnosticSeverity.Error,
      DiagnosticCode.unknownKind,
      suggestion
        ? `Unknown kind "${kind}" in ${apiVersion}; did you mean "${suggestion}"?`
        : `Unknown kind "${kind}" in ${apiVersion}.`,
      suggestion
        ? { kind: 'replace', replacements: [{ title: `Change kind to ${suggestion}`, newText: suggestion }] }
        : undefined,
    ),
  );
  return undefined;
}

function changeApiVersion(apiVersions: readonly string[]): ReplaceFixData {
  return {
    kind: 'replace',
    replacements: apiVersions.map((apiVersion) => ({
      title: `Change apiVersion to ${apiVersion}`,
      newText: apiVersion,
    })),
  };
}

function rangeOrKey(document: ManifestDocument, node: Node | undefined, key: string): [number, number] {
  const range = node?.range;
  if (range && range[1] > range[0]) {
    return [range[0], range[1]];
  }
  return anchorRange(document.yaml, [key]) ?? [0, 0];
}

/** A List's items are manifests of their own: each is validated against its kind. */
function listItemDiagnostics(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  data: unknown,
): Diagnostic[] {
  const items = (data as { items?: unknown }).items;
  if (!Array.isArray(items)) {
    return [];
  }
  const diagnostics: Diagnostic[] = [];
  items.forEach((item: unknown, index) => {
    const { apiVersion, kind } = (item ?? {}) as { apiVersion?: unknown; kind?: unknown };
    if (typeof apiVersion === 'string' && typeof kind === 'string') {
      const entry = dependencies.catalog.getKind(apiVersion, kind);
      if (entry) {
        diagnostics.push(...schemaDiagnostics(dependencies, document, entry, item, ['items', index]));
      }
    }
  });
  return diagnostics;
}

/** Removes null-valued fields: the API server treats them as absent. */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (item === null ? {} : withoutNulls(item)));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== null) {
        result[key] = withoutNulls(child);
      }
    }
    return result;
  }
  return value;
}

function pathFromPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') {
    return [];
  }
  const path: PathSegment[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) ? Number(key) : key;
    path.push(segment);
    current =
      current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined;
  }
  return path;
}

function isPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

function lastFieldName(path: readonly PathSegment[]): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const segment = path[index];
    if (typeof segment === 'string') {
      return segment;
    }
  }
  return 'the document';
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) {
    return 'nothing';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `${Number.isInteger(value) ? 'integer' : 'number'} ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    default:
      return 'an object';
  }
}

function describeExpected(types: string): string {
  const names = types
    .split(',')
    .map((type) => (type === 'object' ? 'an object' : type === 'array' ? 'a list' : type));
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0]!;
}

function valueAtPath(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    current =
      current !== null && typeof current === 'object'
        ? (current as Record<string, unknown>)[segment]
        : undefined;
  }
  return current;
}

function schemaDiagnostics(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  kind: KindData,
  rawData: unknown,
  basePath: PathSegment[],
): Diagnostic[] {
  const { catalog } = dependencies;
  const data = withoutNulls(rawData);
  const errors = dependencies.schemaValidator
    .validate(kind.definition, data)
    .map((error) => ({ error, path: [...basePath, ...pathFromPointer(error.instancePath, data)] }));

  // One mistake, one diagnostic: a value of the wrong type hides what is wrong inside it.
  const typeErrorPaths = errors.filter(({ error }) => error.keyword === 'type').map(({ path }) => path);
  const unknownFields = new Map<string, { path: PathSegment[]; name: string; suggestion?: string }[]>();
  const relevant = errors.filter(({ error, path }) =>
    error.keyword === 'type'
      ? !typeErrorPaths.some((typePath) => typePath.length < path.length && isPrefix(typePath, path))
      : !typeErrorPaths.some((typePath) => isPrefix(typePath, path)),
  );
  for (const { error, path } of relevant) {
    if (error.keyword === 'additionalProperties') {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const owner = resolveOwner(catalog, kind, path.slice(basePath.length));
      const suggestion = owner
        ? closestMatch(
            name,
            fieldsOf(catalog, owner).map((field) => field.name),
          )
        : undefined;
      const key = JSON.stringify(path);
      unknownFields.set(key, [
        ...(unknownFields.get(key) ?? []),
        { path, name, ...(suggestion ? { suggestion } : {}) },
      ]);
    }
  }

  const diagnostics: Diagnostic[] = [];
  const missingByObject = new Map<string, { path: PathSegment[]; names: string[] }>();
  for (const { error, path } of relevant) {
    const localPath = path.slice(basePath.length);
    switch (error.keyword) {
      case 'additionalProperties': {
        const name = String((error.params as { additionalProperty: string }).additionalProperty);
        const owner = resolveOwner(catalog, kind, localPath);
        const entry = unknownFields.get(JSON.stringify(path))?.find((field) => field.name === name);
        const range = keyRange(document, [...path, name]);
        const removed = removedField(owner, name);
        if (removed) {
          diagnostics.push(removedFieldDiagnostic(document, [...path, name], range, removed));
          break;
        }
        const ownerName = owner ? ` in ${shortDefinitionName(owner)}` : '';
        diagnostics.push(
          makeDiagnostic(
            document,
            range,
            DiagnosticSeverity.Error,
            DiagnosticCode.unknownField,
            entry?.suggestion
              ? `Unknown field "${name}"${ownerName}; did you mean "${entry.suggestion}"?`
              : `Unknown field "${name}"${ownerName}.`,
            // No fix for a field that is not written here (it came with a merge key `<<`).
            entry?.suggestion && pairAtPath(document.yaml, [...path, name])
              ? {
                  kind: 'replace',
                  replacements: [{ title: `Rename to "${entry.suggestion}"`, newText: entry.suggestion }],
                }
              : undefined,
          ),
        );
        break;
      }
      case 'required': {
        const name = String((error.params as { missingProperty: string }).missingProperty);
        // A misspelled required field is already reported, with the fix, as an unknown field.
        if (unknownFields.get(JSON.stringify(path))?.some((field) => field.suggestion === name)) {
          break;
        }
        const key = JSON.stringify(path);
        const entry = missingByObject.get(key) ?? { path, names: [] };
        entry.names.push(name);
        missingByObject.set(key, entry);
        break;
      }
      case 'type': {
        const node = nodeAtPath(document.yaml, path);
        const expected = String((error.params as { type: string | string[] }).type);
        // An unquoted yes/no/on/off is the yaml11-boolean-string rule's to report, with its fix.
        if (isYaml11BooleanWord(node) && expected.includes('string')) {
          break;
        }
        diagnostics.push(
          makeDiagnostic(
            document,
            valueRange(document.yaml, path) ?? [0, 0],
            DiagnosticSeverity.Error,
            DiagnosticCode.wrongType,
            `Wrong type for ${lastFieldName(path)}: expected ${describeExpected(expected)}, got ${describeValue(valueAtPath(rawData, path.slice(basePath.length)))}.`,
          ),
        );
        break;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const value = valueAtPath(data, localPath);
        diagnostics.push(
          makeDiagnostic(
            document,
            valueRange(document.yaml, path) ?? [0, 0],
            DiagnosticSeverity.Error,
            DiagnosticCode.invalidValue,
            `Invalid value ${JSON.stringify(value)} for ${lastFieldName(path)}: expected one of ${allowed.join(', ')}.`,
            nodeAtPath(document.yaml, path)
              ? {
                  kind: 'replace',
                  replacements: allowed.map((text) => ({
                    title: `Change to ${text === '' ? '""' : text}`,
                    newText: yamlScalar(text),
                  })),
                }
              : undefined,
          ),
        );
        break;
      }
      case 'pattern': {
        const value = valueAtPath(data, localPath);
        const isQuantity = (error.params as { pattern?: string }).pattern === quantityPattern;
        diagnostics.push(
          makeDiagnostic(
            document,
            valueRange(document.yaml, path) ?? [0, 0],
            DiagnosticSeverity.Error,
            isQuantity ? DiagnosticCode.invalidQuantity : DiagnosticCode.invalidValue,
            isQuantity
              ? `Invalid quantity ${JSON.stringify(value)} for ${lastFieldName(path)}: use a number with an optional unit, like 500m, 2 or 1Gi.`
              : `Invalid value ${JSON.stringify(value)} for ${lastFieldName(path)}.`,
          ),
        );
        break;
      }
      default:
        diagnostics.push(genericDiagnostic(document, error, path));
    }
  }
  for (const { path, names } of missingByObject.values()) {
    const owner = resolveOwner(catalog, kind, path.slice(basePath.length));
    const ownerName = owner ? ` in ${shortDefinitionName(owner)}` : '';
    const quoted = names.map((name) => `"${name}"`).join(', ');
    const fields = names.map((name) => ({ name, value: placeholderValue(catalog, owner, name) }));
    diagnostics.push(
      makeDiagnostic(
        document,
        anchorRange(document.yaml, path) ?? [0, 0],
        DiagnosticSeverity.Error,
        DiagnosticCode.missingRequired,
        `Missing required field${names.length > 1 ? 's' : ''} ${quoted}${ownerName}.`,
        {
          kind: 'addFields',
          title: `Add missing required field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`,
          path,
          fields,
        },
      ),
    );
  }
  return diagnostics;
}

function removedFieldDiagnostic(
  document: ManifestDocument,
  path: PathSegment[],
  keyRangeOffsets: [number, number],
  removed: RemovedField,
): Diagnostic {
  const diagnostic = makeDiagnostic(
    document,
    keyRangeOffsets,
    removed.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    DiagnosticCode.removedField,
    removed.history,
  );
  const value = nodeAtPath(document.yaml, path);
  const valueOffsets = rangeOf(value);
  if (removed.replace && isScalar(value) && valueOffsets) {
    const range: [number, number] = [keyRangeOffsets[0], valueOffsets[1]];
    const fix: FixData = {
      kind: 'edits',
      fixes: [
        {
          title: removed.replaceTitle ?? 'Replace',
          edits: [{ range, newText: removed.replace(String(value.value)) }],
        },
      ],
    };
    diagnostic.data = fix;
  }
  return diagnostic;
}

function genericDiagnostic(document: ManifestDocument, error: ErrorObject, path: PathSegment[]): Diagnostic {
  return makeDiagnostic(
    document,
    valueRange(document.yaml, path) ?? [0, 0],
    DiagnosticSeverity.Error,
    DiagnosticCode.invalidValue,
    `Invalid value for ${lastFieldName(path)}: ${error.message ?? 'not allowed by the schema'}.`,
  );
}

/** A scalar as it must be written in YAML to stay a string. */
function yamlScalar(text: string): string {
  return text === '' ||
    /^(?:true|false|yes|no|on|off|y|n|null|~|[-+.\d].*)$/i.test(text) ||
    /[:#{}[\],&*!|>'"%@`]/.test(text)
    ? JSON.stringify(text)
    : text;
}

/** The object definition at a path of a kind, when the schema knows it. */
function resolveOwner(catalog: Catalog, kind: KindData, path: readonly PathSegment[]): string | undefined {
  const location = resolveSchemaPath(catalog, kind, path);
  if (!location) {
    return undefined;
  }
  const resolved = resolveType(catalog, location.type);
  return resolved.kind === 'object' ? resolved.id : undefined;
}

function keyRange(document: ManifestDocument, path: PathSegment[]): [number, number] {
  const pair = pairAtPath(document.yaml, path);
  const range = (pair?.key as Node | undefined)?.range;
  return range ? [range[0], range[1]] : (anchorRange(document.yaml, path.slice(0, -1)) ?? [0, 0]);
}

/** A value to insert for a missing field, shaped by its type. */
export function placeholderValue(catalog: Catalog, ownerId: string | undefined, name: string): string {
  const field = ownerId ? catalog.getDefinition(ownerId)?.properties?.[name] : undefined;
  if (!field) {
    return '""';
  }
  const resolved = resolveType(catalog, catalog.parseType(field.type));
  switch (resolved.kind) {
    case 'scalar':
      if (field.enum?.[0] !== undefined && resolved.name === 'string') {
        return field.enum[0];
      }
      return resolved.name === 'string' ? '""' : resolved.name === 'boolean' ? 'false' : '0';
    case 'array':
      return '[]';
    case 'object':
    case 'map':
      return '{}';
    default:
      return '""';
  }
}

function ruleDiagnostics(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  kind: KindData,
  settings: PodscopeSettings,
  absent: Set<Diagnostic>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of dependencies.rules) {
    const configured = settings.rules[rule.id];
    if (configured === 'off') {
      continue;
    }
    let findings: RuleFinding[];
    try {
      findings = rule.validate({ document, kind, catalog: dependencies.catalog, settings });
    } catch (error) {
      // A broken rule costs its own findings for this document, nothing else; it is logged once.
      if (!dependencies.failedRules.has(rule.id)) {
        dependencies.failedRules.add(rule.id);
        dependencies.log(
          `Rule ${rule.id} failed and was skipped for the document (later failures are not logged): ${(error as Error).stack ?? String(error)}`,
        );
      }
      continue;
    }
    for (const finding of findings) {
      if (onCustomTag(document, finding.range[0])) {
        continue;
      }
      const severity = severities[configured ?? finding.severity ?? rule.defaultSeverity];
      const diagnostic = makeDiagnostic(document, finding.range, severity, rule.id, finding.message);
      if (finding.data) {
        diagnostic.data = finding.data;
      }
      diagnostic.codeDescription = { href: ruleDocumentationUrl(rule.id) };
      if (finding.absence) {
        absent.add(diagnostic);
      }
      diagnostics.push(diagnostic);
    }
  }
  return diagnostics;
}

/**
 * A value with a custom tag (`!Ref ImageParameter`, `!vault secret/x`) is filled in by another
 * tool before Kubernetes sees it: what it holds now says nothing about the pod.
 */
function onCustomTag(document: ManifestDocument, offset: number): boolean {
  const { node } = findNodeAtOffset(document.yaml, offset);
  const tag = (node as { tag?: unknown } | null)?.tag;
  return typeof tag === 'string' && tag.startsWith('!') && !tag.startsWith('!!');
}
