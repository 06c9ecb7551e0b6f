/**
 * What is left out of a document's findings: those silenced by a comment, and those that
 * cannot be judged yet because the text is incomplete (a Helm template, a Kustomize patch).
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../common/diagnosticCodes';
import { isPartialManifest, type KustomizeContext } from '../common/kustomizeContext';
import { anchorRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { makeDiagnostic } from './makeDiagnostic';
import type { DocumentFindings, Finding } from './validationStage';

const suppressionComment = /^\s*#\s*podscope-disable-next-line\b(.*)$/;

/**
 * `# podscope-disable-next-line [id, …]` silences the listed rules (all, without ids) for
 * findings that start on the next line.
 */
export function withoutSuppressed(
  document: ManifestDocument,
  findings: readonly Finding[],
): readonly Finding[] {
  const suppressed = suppressions(document);
  if (suppressed.size === 0) {
    return findings;
  }
  return findings.filter(({ diagnostic }) => {
    const ids = suppressed.get(diagnostic.range.start.line);
    return !ids || (ids.size > 0 && !ids.has(String(diagnostic.code)));
  });
}

/** The suppression comments of a document: by the line they apply to, relative to the segment. */
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

/**
 * In a Helm template, the template expressions were blanked out before parsing: what they
 * produce is unknown until rendering. So YAML syntax errors, findings on template lines, and
 * findings about absent things are dropped; what stands around the templates is still checked.
 * Findings in the body of a `{{define}}` are dropped too: that text is rendered only where the
 * template is included, inside another document (yaml/templateBranches.ts).
 * In a partial manifest (a Kustomize patch), only findings about absent things are dropped; in a
 * file that looks like a patch but that no kustomization uses, one information diagnostic says
 * why they are not reported.
 */
export function withoutIncompleteFindings(
  document: ManifestDocument,
  results: DocumentFindings,
  templateLines: ReadonlySet<number> | undefined,
  kustomize: KustomizeContext | undefined,
  /**
   * In a template, where its capability guards say the text cannot render on the target
   * (capabilityGuards.ts): findings there are dropped.
   */
  cannotRender?: (offset: number) => boolean,
): DocumentFindings {
  const partial = isPartialManifest(kustomize);
  if (!templateLines && !partial) {
    return results;
  }
  const branches = templateLines ? document.segment.templateBranches : undefined;
  const dropped = (offset: number): boolean =>
    (branches?.inDefinition(offset) ?? false) ||
    (templateLines !== undefined && (cannotRender?.(offset) ?? false));
  const kept = results.findings
    .filter(
      ({ diagnostic, absence }) =>
        !absence &&
        !templateLines?.has(diagnostic.range.start.line) &&
        !dropped(document.segment.offsetAt(diagnostic.range.start.line, diagnostic.range.start.character)),
    )
    .map((finding) => (templateLines ? withTemplateMessage(document, finding) : finding));
  // A Helm template's missing fields are dropped for its own reason (the templates fill them).
  const unusedPatch =
    kustomize?.role === 'unused-patch' && !templateLines && results.findings.some(({ absence }) => absence);
  return {
    kubernetes: results.kubernetes,
    syntax: templateLines ? [] : results.syntax,
    findings: unusedPatch ? [unusedPatchFinding(document), ...kept] : kept,
  };
}

/** A finding about a template, its message naming template values by their text (`{{ .Values.name }}`). */
function withTemplateMessage(document: ManifestDocument, finding: Finding): Finding {
  const { message } = finding.diagnostic;
  if (typeof message !== 'string') {
    return finding;
  }
  const shown = document.segment.withTemplateText(message);
  return shown === message ? finding : { ...finding, diagnostic: { ...finding.diagnostic, message: shown } };
}

/** Said once per document, on its kind: the missing fields left unreported, and why. */
function unusedPatchFinding(document: ManifestDocument): Finding {
  return {
    diagnostic: makeDiagnostic(
      document,
      anchorRange(document.yaml, ['kind']) ?? [0, 0],
      DiagnosticSeverity.Information,
      DiagnosticCode.unusedPatch,
      'This looks like a Kustomize patch (its name or folder says "patch"), but no kustomization ' +
        'near it uses it: fields it leaves out are not reported. List it under `patches:` in a ' +
        'kustomization.yaml, or complete it as a manifest of its own.',
    ),
  };
}
