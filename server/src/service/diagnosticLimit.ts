import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode, diagnosticSource } from '../common/diagnosticCodes';
import { groupedDigits } from '../util/text';
import {
  type DiagnosticPart,
  placeAll,
  placeDiagnostic,
  type Placement,
  withFixData,
} from '../validation/validateFile';

/**
 * At most `max` diagnostics of a file to publish (0: all of them): the most severe first —
 * errors, then warnings, information and hints, each in the file's order — and, in the place of
 * the rest, one information diagnostic at the top of the file that says how many are not shown.
 *
 * VS Code does the same to every file's diagnostics beyond 1,000 (`ExtHostDiagnostics`,
 * `_maxDiagnosticsPerFile = 1000` in src/vs/workbench/api/common/extHostDiagnostics.ts, which
 * keeps the first 1,000 by severity and adds "Not showing {0} further errors and warnings."):
 * sending it more costs the time to serialise, send and read them, and shows nothing more. With
 * the default of 1,000 the client gets exactly 1,000 and has nothing to drop.
 */
export function limitDiagnostics(diagnostics: readonly Diagnostic[], max: number): readonly Diagnostic[] {
  if (max <= 0 || diagnostics.length <= max) {
    return diagnostics;
  }
  // Placed already: placing them again at line 0 keeps them as they are.
  return limitPlaced([{ diagnostics, line: 0 }], max);
}

/**
 * `limitDiagnostics` over parts, placing only what it keeps: a file of 16,000 findings publishes
 * 1,000, and the other 15,000 are never moved to their lines nor given their quick fixes' edits.
 */
export function limitPlaced(
  parts: readonly DiagnosticPart[],
  max: number,
  placement: Placement = withFixData,
): Diagnostic[] {
  const total = parts.reduce((sum, part) => sum + part.diagnostics.length, 0);
  if (max <= 0 || total <= max) {
    return placeAll(parts, placement);
  }
  // Loops by index, not `for…of`: this runs once per keystroke, too seldom for V8 to optimise
  // away an iterator's result objects, two for each of the 1 MB file's 1,713 parts and more for
  // its 1,000 diagnostics (3 MB of every 20 validations, in the allocation profile).
  // How many of each severity, counted once per list: a document's list is kept with its parse.
  const partCounts = parts.map((part) => severityCounts(part.diagnostics));
  const counts = [0, 0, 0, 0, 0];
  for (let index = 0; index < partCounts.length; index++) {
    const partCount = partCounts[index]!;
    for (let severity = DiagnosticSeverity.Error; severity <= DiagnosticSeverity.Hint; severity++) {
      counts[severity]! += partCount[severity]!;
    }
  }
  const kept: Diagnostic[] = [];
  const shown = max - 1;
  // The severity of the last diagnostic taken, and how many of that severity are taken.
  let cutSeverity: number = DiagnosticSeverity.Hint;
  let ofCutSeverity = 0;
  let taken = 0;
  for (let severity = DiagnosticSeverity.Error; severity <= DiagnosticSeverity.Hint; severity++) {
    if (taken + counts[severity]! >= shown) {
      cutSeverity = severity;
      ofCutSeverity = shown - taken;
      break;
    }
    taken += counts[severity]!;
  }
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    // A part with nothing at or above the cut (or at the cut once its quota is taken) is skipped.
    const partCount = partCounts[index]!;
    let wanted = ofCutSeverity > 0 ? partCount[cutSeverity]! : 0;
    for (let severity = DiagnosticSeverity.Error; severity < cutSeverity; severity++) {
      wanted += partCount[severity]!;
    }
    if (wanted === 0) {
      continue;
    }
    const { diagnostics } = part;
    for (let at = 0; at < diagnostics.length; at++) {
      const diagnostic = diagnostics[at]!;
      const severity = severityOf(diagnostic);
      if (severity < cutSeverity || (severity === cutSeverity && ofCutSeverity-- > 0)) {
        kept.push(placeDiagnostic(diagnostic, part.line, placement));
      }
    }
  }
  const hidden = total - kept.length;
  kept.unshift({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: DiagnosticCode.problemsLimited,
    source: diagnosticSource,
    message: `${groupedDigits(total)} problems in this file; not showing ${groupedDigits(hidden)} of the least severe. Set podscope.diagnostics.maxPerFile to change the limit of ${groupedDigits(max)} (VS Code shows at most 1,000 per file).`,
  });
  return kept;
}

/**
 * The diagnostics of each severity in a list (index 1 to 4). Kept for a frozen list (a document's
 * findings, kept with its parse: validateFile's diagnosticsOf), which cannot change; counted
 * again for any other.
 */
const countsByList = new WeakMap<readonly Diagnostic[], readonly number[]>();

function severityCounts(diagnostics: readonly Diagnostic[]): readonly number[] {
  const cached = countsByList.get(diagnostics);
  if (cached) {
    return cached;
  }
  const counts = [0, 0, 0, 0, 0];
  for (const diagnostic of diagnostics) {
    counts[severityOf(diagnostic)]!++;
  }
  if (Object.isFrozen(diagnostics)) {
    countsByList.set(diagnostics, counts);
  }
  return counts;
}

/** LSP: a diagnostic without a severity is for the client to decide; VS Code makes it an error. */
function severityOf(diagnostic: Diagnostic): number {
  const severity = diagnostic.severity ?? DiagnosticSeverity.Error;
  return severity >= DiagnosticSeverity.Error && severity <= DiagnosticSeverity.Hint
    ? severity
    : DiagnosticSeverity.Error;
}
