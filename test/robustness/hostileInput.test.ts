/**
 * Hostile YAML through the language service: each input goes through every feature, which must
 * answer within budget, in range and without throwing; the big ones must also keep the heap
 * bounded while open and give it back on close. test/unit/incompleteManifests.test.ts checks the
 * notes for deep nesting, many documents and alias bombs; this suite adds budgets, memory, every
 * feature, and the inputs it leaves out. hostileServer.test.ts sends the big ones to the real
 * server process.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, DiagnosticSeverity, type Position } from 'vscode-languageserver-types';
import { maxFileSize } from '../../server/src/service/languageService';
import { quietContainerFields } from '../support/podRules';
import { applyCodeAction, messageText, testService } from '../support/service';
import { settledHeap } from './memory';
import { mebibytes, Timings, withCursors } from './robustnessSupport';
import { type Budgets, exerciseService } from './serviceChecks';
import { hostileInputs } from './hostileInputs';

/** The budgets stated for hostile input: validation within 2 s, completion and hover 500 ms. */
const budgets: Budgets = { validation: 2000, completion: 500, hover: 500, other: 2000 };

let counter = 0;
function run(
  fixture: string,
  timings = new Timings(),
): { text: string; diagnostics: Diagnostic[]; positions: Position[] } {
  const { text, positions } = fixture.includes('§') ? withCursors(fixture) : { text: fixture, positions: [] };
  const document = TextDocument.create(`file:///hostile/${++counter}.yaml`, 'yaml', 1, text);
  const diagnostics = exerciseService(testService(), timings, document, { positions }, budgets);
  return { text, diagnostics, positions };
}

const summary = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map(
    (diagnostic) => `${String(diagnostic.code)}@${diagnostic.range.start.line}: ${messageText(diagnostic)}`,
  );

