/**
 * The custom resource stage: a document whose apiVersion and kind are a custom resource type
 * (a workspace CRD's, or the bundled pack's) checked against that CRD version's schema, with the
 * words, codes and quick fixes of the built-in kinds' schema diagnostics (schemaDiagnostics.ts):
 * an unknown field in a Certificate reads and fixes like one in a Deployment.
 *
 * What is checked, and why, is in schema/customResourceSchema.ts; `metadata` (the resource's and
 * an embedded resource's) is checked as the catalog's ObjectMeta, whatever the CRD says of it,
 * as the API server decodes it into metav1.ObjectMeta (k8s.io/apiextensions-apiserver
 * pkg/apiserver/customresource_handler.go, unstructuredSchemaCoercer.apply:
 * GetObjectMetaWithOptions, strict). A deprecated version is a warning at apiVersion, with the
 * warning the API server sends.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { KindData } from '../catalog/catalog';
import type { CustomResourceType } from '../common/customResources';
import { DiagnosticCode } from '../common/diagnosticCodes';
import type { FixData } from '../common/fixData';
import { type JsonObject, isJsonObject, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import {
  type CompiledCustomResourceSchema,
  type CustomResourceSchemaError,
  checkCustomResource,
  compileCustomResourceSchema,
  objectMetaDefinition,
} from '../schema/customResourceSchema';
import { closestMatch } from '../util/suggest';
import { anchorRange, nodeAtPath, pairAtPath, valueRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { yamlString } from '../yaml/scalars';
import { dns1123SubdomainError, labelKeyError, labelValueError } from '../kubernetes/names';
import type { PodscopeSettings } from '../common/settings';
import { invalidName } from '../rules/invalidName';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { makeDiagnostic, ruleSeverities } from './makeDiagnostic';
import { schemaDiagnostics } from './schemaDiagnostics';
import { kustomized } from './schemaStage';
import { describeExpected, describeValue, isPrefix, keyRange, lastFieldName } from './schemaSupport';
import type { DocumentContext, Finding, ValidationDependencies, ValidationStage } from './validationStage';

/** Compiled schemas kept at once: the types a session's open files use, most recently used last. */
export const compiledSchemaCacheSize = 64;

/**
 * Compiled schemas by schema object: a CRD's schema is the same object for as long as its
 * document is not edited (it is read once per parse), and a bundled type's is read once; an
 * edited CRD gives a new object, compiled on its first use.
 */
const compiledSchemas = new Map<JsonObject, CompiledCustomResourceSchema>();

export function compiledSchemaOf(schema: JsonObject): CompiledCustomResourceSchema {
  let compiled = compiledSchemas.get(schema);
  if (compiled) {
    compiledSchemas.delete(schema);
  } else {
    compiled = compileCustomResourceSchema(schema);
    if (compiledSchemas.size >= compiledSchemaCacheSize) {
      compiledSchemas.delete(compiledSchemas.keys().next().value!);
    }
  }
  compiledSchemas.set(schema, compiled);
  return compiled;
}

/** The number of compiled schemas kept (for tests of the cache's bound). */
export function compiledSchemaCount(): number {
  return compiledSchemas.size;
}

export const customResourceStage: ValidationStage = {
  validate({
    dependencies,
    document,
    settings,
    customResource,
    kustomize,
    structurallySound,
  }: DocumentContext): Finding[] {
    if (!customResource) {
      return [];
    }
    const findings: Finding[] = [];
    if (customResource.deprecated) {
      const types = dependencies.customResources?.(settings).list() ?? [];
      findings.push({ diagnostic: deprecationDiagnostic(document, customResource, types) });
    }
    const schema = customResource.schema();
    const written = structurallySound ? document.toJS() : undefined;
    if (!schema || written === undefined) {
      return findings;
    }
    const data = kustomized(written, kustomize);
    const errors = checkCustomResource(compiledSchemaOf(schema), data);
    const schemaFindings = [
      ...errorFindings(dependencies, document, customResource, data, errors),
      ...celFindings(dependencies, document, schema, data),
    ];
    findings.push(...bundledJudgement(customResource, schemaFindings));
    findings.push(...nameFindings(document, data, settings));
    return findings;
  },
};

