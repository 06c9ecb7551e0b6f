/** The `code` of every diagnostic Podscope reports outside the rules, and their fix data. */
import type { PathSegment } from './paths';

export const diagnosticSource = 'podscope';

export const DiagnosticCode = {
  yamlSyntax: 'yaml-syntax',
  yamlEscape: 'yaml-escape',
  duplicateKey: 'duplicate-key',
  unknownField: 'unknown-field',
  removedField: 'removed-field',
  wrongType: 'wrong-type',
  invalidValue: 'invalid-value',
  invalidQuantity: 'invalid-quantity',
  missingRequired: 'missing-required',
  unknownKind: 'unknown-kind',
  apiVersionMismatch: 'apiversion-mismatch',
  deprecatedApiVersion: 'deprecated-api-version',
  validationSkipped: 'validation-skipped',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/**
 * What a quick fix needs, carried in `Diagnostic.data`. Edits are computed when the fix is
 * asked for, against the document as it is then.
 */
export type DiagnosticFixData =
  /** Replace the diagnostic's range with one of these texts (each its own quick fix). */
  | { kind: 'replace'; replacements: string[]; titles?: string[] }
  /** Add the missing required fields to the object at a path of the document. */
  | { kind: 'addFields'; path: PathSegment[]; fields: { name: string; value: string }[] };

export function isDiagnosticFixData(value: unknown): value is DiagnosticFixData {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const data = value as { kind?: unknown; replacements?: unknown; path?: unknown; fields?: unknown };
  if (data.kind === 'replace') {
    return Array.isArray(data.replacements) && data.replacements.every((text) => typeof text === 'string');
  }
  if (data.kind === 'addFields') {
    return (
      Array.isArray(data.path) &&
      data.path.every((segment) => typeof segment === 'string' || typeof segment === 'number') &&
      Array.isArray(data.fields)
    );
  }
  return false;
}
