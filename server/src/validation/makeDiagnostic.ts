/** How every finding of Podscope's becomes an LSP diagnostic. */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnosticSource } from '../common/diagnosticCodes';
import type { FixData, LazyFixData } from '../common/fixData';
import type { RuleSeverity } from '../common/settings';
import type { ManifestDocument } from '../yaml/manifestFile';

/** The LSP severity of a rule's severity (its default, or what the settings give it). */
export const ruleSeverities: Record<Exclude<RuleSeverity, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** A diagnostic over segment-relative offsets [start, end) of the document. */
export function makeDiagnostic(
  document: ManifestDocument,
  range: [number, number],
  severity: DiagnosticSeverity,
  code: string,
  message: string,
  data?: FixData | LazyFixData,
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