/**
 * A bundled schema is one release of its project (the pack's), and the cluster may run another:
 * a field that release lacks may be valid in the user's. Its findings are warnings that name the
 * release, so that a project's CRD in the workspace (which wins, and whose findings are errors)
 * is the way to exact checks. A workspace CRD's findings are left as they are.
 */
function bundledJudgement(type: CustomResourceType, findings: Finding[]): Finding[] {
  const { source } = type;
  if (source.kind !== 'bundled') {
    return findings;
  }
  const release = ` (bundled schema of ${source.project} ${source.projectVersion.split(' ')[0]!})`;
  return findings.map((finding) => {
    const { diagnostic } = finding;
    return {
      ...finding,
      diagnostic: {
        ...diagnostic,
        severity:
          diagnostic.severity === DiagnosticSeverity.Error ? DiagnosticSeverity.Warning : diagnostic.severity,
        message:
          typeof diagnostic.message === 'string'
            ? `${diagnostic.message}${release}`
            : { ...diagnostic.message, value: `${diagnostic.message.value}${release}` },
      },
    };
  });
}

/**
 * customresource_handler.go, defaultDeprecationWarning: "<group>/<version> <Kind> is
 * deprecated", and "; use <group>/<version> <Kind>" with the newest served version that is not
 * deprecated and is newer (CompareKubeAwareVersionStrings); the CRD's own deprecationWarning
 * instead when it has one.
 */
function deprecationDiagnostic(
  document: ManifestDocument,
  type: CustomResourceType,
  types: readonly CustomResourceType[],
): Diagnostic {
  const { apiVersionNode } = document.identity;
  const range: [number, number] = apiVersionNode?.range
    ? [apiVersionNode.range[0], apiVersionNode.range[1]]
    : (anchorRange(document.yaml, ['apiVersion']) ?? [0, 0]);
  const successor = newerVersionOf(type, types);
  const message =
    type.deprecationWarning ??
    `${type.apiVersion} ${type.kind} is deprecated${successor ? `; use ${successor} ${type.kind}` : ''}`;
  return makeDiagnostic(
    document,
    range,
    DiagnosticSeverity.Warning,
    DiagnosticCode.deprecatedApiVersion,
    message,
    successor
      ? {
          kind: 'replace',
          replacements: [{ title: `Change apiVersion to ${successor}`, newText: successor }],
        }
      : undefined,
  );
}

/** The newest served, not deprecated version of the same CRD that is newer than the type's. */
function newerVersionOf(type: CustomResourceType, types: readonly CustomResourceType[]): string | undefined {
  const newer = types
    .filter(
      (other) =>
        other.group === type.group &&
        other.kind === type.kind &&
        sameSource(other, type) &&
        !other.deprecated &&
        compareKubeAwareVersions(type.version, other.version) < 0,
    )
    .sort((a, b) => compareKubeAwareVersions(b.version, a.version));
  return newer[0]?.apiVersion;
}

function sameSource(a: CustomResourceType, b: CustomResourceType): boolean {
  return a.source.kind === 'workspace'
    ? b.source.kind === 'workspace' && a.source.uri === b.source.uri && a.source.line === b.source.line
    : b.source.kind === 'bundled' && a.source.package === b.source.package;
}

/**
 * k8s.io/apimachinery/pkg/version CompareKubeAwareVersionStrings: kube-like versions
 * (v<major>[alpha|beta<minor>]) sort GA > beta > alpha, then by major, then by minor, above
 * other strings, which sort lexicographically. Negative when `a` is older than `b`.
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const match = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/.exec(version);
    return match
      ? {
          major: Number(match[1]),
          stability: match[2] === 'alpha' ? 0 : match[2] === 'beta' ? 1 : 2,
          minor: match[3] ? Number(match[3]) : 0,
        }
      : undefined;
  };
  const left = parse(a);
  const right = parse(b);
  if (!left || !right) {
    if (left) {
      return 1;
    }
    if (right) {
      return -1;
    }
    return a < b ? 1 : a > b ? -1 : 0;
  }
  return left.stability - right.stability || left.major - right.major || left.minor - right.minor;
}

/**
 * The findings of the schema's errors, one per mistake. Those about something absent (a
 * missing field, too few items, unmatched alternatives) are marked so: a Helm template's or a
 * Kustomize patch's are dropped (filters.ts), as other findings that the text alone cannot support.
 */
