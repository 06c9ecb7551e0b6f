import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { defaultSettings } from '../../server/src/common/settings';
import type { KustomizeContext } from '../../server/src/common/kustomizeContext';
import { builtinRules } from '../../server/src/rules';
import { SchemaValidator } from '../../server/src/schema/schemaValidator';
import { makeDiagnostic } from '../../server/src/validation/makeDiagnostic';
import { validateFile } from '../../server/src/validation/validateFile';
import type { ValidationDependencies, ValidationStage } from '../../server/src/validation/validationStage';
import { validationStages } from '../../server/src/validation/validationStages';
import { valueRange } from '../../server/src/yaml/astPath';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { testCatalog } from '../support/catalog';
import { edit } from '../support/fixtureEdit';
import { viewDiagnostics } from '../support/service';

/**
 * A source of findings as a later one (cross-file references, say) would be: it reports on
 * metadata.name, and something absent at kind.
 */
const exampleStage: ValidationStage = {
  validate({ document, kind }) {
    const name = valueRange(document.yaml, ['metadata', 'name']);
    const kindValue = valueRange(document.yaml, ['kind']);
    if (!kind || !name || !kindValue) {
      return [];
    }
    const report = (range: [number, number], code: string, message: string) =>
      makeDiagnostic(document, range, DiagnosticSeverity.Warning, code, message);
    return [
      { diagnostic: report(name, 'example-name', `Name ${document.name ?? ''} seen.`) },
      { diagnostic: report(kindValue, 'example-absent', 'Something is missing.'), absence: true },
    ];
  },
};

let schemaValidator: SchemaValidator | undefined;

function dependencies(stages?: readonly ValidationStage[]): ValidationDependencies {
  schemaValidator ??= new SchemaValidator(testCatalog());
  return {
    catalog: testCatalog(),
    schemaValidator,
    rules: builtinRules,
    failedRules: new Set(),
    log: (message) => {
      throw new Error(`Unexpected log: ${message}`);
    },
    ...(stages ? { stages } : {}),
  };
}

const patch: KustomizeContext = {
  role: 'patch',
  selectorLabels: {},
  images: [],
  nameAffixes: [{ prefix: '', suffix: '' }],
  kustomizations: [],
};

function check(text: string, stages?: readonly ValidationStage[], partial = false) {
  const file = new ManifestParser().parse(text);
  return viewDiagnostics(
    text,
    validateFile(dependencies(stages), file, defaultSettings, partial ? patch : undefined),
  );
}

const ours = (view: { code: string }): boolean => view.code.startsWith('example-');

const twoPods = `apiVersion: v1
kind: Pod
metadata:
  name: first
spec:
  containers:
    - name: web
      image: nginx
---
apiVersion: v1
kind: Pod
metadata:
  name: second
spec:
  containers:
    - name: web
      image: nginx:1.27
      imagePullPolicy: Sometimes
`;

describe('validation stages', () => {
  it('runs validationStages when no stages are given', () => {
    assert.deepEqual(check(twoPods, validationStages), check(twoPods));
  });

  it('takes a further stage without changing what the others find', () => {
    const withStage = check(twoPods, [...validationStages, exampleStage]);
    assert.deepEqual(
      withStage.filter((view) => !ours(view)),
      check(twoPods),
    );
    assert.deepEqual(
      withStage.filter(ours).map(({ code, line, text }) => ({ code, line, text })),
      [
        { code: 'example-absent', line: 'kind: Pod', text: 'Pod' },
        { code: 'example-name', line: 'name: first', text: 'first' },
        { code: 'example-absent', line: 'kind: Pod', text: 'Pod' },
        { code: 'example-name', line: 'name: second', text: 'second' },
      ],
    );
  });

  it("sorts a stage's findings among the others by position", () => {
    const file = new ManifestParser().parse(twoPods);
    const starts = validateFile(dependencies([...validationStages, exampleStage]), file, defaultSettings).map(
      ({ range }) => [range.start.line, range.start.character] as const,
    );
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a[0] - b[0] || a[1] - b[1]),
    );
  });

  it("silences a stage's findings with a suppression comment", () => {
    const text = edit(
      twoPods,
      '  name: second\n',
      '  # podscope-disable-next-line example-name\n  name: second\n',
    );
    assert.deepEqual(
      check(text, [exampleStage]).map(({ code, text: covered }) => `${code} ${covered}`),
      ['example-absent Pod', 'example-name first', 'example-absent Pod'],
    );
  });

  it("leaves out a stage's findings about absent things in partial manifests and Helm templates", () => {
    assert.deepEqual(
      check(twoPods, [exampleStage], true).map(({ code, text }) => `${code} ${text}`),
      ['example-name first', 'example-name second'],
    );
    const template = edit(twoPods, 'name: second', 'name: {{ .Release.Name }}-second');
    assert.deepEqual(
      check(template, [exampleStage]).map(({ code, text }) => `${code} ${text}`),
      ['example-absent Pod', 'example-name first'],
    );
  });
});
