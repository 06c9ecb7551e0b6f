/**
 * Quick fixes asked for with a diagnostic the client kept from an older version of the text, or
 * echoed in other position units: the edit is computed against the text as it is now, or there
 * is none. Never an edit computed for another version.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { testService } from '../support/service';
import { edit } from '../support/fixtureEdit';

let counter = 0;
function documentOf(text: string): TextDocument {
  return TextDocument.create(`file:///stale/${++counter}.yaml`, 'yaml', 1, text);
}

function editsOf(action: CodeAction): TextEdit[] {
  return Object.values(action.edit?.changes ?? {}).flat();
}

/** What an editor does to a diagnostic's range when lines are inserted above it. */
function movedDown(diagnostic: Diagnostic, lines: number): Diagnostic {
  const move = (range: Range): Range => ({
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  });
  return { ...diagnostic, range: move(diagnostic.range) };
}

/** A range in UTF-8 byte columns, as Neovim 0.7 echoes diagnostics back. */
function inByteColumns(text: string, diagnostic: Diagnostic): Diagnostic {
  const lines = text.split('\n');
  const bytes = (line: number, character: number): number =>
    Buffer.byteLength(lines[line]!.slice(0, character), 'utf8');
  const { start, end } = diagnostic.range;
  return {
    ...diagnostic,
    range: {
      start: { line: start.line, character: bytes(start.line, start.character) },
      end: { line: end.line, character: bytes(end.line, end.character) },
    },
  };
}

function diagnosticsOf(text: string, code: string): Diagnostic[] {
  return testService()
    .doValidation(documentOf(text))
    .filter((diagnostic) => diagnostic.code === code);
}

function fixed(text: string, requested: Diagnostic, title: string): string {
  const document = documentOf(text);
  const action = testService()
    .doCodeActions(document, { diagnostics: [requested] })
    .find((candidate) => candidate.title === title);
  assert.ok(action, `no quick fix "${title}"`);
  return TextDocument.applyEdits(document, editsOf(action));
}

const podWithoutResources = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.25
`;

describe('quick fixes for diagnostics of an older version', () => {
  it('a diagnostic moved down by the editor after a line was inserted above: the fix lands where it belongs', () => {
    const [before] = diagnosticsOf(podWithoutResources, 'missing-resources');
    assert.ok(before);
    const freshTitle = testService().doCodeActions(documentOf(podWithoutResources), {
      diagnostics: [before],
    })[0]!.title;
    const now = `# comment\n${podWithoutResources}`;
    const after = fixed(now, movedDown(before, 1), freshTitle);
    // The same fix as on the original text, one line down; `image:` is untouched.
    const expected = `# comment\n${fixed(podWithoutResources, before, freshTitle)}`;
    assert.equal(after, expected);
    assert.match(after, /^ {6}image: nginx:1\.25$/m);
  });

  it('a diagnostic the editor did not move: matched by what it says, not where it was', () => {
    const [before] = diagnosticsOf(podWithoutResources, 'missing-resources');
    const now = `# comment\n${podWithoutResources}`;
    const title = testService().doCodeActions(documentOf(podWithoutResources), { diagnostics: [before!] })[0]!
      .title;
    assert.equal(fixed(now, before!, title), `# comment\n${fixed(podWithoutResources, before!, title)}`);
  });

  it('a range echoed in byte columns (Neovim 0.7) on a line with an emoji: the server’s own range is used', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - {name: web, image: "nginx:1.25", args: ["🚀"], imagePullPolicy: Sometimes}
`;
    const [diagnostic] = diagnosticsOf(text, 'invalid-value');
    assert.ok(diagnostic);
    const bytes = inByteColumns(text, diagnostic);
    assert.notDeepEqual(bytes.range, diagnostic.range, 'the emoji shifts the byte columns');
    assert.equal(
      fixed(text, bytes, 'Change to Never'),
      edit(text, 'imagePullPolicy: Sometimes}', 'imagePullPolicy: Never}'),
    );
  });

  it('a diagnostic whose finding is gone gets no fix', () => {
    const [before] = diagnosticsOf(podWithoutResources, 'missing-resources');
    const now = edit(
      podWithoutResources,
      '      image: nginx:1.25\n',
      '      image: nginx:1.25\n      resources:\n        requests: { cpu: 100m, memory: 64Mi }\n        limits: { memory: 64Mi }\n',
    );
    assert.deepEqual(diagnosticsOf(now, 'missing-resources'), []);
    assert.deepEqual(testService().doCodeActions(documentOf(now), { diagnostics: [before!] }), []);
  });

  it('alike findings on several lines: the one on the client’s line, and none when that is ambiguous', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: a
      image: nginx:1.25
      imagePullPolicy: Sometimes
    - name: b
      image: nginx:1.25
      imagePullPolicy: Sometimes
`;
    const [first, second] = diagnosticsOf(text, 'invalid-value');
    assert.ok(first && second && first.message === second.message);
    const lines = text.split('\n');
    const fixSecond = fixed(text, second, 'Change to Never').split('\n');
    assert.deepEqual(fixSecond.map((line, index) => (line === lines[index] ? '' : line)).filter(Boolean), [
      '      imagePullPolicy: Never',
    ]);
    assert.equal(fixSecond[11], '      imagePullPolicy: Never');
    // A line between the two findings names neither of them.
    const between = { ...first, range: { start: { line: 9, character: 0 }, end: { line: 9, character: 1 } } };
    assert.deepEqual(testService().doCodeActions(documentOf(text), { diagnostics: [between] }), []);
  });
});