function errorFindings(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  type: CustomResourceType,
  data: unknown,
  errors: readonly CustomResourceSchemaError[],
): Finding[] {
  // A value of the wrong type hides what is wrong inside it.
  const typePaths = errors.filter((error) => error.keyword === 'type').map((error) => error.path);
  const relevant = errors.filter(
    (error) => !typePaths.some((path) => path.length < error.path.length && isPrefix(path, error.path)),
  );
  const suggestions = new Map<string, string | undefined>();
  const suggestionOf = (error: { path: PathSegment[]; field: string; known: readonly string[] }) => {
    const key = JSON.stringify([...error.path, error.field]);
    if (!suggestions.has(key)) {
      suggestions.set(key, closestMatch(error.field, error.known));
    }
    return suggestions.get(key);
  };
  const findings: Finding[] = [];
  const report = (diagnostic: Diagnostic, absence = false): void => {
    findings.push(absence ? { diagnostic, absence } : { diagnostic });
  };
  const missingByObject = new Map<
    string,
    { path: PathSegment[]; fields: { name: string; value: string }[] }
  >();
  for (const error of relevant) {
    const { path } = error;
    switch (error.keyword) {
      case 'unknownField': {
        const suggestion = suggestionOf(error);
        const owner = ` in ${fieldPathName(type, path)}`;
        report(
          makeDiagnostic(
            document,
            keyRange(document, [...path, error.field]),
            DiagnosticSeverity.Error,
            DiagnosticCode.unknownField,
            suggestion
              ? `Unknown field "${error.field}"${owner}; did you mean "${suggestion}"?`
              : `Unknown field "${error.field}"${owner}.`,
            // No fix for a field that is not written here (it came with a merge key `<<`).
            suggestion && pairAtPath(document.yaml, [...path, error.field])
              ? {
                  kind: 'replace',
                  replacements: [{ title: `Rename to "${suggestion}"`, newText: suggestion }],
                }
              : undefined,
          ),
        );
        break;
      }
      case 'required': {
        // A misspelled required field is already reported, with the fix, as an unknown field.
        const misspelled = relevant.some(
          (other) =>
            other.keyword === 'unknownField' &&
            isPrefix(other.path, path) &&
            other.path.length === path.length &&
            suggestionOf(other) === error.field,
        );
        if (misspelled) {
          break;
        }
        const key = JSON.stringify(path);
        const entry = missingByObject.get(key) ?? { path, fields: [] };
        entry.fields.push({ name: error.field, value: placeholderValue(error.schema) });
        missingByObject.set(key, entry);
        break;
      }
      case 'type':
        report(
          makeDiagnostic(
            document,
            valueRange(document.yaml, path) ?? [0, 0],
            DiagnosticSeverity.Error,
            DiagnosticCode.wrongType,
            `Wrong type for ${lastFieldName(path)}: expected ${describeExpected(error.expected)}, got ${describeValue(valueAt(data, path))}.`,
          ),
        );
        break;
      case 'enum': {
        const allowed = error.allowed.map((value) =>
          typeof value === 'string' ? value : JSON.stringify(value),
        );
        const fix: FixData | undefined = nodeAtPath(document.yaml, path)
          ? {
              kind: 'replace',
              replacements: error.allowed.map((value) => ({
                title: `Change to ${value === '' ? '""' : typeof value === 'string' ? value : JSON.stringify(value)}`,
                newText: typeof value === 'string' ? yamlString(value) : JSON.stringify(value),
              })),
            }
          : undefined;
        report(
          makeDiagnostic(
            document,
            valueRange(document.yaml, path) ?? [0, 0],
            DiagnosticSeverity.Error,
            DiagnosticCode.invalidValue,
            `Invalid value ${JSON.stringify(valueAt(data, path))} for ${lastFieldName(path)}: expected one of ${allowed.join(', ')}.`,
            fix,
          ),
        );
        break;
      }
      case 'value': {
        const value = valueAt(data, path);
        // A scalar shows at its value; an object, a list, or a field the text does not have (a
        // rule's fieldPath may name one) at its nearest written key.
        const scalar = value !== undefined && (value === null || typeof value !== 'object');
        report(
          makeDiagnostic(
            document,
            (scalar ? valueRange(document.yaml, path) : anchorRange(document.yaml, path)) ?? [0, 0],
            DiagnosticSeverity.Error,
            DiagnosticCode.invalidValue,
            scalar
              ? `Invalid value ${JSON.stringify(value)} for ${lastFieldName(path)}: ${error.message}.`
              : `Invalid value for ${lastFieldName(path)}: ${error.message}.`,
          ),
          error.absence === true,
        );
        break;
      }
      case 'objectMeta':
        // ObjectMeta's required fields (an owner reference's uid…) are as absent as any other.
        for (const diagnostic of objectMetaDiagnostics(dependencies, document, data, path)) {
          report(diagnostic, diagnostic.code === DiagnosticCode.missingRequired);
        }
        break;
    }
  }
  for (const { path, fields } of missingByObject.values()) {
    const names = fields.map((field) => field.name);
    const quoted = names.map((name) => `"${name}"`).join(', ');
    report(
      makeDiagnostic(
        document,
        anchorRange(document.yaml, path) ?? [0, 0],
        DiagnosticSeverity.Error,
        DiagnosticCode.missingRequired,
        `Missing required field${names.length > 1 ? 's' : ''} ${quoted} in ${fieldPathName(type, path)}.`,
        {
          kind: 'addFields',
          title: `Add missing required field${names.length > 1 ? 's' : ''}: ${names.join(', ')}`,
          path,
          fields,
        },
      ),
      true,
    );
  }
  return findings;
}

