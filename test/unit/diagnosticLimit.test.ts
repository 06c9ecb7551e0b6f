import { strict as assert } from 'node:assert';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { defaultSettings } from '../../server/src/common/settings';
import type { Rule } from '../../server/src/rules/rule';
import { withData } from '../../server/src/rules/ruleSupport';
import { limitDiagnostics } from '../../server/src/service/diagnosticLimit';
import {
  forClient,
  getLanguageService,
  type LanguageService,
} from '../../server/src/service/languageService';
import { testCatalog } from '../support/catalog';
import { testService, yamlDocument } from '../support/service';

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

  it('counts a list again when it changed since it was limited (a caller array)', () => {
    const growing = [...file];
    assert.deepEqual(
      limitDiagnostics(growing, 3)
        .slice(1)
        .map(({ range }) => range.start.line),
      [1, 3],
    );
    growing.push(at(7, Error));
    assert.deepEqual(
      limitDiagnostics(growing, 3)
        .slice(1)
        .map(({ range }) => range.start.line),
      [3, 7],
    );
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

/**
 * A service whose one rule finds `findings` things in every document, each with a fix computed on
 * demand: the finding's index is pushed to `computed` when its fix is.
 */
function lazyFixService(findings: number, computed: number[]): LanguageService {
  const rule: Rule = {
    id: 'lazy-fix-probe',
    defaultSeverity: 'warning',
    summary: 'Findings in every document, each with a fix computed on demand.',
    validate: () =>
      Array.from({ length: findings }, (_, index) =>
        withData({ range: [index, index + 1], message: `finding ${index}` }, () => {
          computed.push(index);
          return {
            kind: 'edits',
            fixes: [{ title: `Fix ${index}`, edits: [{ range: [0, 0], newText: '#' }] }],
          };
        }),
      ),
  };
  return getLanguageService({ catalog: testCatalog(), rules: [rule], log: () => undefined });
}

describe('doValidation with a limit: only what is published is placed (limitPlaced, LazyFixData)', () => {
  /** A Pod per document, each with the same findings: 30 documents, one with a wrong type. */
  const file = Array.from({ length: 30 }, (_, index) =>
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: pod-${index}`,
      'spec:',
      '  containers:',
      '    - name: app',
      `      image: ${index === 17 ? '[nginx]' : 'nginx:latest'}`,
    ].join('\n'),
  ).join('\n---\n');

  it('publishes exactly what limiting all the diagnostics gives, for every limit', () => {
    const service = testService();
    const document = yamlDocument(file);
    const all = service.doValidation(document, defaultSettings);
    assert.ok(all.length > 200, `${all.length} diagnostics`);
    assert.ok(all.some((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error));
    for (const max of [0, 1, 2, 3, 10, 31, 100, all.length - 1, all.length, all.length + 1]) {
      assert.deepEqual(
        service.doValidation(document, defaultSettings, max),
        limitDiagnostics(all, max),
        `max ${max}`,
      );
    }
  });

  it("computes a rule's quick fixes only for the diagnostics it places, once each", () => {
    const computed: number[] = [];
    const service = lazyFixService(3, computed);
    const document = yamlDocument('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
    // The note of what is not shown, and one finding: one fix computed.
    const limited = service.doValidation(document, defaultSettings, 2);
    assert.deepEqual(
      limited.map((diagnostic): unknown[] => [diagnostic.message, diagnostic.data as unknown]),
      [
        [limited[0]!.message, undefined],
        [
          'finding 0',
          { kind: 'edits', fixes: [{ title: 'Fix 0', edits: [{ range: [0, 0], newText: '#' }] }] },
        ],
      ],
    );
    assert.deepEqual(computed, [0]);
    // The quick fix of the third, as a client sends it back: its own computed, no other.
    const third: Diagnostic = {
      range: { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } },
      severity: DiagnosticSeverity.Warning,
      code: 'lazy-fix-probe',
      source: 'podscope',
      message: 'finding 2',
    };
    const actions = service.doCodeActions(document, { diagnostics: [third] });
    assert.deepEqual(
      actions.map((action) => action.title),
      ['Fix 2'],
    );
    assert.deepEqual(computed, [0, 2]);
    // Every diagnostic placed: the one left is computed, each once.
    assert.equal(service.doValidation(document, defaultSettings).length, 3);
    assert.deepEqual(computed, [0, 2, 1]);
  });

  it('places diagnostics for a client without their data, and computes no fix for them', () => {
    const computed: number[] = [];
    const service = lazyFixService(2, computed);
    // Two documents: the second one's diagnostics are moved down to its lines.
    const document = yamlDocument(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    );
    for (const max of [0, 3]) {
      const forTheClient = service.doValidation(document, defaultSettings, max, forClient);
      assert.deepEqual(computed, [], `max ${max}`);
      const withFixes = service.doValidation(document, defaultSettings, max);
      assert.ok(withFixes.some((diagnostic) => diagnostic.data !== undefined));
      assert.deepEqual(
        forTheClient,
        withFixes.map(({ data: _data, ...diagnostic }) => diagnostic),
        `max ${max}`,
      );
      assert.ok(forTheClient.every((diagnostic) => !('data' in diagnostic)));
      computed.length = 0;
    }
  });
});
