import { strict as assert } from 'node:assert';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { limitDiagnostics } from '../../server/src/service/diagnosticLimit';

const at = (
  line: number,
  severity: DiagnosticSeverity | undefined,
  message = `line ${line}`,
): Diagnostic => ({
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  ...(severity === undefined ? {} : { severity }),
  message,
});

describe('limitDiagnostics (podscope.diagnostics.maxPerFile)', () => {
  const { Error, Warning, Information, Hint } = DiagnosticSeverity;
  const file = [
    at(0, Hint),
    at(1, Warning),
    at(2, Hint),
    at(3, Error),
    at(4, Information),
    at(5, Warning),
    at(6, Hint),
  ];

  it('publishes everything up to the limit, and with no limit', () => {
    assert.equal(limitDiagnostics(file, 7), file);
    assert.equal(limitDiagnostics(file, 0), file);
  });

  it('keeps the most severe, in the file order, and says how many are not shown', () => {
    const limited = limitDiagnostics(file, 5);
    assert.equal(limited.length, 5);
    assert.deepEqual(
      limited.slice(1).map((diagnostic) => diagnostic.range.start.line),
      [1, 3, 4, 5],
    );
    assert.deepEqual(limited[0], {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: Information,
      code: 'problems-limited',
      source: 'podscope',
      message:
        '7 problems in this file; not showing 3 of the least severe. Set podscope.diagnostics.maxPerFile to change the limit of 5 (VS Code shows at most 1,000 per file).',
    });
  });

  it('cuts inside a severity by the file order, and takes a diagnostic without severity as an error', () => {
    const limited = limitDiagnostics([at(0, Warning), at(1, undefined), at(2, Warning), at(3, Warning)], 3);
    assert.deepEqual(
      limited.slice(1).map((diagnostic) => diagnostic.range.start.line),
      [0, 1],
    );
    assert.match(limited[0]!.message as string, /^4 problems in this file; not showing 2 /);
  });

  it('gives exactly the limit for a large file (what VS Code then shows in full)', () => {
    const many = Array.from({ length: 15929 }, (_, line) =>
      at(line, ([Error, Warning, Information, Hint] as const)[line % 4]),
    );
    const limited = limitDiagnostics(many, 1000);
    assert.equal(limited.length, 1000);
    assert.equal(limited.filter((diagnostic) => diagnostic.severity === Error).length, 999);
  });
});