/**
 * An ObjectMeta (the resource's, or an embedded resource's) against the catalog's definition:
 * the built-in schema diagnostics, with the built-in words ("Unknown field "lables" in
 * ObjectMeta; did you mean "labels"?").
 */
function objectMetaDiagnostics(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  data: unknown,
  path: PathSegment[],
): Diagnostic[] {
  if (!dependencies.catalog.getDefinition(objectMetaDefinition)) {
    return [];
  }
  const objectMeta: KindData = {
    group: '',
    version: 'v1',
    kind: 'ObjectMeta',
    definition: objectMetaDefinition,
    resource: '',
  };
  return schemaDiagnostics(dependencies, document, objectMeta, valueAt(data, path), path);
}

/** `Certificate.spec.privateKey`: where a field is, as kubectl explain names it. */
function fieldPathName(type: CustomResourceType, path: readonly PathSegment[]): string {
  return [type.kind, ...path.filter((segment): segment is string => typeof segment === 'string')].join('.');
}

/** A value to insert for a missing field, shaped by its schema's type. */
function placeholderValue(schema: JsonObject | undefined): string {
  if (schema?.['x-kubernetes-int-or-string'] === true) {
    return '""';
  }
  const firstEnum: unknown = Array.isArray(schema?.enum) ? (schema.enum as unknown[])[0] : undefined;
  switch (schema?.type) {
    case 'string':
      return typeof firstEnum === 'string' && firstEnum !== '' ? yamlString(firstEnum) : '""';
    case 'boolean':
      return 'false';
    case 'integer':
    case 'number':
      return typeof firstEnum === 'number' ? String(firstEnum) : '0';
    case 'array':
      return '[]';
    case 'object':
      return '{}';
    default:
      return '""';
  }
}

/**
 * The invalid-name rule's checks that hold for every object, made here because the rules run
 * only for the catalog's kinds: a custom resource's name is a DNS-1123 subdomain and its labels
 * are qualified names (k8s.io/apiextensions-apiserver pkg/registry/customresource/validator.go,
 * validateObjectMetaDeclaratively with NameIsDNSSubdomain). Same id, words and settings as the rule.
 */
