/**
 * The diagnostics of a kustomization file: its own fields (kustomizationFields.ts) and the paths
 * it names (kustomizationPaths.ts), with the severities the settings give each rule.
 */
import { type Diagnostic, DiagnosticTag } from 'vscode-languageserver-types';
import { diagnosticSource } from '../../common/diagnosticCodes';
import type { PodscopeSettings } from '../../common/settings';
import { ruleDocumentationUrl } from '../../rules/ruleDocumentation';
import { ruleSeverities } from '../../validation/makeDiagnostic';
import type { ManifestFile } from '../../yaml/manifestFile';
import { checkKustomizationFields, isKustomizationDocument, kustomizationRules } from './kustomizationFields';
import { checkKustomizationPaths, type PathKind } from './kustomizationPaths';

export function checkKustomization(
  uri: string,
  file: ManifestFile,
  settings: PodscopeSettings,
  pathKind: PathKind | undefined,
): Diagnostic[] {
  const findings = [
    ...file.documents.filter(isKustomizationDocument).flatMap(checkKustomizationFields),
    ...(pathKind ? checkKustomizationPaths(uri, file, pathKind) : []),
  ];
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const configured = settings.rules[finding.code];
    if (configured === 'off') {
      continue;
    }
    const rule = kustomizationRules.find(({ id }) => id === finding.code)!;
    diagnostics.push({
      range: finding.range,
      severity: ruleSeverities[configured ?? rule.defaultSeverity],
      code: finding.code,
      codeDescription: { href: ruleDocumentationUrl(finding.code) },
      source: diagnosticSource,
      message: finding.message,
      ...(finding.code === 'kustomization-deprecated-field' ? { tags: [DiagnosticTag.Deprecated] } : {}),
    });
  }
  return diagnostics;
}
