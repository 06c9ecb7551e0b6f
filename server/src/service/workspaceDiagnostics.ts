/**
 * The diagnostics of the rules across files (workspace/workspaceRules.ts) for one file, with the
 * severities the settings give them. Computed on every check of the file, after the cached
 * per-document pipeline: they depend on the other files, not only on this one's parse.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticSource } from '../common/diagnosticCodes';
import type { PodscopeSettings } from '../common/settings';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { ruleSeverities } from '../validation/makeDiagnostic';
import type { FileResources } from '../workspace/fileResources';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { workspaceRules } from '../workspace/workspaceRules';
import type { ManifestFile } from '../yaml/manifestFile';

export function checkWorkspace(
  index: WorkspaceIndex,
  uri: string,
  file: ManifestFile,
  /** The file's entry in the index, just put there from the current text. */
  resources: FileResources,
  settings: PodscopeSettings,
  /** A kustomization builds the file. */
  kustomized = false,
): Diagnostic[] {
  // A Helm template's names are unknown until rendering; a kustomization names no pod's objects.
  if (isKustomizationPath(uri) || file.segments.some(({ segment }) => segment.templateLines)) {
    return [];
  }
  if (resources.references.length === 0 && !resources.declarations.some(({ selector }) => selector)) {
    return [];
  }
  const diagnostics: Diagnostic[] = [];
  for (const rule of workspaceRules) {
    const configured = settings.rules[rule.id];
    if (configured === 'off') {
      continue;
    }
    for (const finding of rule.validate({ uri, resources, index, kustomized })) {
      diagnostics.push({
        // A copy: the range is an index entry's, which a later edit above it moves in place.
        range: { start: { ...finding.range.start }, end: { ...finding.range.end } },
        severity: ruleSeverities[configured ?? rule.defaultSeverity],
        code: rule.id,
        codeDescription: { href: ruleDocumentationUrl(rule.id) },
        source: diagnosticSource,
        message: finding.message,
        ...(finding.data ? { data: finding.data } : {}),
      });
    }
  }
  return diagnostics;
}