/** Fixtures with many findings that have quick fixes: schema ones and the rules' own. */
const fixtures = [
  `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      image: nginx:latest
      imagePullPolicy: Sometimes
      poarts:
        - containerPort: 80
      livenessProbe:
        httpGet: { path: /, port: 80 }
      readinessProbe:
        httpGet: { path: /, port: 80 }
      env:
        - name: DB_PASSWORD
          value: hunter2
`,
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop # 가게
spec:
  replicas: 2
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shopfront }
    spec:
      containers:
        - name: shop
          image: "registry.example.com/shop" # 🚀 로켓
          securityContext: { privileged: true }
        - image: busybox:1.36
          command: ["sleep", "3600"]
`,
];

interface Edited {
  text: string;
  /** Lines inserted above the diagnostic (an editor moves its range by as many). */
  shift: number;
}

/** An edit above, below or inside the diagnostic's lines, as an editor would send it. */
function randomEdit(
  text: string,
  diagnostic: Diagnostic,
  where: 'above' | 'below' | 'inside',
  pick: number,
): Edited {
  const lines = text.split('\n');
  const { start, end } = diagnostic.range;
  const insertLine = (line: number, content: string): string =>
    [...lines.slice(0, line), content, ...lines.slice(line)].join('\n');
  if (where === 'above') {
    const line = pick % (start.line + 1);
    const indent = /^\s*/.exec(lines[line] ?? '')![0];
    return { text: insertLine(line, `${indent}# 주석 ${pick} 🚀`), shift: 1 };
  }
  if (where === 'below') {
    const line = end.line + 1 + (pick % Math.max(1, lines.length - end.line - 1));
    return { text: insertLine(Math.min(line, lines.length), '# below'), shift: 0 };
  }
  // Inside: characters typed into the range's first line, which may change or end the finding.
  const lineText = lines[start.line] ?? '';
  const column = Math.min(
    lineText.length,
    start.character + (pick % Math.max(1, lineText.length - start.character + 1)),
  );
  lines[start.line] = `${lineText.slice(0, column)}x${lineText.slice(column)}`;
  return { text: lines.join('\n'), shift: 0 };
}

describe('property: a quick fix after random edits is the fix of the current text', () => {
  it('above, below and inside the target: the same edits as a fresh request, touching nothing else', function () {
    this.timeout(120_000);
    let checked = 0;
    let offered = 0;
    fc.assert(
      fc.property(
        fc.nat(fixtures.length - 1),
        fc.nat(200),
        fc.constantFrom('above', 'below', 'inside'),
        fc.nat(1000),
        fc.boolean(),
        (fixtureIndex, diagnosticPick, where, pick, editorMovesRanges) => {
          const original = fixtures[fixtureIndex]!;
          const withFixes = testService()
            .doValidation(documentOf(original))
            .filter((diagnostic) => diagnostic.data !== undefined);
          const target = withFixes[diagnosticPick % withFixes.length]!;
          const edited = randomEdit(original, target, where, pick);
          const requested = editorMovesRanges ? movedDown(target, edited.shift) : target;
          const document = documentOf(edited.text);
          const actions = testService().doCodeActions(document, { diagnostics: [requested] });
          // The fresh request: the current text's own diagnostics, straight from validation.
          const current = testService().doValidation(document);
          const fresh = current.flatMap((diagnostic) =>
            testService()
              .doCodeActions(document, { diagnostics: [diagnostic] })
              .map((action) => JSON.stringify([action.title, editsOf(action)])),
          );
          checked++;
          for (const action of actions) {
            offered++;
            const edits = editsOf(action);
            assert.ok(
              fresh.includes(JSON.stringify([action.title, edits])),
              `"${action.title}" is not a fix of the current text:\n${JSON.stringify(edits)}\n${edited.text}`,
            );
            // The text outside the edited ranges is unchanged.
            const after = TextDocument.applyEdits(document, edits);
            const sorted = [...edits].sort(
              (a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start),
            );
            const first = document.offsetAt(sorted[0]!.range.start);
            const last = document.offsetAt(sorted[sorted.length - 1]!.range.end);
            assert.equal(after.slice(0, first), edited.text.slice(0, first));
            assert.equal(after.slice(after.length - (edited.text.length - last)), edited.text.slice(last));
          }
        },
      ),
      { numRuns: 400, seed: 12 },
    );
    assert.ok(checked === 400 && offered > 200, `${offered} fixes offered in ${checked} runs`);
  });
});
