/**
 * The YAML parser's own report on a document: syntax errors, duplicate keys and warnings, and
 * the escape that go-yaml accepts but YAML does not.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticCode } from '../common/diagnosticCodes';
import type { FixData } from '../common/fixData';
import type { ManifestDocument } from '../yaml/manifestFile';
import { makeDiagnostic } from './makeDiagnostic';

export function syntaxDiagnostics(document: ManifestDocument): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const error of document.yaml.errors) {
    if (isAcceptedEscape(document, error)) {
      diagnostics.push(acceptedEscapeDiagnostic(document, error.pos));
      continue;
    }
    const duplicate = error.code === 'DUPLICATE_KEY';
    diagnostics.push(
      makeDiagnostic(
        document,
        duplicate ? keyTokenRange(document, error.pos[0]) : error.pos,
        DiagnosticSeverity.Error,
        duplicate ? DiagnosticCode.duplicateKey : DiagnosticCode.yamlSyntax,
        duplicate ? `Duplicate key: ${duplicateKeyName(document, error.pos)}` : firstLine(error.message),
      ),
    );
  }
  for (const warning of document.yaml.warnings) {
    // Custom tags (!Ref, !vault) are someone else's business; everything else is worth a note.
    if (warning.code !== 'TAG_RESOLVE_FAILED') {
      diagnostics.push(
        makeDiagnostic(
          document,
          warning.pos,
          DiagnosticSeverity.Warning,
          DiagnosticCode.yamlSyntax,
          firstLine(warning.message),
        ),
      );
    }
  }
  return diagnostics;
}

/**
 * `\'` in a double-quoted string is not a YAML escape, and the `yaml` package rejects it; but
 * go-yaml, which Kubernetes uses, reads it as a single quote. Kubernetes accepts the file, so
 * this is a warning (other YAML tools will fail on it), and the document is still checked.
 */
function isAcceptedEscape(
  document: ManifestDocument,
  error: { code: string; pos: [number, number] },
): boolean {
  return (
    error.code === 'BAD_DQ_ESCAPE' && document.segment.text.slice(error.pos[0], error.pos[0] + 2) === "\\'"
  );
}

function acceptedEscapeDiagnostic(document: ManifestDocument, pos: [number, number]): Diagnostic {
  const range: [number, number] = [pos[0], pos[0] + 2];
  const diagnostic = makeDiagnostic(
    document,
    range,
    DiagnosticSeverity.Warning,
    DiagnosticCode.yamlEscape,
    "\\' is not a valid YAML escape: Kubernetes reads it as ', but other YAML tools reject the file. Write ' without the backslash.",
  );
  const fix: FixData = {
    kind: 'edits',
    fixes: [{ title: "Replace \\' with '", edits: [{ range, newText: "'" }] }],
  };
  diagnostic.data = fix;
  return diagnostic;
}

/** The whole key that starts at an offset (errors point at its first character). */
function keyTokenRange(document: ManifestDocument, start: number): [number, number] {
  const rest = document.segment.text.slice(start);
  const token = /^(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\n#]*?(?=\s*:(?:\s|$)))/.exec(rest)?.[0] ?? '';
  return [start, start + Math.max(1, token.length)];
}

function duplicateKeyName(document: ManifestDocument, pos: [number, number]): string {
  const range = keyTokenRange(document, pos[0]);
  const text = document.segment.text.slice(range[0], range[1]).trim();
  return text ? `"${text}" appears more than once in this map.` : 'a key appears more than once in this map.';
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Whether a document's content can be judged despite its syntax findings: broken YAML would
 * make every finding about the content a guess, so only duplicate keys and the accepted escape
 * let the other checks run.
 */
export function isStructurallySound(syntax: readonly Diagnostic[]): boolean {
  return syntax.every(
    (diagnostic) =>
      diagnostic.code === DiagnosticCode.duplicateKey || diagnostic.code === DiagnosticCode.yamlEscape,
  );
}
