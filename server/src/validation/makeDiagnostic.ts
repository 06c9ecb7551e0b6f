/** How every finding of Podscope's becomes an LSP diagnostic. */
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { diagnosticSource } from '../common/diagnosticCodes';
import type { FixData } from '../common/fixData';
import type { ManifestDocument } from '../yaml/manifestFile';

/** A diagnostic over segment-relative offsets [start, end) of the document. */
export function makeDiagnostic(
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
