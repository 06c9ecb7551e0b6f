import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { messageText, testService, yamlDocument } from '../support/service';
import { expandAllSnippets } from '../support/snippets';

describe('snippets under our own diagnostics', () => {
  for (const snippet of expandAllSnippets()) {
    // A fragment is checked inside a minimal Pod made by the test: only errors count there, the
    // wrapper's own advice (no resources on its container) is not the snippet's.
    const whole = snippet.placement === 'manifest';
    it(`${snippet.prefix} with its default values gets no error${whole ? ' and no warning' : ''}`, () => {
      const problems = testService()
        .doValidation(yamlDocument(snippet.manifest))
        .filter(
          (diagnostic) =>
            diagnostic.severity === DiagnosticSeverity.Error ||
            (whole && diagnostic.severity === DiagnosticSeverity.Warning),
        )
        .map(
          (diagnostic) =>
            `${diagnostic.range.start.line + 1}: ${String(diagnostic.code)}: ${messageText(diagnostic)}`,
        );
      assert.deepEqual(problems, []);
    });
  }
});
