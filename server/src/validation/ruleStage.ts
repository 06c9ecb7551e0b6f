/**
 * The rule runner: every enabled lint rule over a document whose kind the catalog knows, with
 * the severity the settings give it. A rule that throws costs its own findings, nothing else.
 */
import type { CodeDescription } from 'vscode-languageserver-types';
import type { RuleContext, RuleFinding } from '../rules/rule';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { findNodeAtOffset } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { makeDiagnostic, ruleSeverities } from './makeDiagnostic';
import type { DocumentContext, Finding, ValidationStage } from './validationStage';

export const ruleStage: ValidationStage = {
  validate({
    dependencies,
    document,
    kind,
    settings,
    kustomize,
    structurallySound,
  }: DocumentContext): Finding[] {
    // A List's items are checked against their schemas only; plain data is what rules read.
    if (!kind || !structurallySound || kind.kind === 'List' || document.toJS() === undefined) {
      return [];
    }
    const results: Finding[] = [];
    // A custom tag starts with `!`: a document without one has no finding to leave out for it.
    const mayHoldCustomTags = document.segment.text.includes('!');
    // One context for every rule (its fields are read-only): not one object, and a spread, per rule.
    const context: RuleContext = kustomize
      ? { document, kind, catalog: dependencies.catalog, settings, kustomize }
      : { document, kind, catalog: dependencies.catalog, settings };
    for (const rule of dependencies.rules) {
      const configured = settings.rules[rule.id];
      if (configured === 'off') {
        continue;
      }
      let findings: RuleFinding[];
      try {
        findings = rule.validate(context);
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
        if (mayHoldCustomTags && onCustomTag(document, finding.range[0])) {
          continue;
        }
        const severity = ruleSeverities[configured ?? finding.severity ?? rule.defaultSeverity];
        const diagnostic = makeDiagnostic(
          document,
          finding.range,
          severity,
          rule.id,
          finding.message,
          finding.data,
        );
        diagnostic.codeDescription = codeDescriptionOf(rule.id);
        results.push({ diagnostic, absence: rule.judgesAbsence === true || finding.absence === true });
      }
    }
    return results;
  },
};

/**
 * One link to each rule's documentation, shared by all its diagnostics (frozen): a large file has
 * thousands of findings of a few rules, and each kept its own copy of the same URL.
 */
const codeDescriptions = new Map<string, CodeDescription>();

function codeDescriptionOf(ruleId: string): CodeDescription {
  let description = codeDescriptions.get(ruleId);
  if (!description) {
    description = Object.freeze({ href: ruleDocumentationUrl(ruleId) });
    codeDescriptions.set(ruleId, description);
  }
  return description;
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