const pod = (containerExtra = ''): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n${containerExtra}${quietContainerFields(6)}`;

describe('hostile YAML through the language service', function () {
  this.timeout(120_000);

  before(() => {
    // Compile the schemas used below outside the measured calls (the product precompiles them).
    testService().doValidation(TextDocument.create('file:///hostile/warm-up.yaml', 'yaml', 1, pod()));
    testService().doValidation(
      TextDocument.create(
        'file:///hostile/warm-up-2.yaml',
        'yaml',
        1,
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
      ),
    );
  });

  describe('big and deep inputs: every feature within budget, memory bounded and given back', () => {
    for (const input of hostileInputs()) {
      if (input.knownIssue) {
        it.skip(`${input.name}: ${input.expectation} — known issue: ${input.knownIssue}`, () => undefined);
        continue;
      }
      it(`${input.name}: ${input.expectation}`, () => {
        const { text, positions } = withCursors(input.build());
        const document = TextDocument.create(`file:///hostile/big-${++counter}.yaml`, 'yaml', 1, text);
        // The text is the test's (and the editor's): measure what the service holds beside it.
        const before = settledHeap();
        const timings = new Timings();
        // Parsed once and kept while open: measure what the open document holds.
        const first = timings.measure('doValidation', budgets.validation, () =>
          testService().doValidation(document),
        );
        const whileOpen = settledHeap() - before;
        const diagnostics = exerciseService(testService(), timings, document, { positions }, budgets);
        const afterClose = settledHeap() - before;
        assert.deepEqual(diagnostics, first, 'the same diagnostics from the cache');
        input.check(diagnostics);
        console.log(
          `      ${(text.length / 1024 / 1024).toFixed(1)} MB of text; heap held while open ${mebibytes(whileOpen)}, after close ${mebibytes(afterClose)}; slowest: validation ${timings.max('doValidation').toFixed(0)} ms, completion ${timings.max('doComplete').toFixed(0)} ms, hover ${timings.max('doHover').toFixed(0)} ms`,
        );
        assert.ok(whileOpen < 64 * 1024 * 1024, `held ${mebibytes(whileOpen)} while open`);
        assert.ok(afterClose < 8 * 1024 * 1024, `kept ${mebibytes(afterClose)} after close`);
      });
    }
  });

  describe('odd bytes', () => {
    it('NUL bytes: a finding where they are, nothing elsewhere, and a comment may hold them', () => {
      assert.deepEqual(summary(run(`${pod()}# a \u0000 in a comment§\n`).diagnostics), []);
      const inName = run(pod().replace('name: web\nspec', 'name: w\u0000eb§\nspec')).diagnostics;
      assert.deepEqual(
        inName.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['invalid-name', 3]],
      );
      const inKey = run(pod().replace('      image:', '      ima\u0000ge§:')).diagnostics;
      assert.ok(inKey.length > 0 && inKey.every((diagnostic) => diagnostic.range.start.line <= 7));
    });

    it('invalid UTF-8, as the editor decodes it (U+FFFD), is text like any other', () => {
      const [head, tail] = pod().split('web\nspec:');
      const bytes = Buffer.concat([
        Buffer.from(`${head!}caf`),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from(`§\nspec:${tail!}`),
      ]);
      const decoded = new TextDecoder('utf-8').decode(bytes);
      assert.ok(decoded.includes('caf\uFFFD(\uFFFD§'));
      // The name is not a valid name; nothing else is wrong.
      assert.deepEqual(
        run(decoded).diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
        [['invalid-name', 3]],
      );
      assert.deepEqual(
        summary(
          run(`${pod()}      env:\n        - name: GREETING\n          value: "\uFFFD\uFFFD"§\n`).diagnostics,
        ),
        [],
      );
    });

    it('a byte order mark changes nothing', () => {
      const broken = pod('      imagePullPolicy: Sometimes\n');
      const plain = run(`${broken}§`).diagnostics;
      const withMark = run(`\uFEFF${broken}§`).diagnostics;
      assert.equal(plain.length, 1);
      assert.deepEqual(withMark, plain);
      assert.deepEqual(run(`\uFEFF§${pod()}`).diagnostics, []);
    });

    it('CRLF line endings: the same findings at the same places as LF', () => {
      const broken = `${pod('      imagePullPolicy: Sometimes\n      poarts: []\n')}  restartPolicy: Sometimes\n`;
      const lf = run(broken.replace('poarts', 'poa§rts')).diagnostics;
      const crlf = run(broken.replace('poarts', 'poa§rts').replace(/\n/g, '\r\n')).diagnostics;
      assert.equal(lf.length, 3);
      assert.deepEqual(crlf, lf);
    });
  });

  describe('YAML features Kubernetes files use', () => {
    it('tab indentation: one syntax error per tab, on its line, and no guesses about the rest', () => {
      const text = pod().replace('    - name: web', '\t- name: web§');
      const { diagnostics } = run(text);
      const tabLine = text.split('\n').findIndex((line) => line.startsWith('\t'));
      assert.equal(messageText(diagnostics[0]!), 'Tabs are not allowed as indentation');
      assert.equal(diagnostics[0]!.range.start.line, tabLine);
      assert.ok(diagnostics.every((diagnostic) => diagnostic.code === 'yaml-syntax'));
      // A tab that separates, rather than indents, is fine.
      assert.deepEqual(summary(run(pod().replace('image: nginx', 'image:\tnginx§')).diagnostics), []);
    });

    it('a merge key (<<) is validated with the merged values, and no fix edits the merge key', () => {
      const defaults = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - &defaults
      name: init
      image: busybox:1.37
      imagePullPolicy: Sometimes
      securityContext:
        runAsNonRoot: true
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: { drop: [ALL] }
        seccompProfile: { type: RuntimeDefault }
      resources:
        requests: { cpu: 100m, memory: 64Mi }
        limits: { memory: 64Mi }
  containers:
    - <<: *defaults
      name: web§
${quietContainerFields(6)
  .split('\n')
  .filter(
    (line) =>
      !/securityContext|runAsNonRoot|allowPrivilegeEscalation|readOnlyRootFilesystem|capabilities|seccompProfile|resources|requests|limits/.test(
        line,
      ),
  )
  .join('\n')}`;
      const { text, diagnostics } = run(defaults);
      const lines = text.split('\n');
      const mergeLine = lines.findIndex((line) => line.includes('<<: *defaults'));
      const view = diagnostics.map((diagnostic) => [
        diagnostic.code,
        lines[diagnostic.range.start.line]!.trim(),
        diagnostic.data === undefined ? 'no fix' : 'fix',
      ]);
      // The container gets image from the merge: no "missing required field image".
      assert.ok(
        !diagnostics.some((diagnostic) => diagnostic.code === 'missing-required'),
        JSON.stringify(view),
      );
      // The bad value is reported where it is written (with its fix), and on the merge (without).
      assert.deepEqual(
        view.filter(([code]) => code === 'invalid-value'),
        [
          ['invalid-value', 'imagePullPolicy: Sometimes', 'fix'],
          ['invalid-value', '- <<: *defaults', 'no fix'],
        ],
      );
      const actions = testService().doCodeActions(
        TextDocument.create('file:///merge.yaml', 'yaml', 1, text),
        {
          diagnostics,
        },
      );
      assert.ok(actions.some((action) => action.title === 'Change to IfNotPresent'));
      for (const action of actions) {
        for (const edit of Object.values(action.edit?.changes ?? {}).flat()) {
          assert.ok(
            edit.range.start.line !== mergeLine && edit.range.end.line !== mergeLine,
            `"${action.title}" leaves the merge key alone`,
          );
        }
        assert.ok(applyCodeAction(text, action).includes('    - <<: *defaults\n'));
      }
    });

    it('custom tags (!Ref, !vault) are no YAML or type errors', () => {
      const text = pod(
        '      args: [!Ref ArgumentParameter]\n      env:\n        - name: TOKEN\n          valueFrom: { secretKeyRef: { name: !Sub "${Stack}-token", key: token } }\n        - name: DB_PASSWORD\n          value: !vault |\n            $ANSIBLE_VAULT;1.1;AES256\n            62313365396662343061393464336163383764373764613633653634306231386433626436623361§\n',
      ).replace('image: nginx:1.27', 'image: !Ref ImageParameter');
      const codes = run(text).diagnostics.map((diagnostic) => String(diagnostic.code));
      assert.ok(!codes.includes('yaml-syntax') && !codes.includes('wrong-type'), codes.join(', '));
    });

    it('a document of comments only, and an empty file, get nothing and offer nothing', () => {
      for (const fixture of [
        '# only a comment§\n# and another\n',
        '§',
        '\n\n§\n',
        '---\n# nothing here§\n...\n',
      ]) {
        const { text, positions } = withCursors(fixture);
        const document = TextDocument.create(`file:///hostile/comments-${++counter}.yaml`, 'yaml', 1, text);
        assert.deepEqual(testService().doValidation(document), []);
        assert.deepEqual(testService().findDocumentSymbols(document), []);
        assert.deepEqual(testService().doHover(document, positions[0]!), null);
        run(fixture);
      }
    });

    it('document markers: ---, ... and their edge cases split where YAML splits', () => {
      const text = `%YAML 1.1
--- # the first
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
...
# between documents
---
...
--- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: c§
data:
  script: |
    echo ---not a marker
    echo ... neither
--- |
  a block scalar as a document
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: d
...
`;
      const { diagnostics } = run(text);
      assert.deepEqual(summary(diagnostics), []);
      const document = TextDocument.create('file:///markers.yaml', 'yaml', 1, withCursors(text).text);
      const lines = document.getText().split('\n');
      assert.deepEqual(
        testService()
          .findDocumentSymbols(document)
          .map((symbol) => `${symbol.name} @ ${lines[symbol.selectionRange.start.line]!.trim()}`),
        [
          'ConfigMap a @ metadata: {name: a}',
          'ConfigMap b @ --- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}',
          'ConfigMap c @ name: c',
          'ConfigMap d @ name: d',
        ],
      );
      // A marker glued to its content is no marker: here it is a key of the map above.
      const glued = run(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---apiVersion: v1§\n',
      ).diagnostics;
      assert.deepEqual(summary(glued), [
        'unknown-field@3: Unknown field "---apiVersion" in ConfigMap; did you mean "apiVersion"?',
      ]);
    });
  });

  describe('hostile simulation scenarios', () => {
    const probe = '{ exec: { command: [cat, /tmp/ok] }, periodSeconds: 1 }';
    const busyPod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: busy\nspec:\n  containers:\n${[
      'a',
      'b',
      'c',
    ]
      .map(
        (name) =>
          `    - name: ${name}\n      image: nginx:1.27\n      startupProbe: ${probe}\n      readinessProbe: ${probe}\n      livenessProbe: ${probe}\n`,
      )
      .join('')}`;

    it('the default ten minutes of a pod with three containers probed every second: within 500 ms', () => {
      const document = TextDocument.create('file:///hostile/busy.yaml', 'yaml', 1, busyPod);
      const timings = new Timings();
      const result = timings.measure('doSimulate', 500, () =>
        testService().doSimulate(document, { documentIndex: 0 }, {}),
      );
      assert.ok(result.ok);
      console.log(`      simulated in ${timings.max('doSimulate').toFixed(0)} ms`);
    });

    it('a day of the same pod (the longest scenario allowed): stops at its step budget within 1.5 s, and says so', () => {
      const document = TextDocument.create('file:///hostile/busy-day.yaml', 'yaml', 1, busyPod);
      const timings = new Timings();
      const result = timings.measure('doSimulate', 1500, () =>
        testService().doSimulate(document, { documentIndex: 0 }, { duration: 86400 }),
      );
      assert.ok(result.ok);
      assert.ok(
        result.result.warnings.some((warning) =>
          /^the simulation stopped at t=\d+ after 50,000 steps \(frequent probes over a long duration\)/.test(
            warning,
          ),
        ),
        result.result.warnings.join('\n'),
      );
      console.log(`      simulated in ${timings.max('doSimulate').toFixed(0)} ms`);
    });
  });

  it('a file just over the size limit gets one note, and no feature parses it', () => {
    const unit = `${pod()}---\n`;
    const text = unit.repeat(Math.ceil((maxFileSize + 1) / unit.length));
    const diagnostics = run(`§${text}`).diagnostics;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.severity, DiagnosticSeverity.Information);
    assert.match(messageText(diagnostics[0]!), /^Podscope does not check files larger than 4 MB/);
  });
});
