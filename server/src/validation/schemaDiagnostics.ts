/** Translating ajv's schema errors into diagnostics about a manifest. */
import type { ErrorObject } from 'ajv';
import { isScalar } from 'yaml';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { type KindData, fieldsOf, shortDefinitionName } from '../catalog/catalog';
import { DiagnosticCode } from '../common/diagnosticCodes';
import type { FixData } from '../common/fixData';
import type { PathSegment } from '../common/paths';
import { quantityPattern } from '../schema/jsonSchema';
import { type RemovedField, removedField } from '../schema/removedFields';
import { valueAt } from '../common/guards';
import { closestMatch } from '../util/suggest';
import { anchorRange, nodeAtPath, pairAtPath, rangeOf, valueRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { isYaml11BooleanWord, yamlString } from '../yaml/scalars';
import { makeDiagnostic } from './makeDiagnostic';
import {
  describeExpected,
  describeValue,
  isPrefix,
  keyRange,
  lastFieldName,
  pathFromPointer,
  placeholderValue,
  resolveOwner,
  withoutNulls,
} from './schemaSupport';
import type { ValidationDependencies } from './validationStage';

/**
 * The schema errors ajv finds in a document (or a List's item at `basePath`), each translated
 * into one diagnostic that says what is wrong in the manifest's own words, with a fix where
 * there is an obvious one.
 */
export function schemaDiagnostics(
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

  // A value outside a narrowed closed set (jsonSchema.ts, narrowingSchemas) may also be outside
  // the whole set: one diagnostic, with the narrower list.
  const narrowestEnum = new Map<string, number>();
  for (const { error, path } of relevant) {
    if (error.keyword === 'enum') {
      const count = (error.params as { allowedValues: unknown[] }).allowedValues.length;
      const key = JSON.stringify(path);
      narrowestEnum.set(key, Math.min(count, narrowestEnum.get(key) ?? count));
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
            `Wrong type for ${lastFieldName(path)}: expected ${describeExpected(expected)}, got ${describeValue(valueAt(rawData, path.slice(basePath.length)))}.`,
          ),
        );
        break;
      }
      case 'if':
        // A failed `then` or `else` is reported where it failed (an enum error); this only says so.
        break;
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
        if (allowed.length > (narrowestEnum.get(JSON.stringify(path)) ?? allowed.length)) {
          break;
        }
        const value = valueAt(data, localPath);
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
                    newText: yamlString(text),
                  })),
                }
              : undefined,
          ),
        );
        break;
      }
      case 'pattern': {
        const value = valueAt(data, localPath);
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
