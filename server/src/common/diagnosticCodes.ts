/** The `code` of every diagnostic Podscope reports outside the rules (their fix data: fixData.ts). */

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
  /** An apiVersion and kind that the target Kubernetes release no longer serves (kubernetes/apiLifecycle.ts). */
  removedApi: 'removed-api',
  /** An apiVersion and kind that the target Kubernetes release does not serve yet. */
  newerApi: 'newer-api',
  /** A field the target Kubernetes minor does not have: added later or removed (validation/versionStage.ts). */
  fieldNotInTarget: 'field-not-in-target',
  /** An enum value the target Kubernetes minor does not have (validation/versionStage.ts). */
  valueNotInTarget: 'value-not-in-target',
  validationSkipped: 'validation-skipped',
  /** A file has more diagnostics than `podscope.diagnostics.maxPerFile`: the most severe are published. */
  problemsLimited: 'problems-limited',
  unusedPatch: 'unused-patch',
  /** A custom resource breaks an `x-kubernetes-validations` (CEL) rule of its CRD. */
  validationRule: 'validation-rule',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];