function nameFindings(document: ManifestDocument, data: unknown, settings: PodscopeSettings): Finding[] {
  const configured = settings.rules[invalidName.id];
  if (configured === 'off') {
    return [];
  }
  const severity = ruleSeverities[configured ?? invalidName.defaultSeverity];
  const findings: Finding[] = [];
  const report = (range: [number, number], message: string): void => {
    const diagnostic = makeDiagnostic(document, range, severity, invalidName.id, message);
    diagnostic.codeDescription = { href: ruleDocumentationUrl(invalidName.id) };
    findings.push({ diagnostic });
  };
  const name = valueAt(data, ['metadata', 'name']);
  const nameError =
    typeof name === 'string' && name !== '' && !isTemplated(name) ? dns1123SubdomainError(name) : undefined;
  if (nameError) {
    report(
      valueRange(document.yaml, ['metadata', 'name']) ?? [0, 0],
      `Name "${String(name)}" is not a valid DNS-1123 subdomain: ${nameError}. Rename it.`,
    );
  }
  const labels = valueAt(data, ['metadata', 'labels']);
  for (const [key, value] of isJsonObject(labels) ? Object.entries(labels) : []) {
    if (isTemplated(key) || (typeof value === 'string' && isTemplated(value))) {
      continue;
    }
    const keyError = labelKeyError(key);
    if (keyError) {
      report(
        keyRange(document, ['metadata', 'labels', key]),
        `Label key "${key}" is invalid: ${keyError}. Rename it.`,
      );
    }
    const valueError = typeof value === 'string' ? labelValueError(value) : undefined;
    if (valueError) {
      report(
        valueRange(document.yaml, ['metadata', 'labels', key]) ?? [0, 0],
        `Label value "${String(value)}" for "${key}" is invalid: ${valueError}. Change it.`,
      );
    }
  }
  return findings;
}

/**
 * Where a finding at `path` shows: the path's own key, or else its nearest ancestor written in the
 * text (a rule's fieldPath, or a field its schema defaults, may name what the text does not have).
 */
function nearestAnchor(document: ManifestDocument, path: readonly PathSegment[]): [number, number] {
  for (let length = path.length; length > 0; length--) {
    const prefix = path.slice(0, length);
    if (nodeAtPath(document.yaml, prefix) !== undefined) {
      return anchorRange(document.yaml, prefix) ?? [0, 0];
    }
  }
  return anchorRange(document.yaml, ['kind']) ?? [0, 0];
}

/** Text a tool fills in before the API server sees it (`$VAR`, `${VAR}`, `{{ }}`), as the rule judges it. */
function isTemplated(text: string): boolean {
  return /\$[A-Za-z_{(]|\{\{/.test(text);
}

/**
 * The CEL rules' violations (ValidationDependencies.celRules), each an error at its path with
 * the rule's message. A failing evaluator costs its findings for this document, nothing else.
 */
function celFindings(
  dependencies: ValidationDependencies,
  document: ManifestDocument,
  schema: JsonObject,
  data: unknown,
): Finding[] {
  const celRules = dependencies.celRules;
  if (!celRules || !isJsonObject(data)) {
    return [];
  }
  let violations;
  try {
    violations = celRules(schema, data);
  } catch (error) {
    dependencies.log(`CEL validation failed for the document: ${(error as Error).stack ?? String(error)}`);
    return [];
  }
  return violations.map((violation) => {
    const value = valueAt(data, violation.path);
    // A scalar shows at its value; an object, a list, or a field the text does not have (a
    // rule's fieldPath may name one) at its nearest written key.
    const scalar = value !== undefined && (value === null || typeof value !== 'object');
    const range =
      (scalar ? valueRange(document.yaml, violation.path) : undefined) ??
      nearestAnchor(document, violation.path);
    return {
      diagnostic: makeDiagnostic(
        document,
        range,
        DiagnosticSeverity.Error,
        DiagnosticCode.validationRule,
        // A rule without a message: the API server says "failed rule: <rule>"
        // (pkg/apiserver/schema/cel/validation.go, ruleMessageOrDefault).
        violation.message === '' ? `failed rule: ${violation.rule}` : violation.message,
      ),
    };
  });
}
