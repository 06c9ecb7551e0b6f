/**
 * Never lose or alter the user's text: every quick fix, every completion edit and every snippet
 * changes only the lines it must. Each is applied to documents of the docs corpus (as they are,
 * with deliberate mistakes that call for the schema's fixes, and with CRLF line endings), and
 * the text before the first edited line and after the last edited line must be byte for byte
 * what it was.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import { simulateCommand } from '../../server/src/protocol/customMessages';
import { describeWithShared } from '../support/paths';
import { expandSnippet, testService } from '../support/service';
import { expandAllSnippets, insertAtIndentation } from '../support/snippets';
import { corpusDocuments, fullRun } from './robustnessSupport';

/** Fails unless `after` equals `before` outside lines firstLine..lastLine (of `before`). */
function assertOnlyLinesChanged(before: TextDocument, after: string, range: Range, what: string): void {
  const text = before.getText();
  const head = text.slice(0, before.offsetAt({ line: range.start.line, character: 0 }));
  const tailStart =
    range.end.line + 1 < before.lineCount
      ? before.offsetAt({ line: range.end.line + 1, character: 0 })
      : text.length;
  const tail = text.slice(tailStart);
  assert.ok(
    after.length >= head.length + tail.length && after.startsWith(head) && after.endsWith(tail),
    `${what}: text outside lines ${range.start.line + 1}–${range.end.line + 1} changed`,
  );
}

/** The lines an edit list touches, as one range. */
function span(edits: readonly TextEdit[]): Range {
  const starts = edits.map((edit) => edit.range.start.line);
  const ends = edits.map((edit) => edit.range.end.line);
  return {
    start: { line: Math.min(...starts), character: 0 },
    end: { line: Math.max(...ends), character: 0 },
  };
}

/** Deliberate mistakes, each calling for one of the schema's quick fixes. */
const mistakes: { name: string; apply(text: string): string | undefined }[] = [
  {
    name: 'a misspelled field',
    apply: (text) => (/^\s+image: /m.test(text) ? text.replace(/^(\s+)image: /m, '$1imgae: ') : undefined),
  },
  {
    name: 'a value outside its enum',
    apply: (text) =>
      /^\s*- name: /m.test(text)
        ? text.replace(
            /^(\s*)(- name: .*)$/m,
            (_, indent: string, line: string) => `${indent}${line}\n${indent}  imagePullPolicy: Sometimes`,
          )
        : undefined,
  },
  {
    name: 'a deprecated apiVersion',
    apply: (text) =>
      /^apiVersion: apps\/v1$/m.test(text)
        ? text.replace(/^apiVersion: apps\/v1$/m, 'apiVersion: apps/v1beta2')
        : undefined,
  },
  {
    name: 'a missing required field',
    apply: (text) => (/^ +image: .*\n/m.test(text) ? text.replace(/^ +image: .*\n/m, '') : undefined),
  },
];

/**
 * The unit run takes every second document as it is, and every sixth with mistakes and for
 * completion; `npm run test:robustness` takes all of them.
 */
const sampled = (index: number, stride: number): boolean => fullRun || index % stride === 0;

/** Every text of the corpus run: the documents, and (some of) them with mistakes, LF and CRLF. */
function variants(corpus: readonly { name: string; text: string }[]): { name: string; text: string }[] {
  const result: { name: string; text: string }[] = [];
  corpus.forEach(({ name, text }, index) => {
    if (sampled(index, 2)) {
      result.push({ name, text });
    }
    if (!sampled(index, 6)) {
      return;
    }
    for (const mistake of mistakes) {
      const broken = mistake.apply(text);
      if (broken !== undefined) {
        result.push({ name: `${name} with ${mistake.name}`, text: broken });
        result.push({ name: `${name} with ${mistake.name}, CRLF`, text: broken.replace(/\r?\n/g, '\r\n') });
      }
    }
  });
  return result;
}

describeWithShared('never lose or alter the user’s text', 'corpus/k8s-website-examples', (root) => {
  const corpus = corpusDocuments(root);

  it('every quick fix changes only the lines it must', function () {
    this.timeout(300_000);
    const counts = new Map<string, number>();
    let counter = 0;
    for (const { name, text } of variants(corpus)) {
      const document = TextDocument.create(`file:///preserve/${++counter}.yaml`, 'yaml', 1, text);
      const diagnostics = testService().doValidation(document);
      for (const action of testService().doCodeActions(document, { diagnostics })) {
        if (action.command?.command === simulateCommand && action.edit === undefined) {
          // A "Show in simulator" link edits nothing by design: it opens the simulator.
          continue;
        }
        const edits = action.edit?.changes?.[document.uri] ?? [];
        assert.ok(edits.length > 0, `${name}: "${action.title}" edits nothing`);
        const after = TextDocument.applyEdits(document, edits);
        assert.notEqual(after, text, `${name}: "${action.title}" changes nothing`);
        assertOnlyLinesChanged(document, after, span(edits), `${name}: "${action.title}"`);
        if (text.includes('\r\n')) {
          assert.ok(!/[^\r]\n/.test(after), `${name}: "${action.title}" keeps CRLF line endings`);
        }
        const kind = action.title.replace(/".*?"|\S+\/\S+|\d+/g, '…');
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
      }
      testService().closeDocument(document.uri);
    }
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    console.log(`      ${total} quick fixes applied, of ${counts.size} kinds`);
    // The schema's own fixes were among them.
    for (const title of [
      'Rename to …',
      'Change to IfNotPresent',
      'Change apiVersion to …',
      'Add missing required field: image',
    ]) {
      assert.ok(counts.has(title), `no "${title}" among ${[...counts.keys()].join(', ')}`);
    }
  });

  it('every completion edit changes only the cursor’s line, and its snippet only what it inserts', function () {
    this.timeout(300_000);
    let applied = 0;
    let counter = 0;
    // At the end of every fourth line, and on a new line after it at the same indentation:
    // where people type.
    corpus.forEach(({ text }, index) => {
      if (!sampled(index, 6) || !/^kind:/m.test(text)) {
        return;
      }
      const lines = text.split('\n');
      for (let line = 0; line < lines.length - 1; line += 4) {
        const indent = /^\s*(?:- )?/.exec(lines[line]!)![0].replace('-', ' ');
        const typed = [...lines.slice(0, line + 1), indent, ...lines.slice(line + 1)].join('\n');
        const sites: [string, Position][] = [
          [text, { line, character: lines[line]!.length }],
          [typed, { line: line + 1, character: indent.length }],
        ];
        for (const [source, position] of sites) {
          const document = TextDocument.create(
            `file:///preserve/completion-${++counter}.yaml`,
            'yaml',
            1,
            source,
          );
          for (const item of testService().doComplete(document, position).items) {
            const edit = item.textEdit;
            if (!edit || !('range' in edit)) {
              continue;
            }
            const newText =
              item.insertTextFormat === 2 ? expandSnippet(edit.newText).replace('|', '') : edit.newText;
            const after = TextDocument.applyEdits(document, [{ range: edit.range, newText }]);
            assertOnlyLinesChanged(
              document,
              after,
              edit.range,
              `completion "${item.label}" at ${position.line}:${position.character}`,
            );
            applied++;
          }
          testService().closeDocument(document.uri);
        }
      }
    });
    console.log(`      ${applied} completion edits applied`);
    assert.ok(applied > 500, `${applied} completion edits`);
  });

  it('every snippet, inserted where it belongs in corpus documents, changes only the lines it adds', () => {
    const hosts = corpus
      .filter(({ text }) => /^kind: (?:Pod|Deployment)$/m.test(text) && /^\s+- name: /m.test(text))
      .slice(0, 5);
    let inserted = 0;
    for (const snippet of expandAllSnippets()) {
      for (const { name, text } of hosts) {
        const lines = text.split('\n');
        // A container item's first line: a container snippet goes after that container's
        // fields, a containers-list snippet before the item, a pod-spec or manifest snippet at
        // the end.
        const item = lines.findIndex((line) => /^\s+- name: /.test(line));
        const itemIndent = /^(\s*)- /.exec(lines[item]!)![1]!;
        let at: number;
        let indentation: string;
        switch (snippet.placement) {
          case 'container':
            at = item + 1;
            indentation = `${itemIndent}  `;
            break;
          case 'containers':
          case 'initContainers':
            at = item;
            indentation = itemIndent;
            break;
          case 'podSpec':
          case 'manifest':
            at = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
            indentation = snippet.placement === 'manifest' ? '' : itemIndent.slice(2);
            break;
        }
        const document = TextDocument.create(`file:///preserve/snippet.yaml`, 'yaml', 1, text);
        const position = { line: at, character: 0 };
        const body = insertAtIndentation(snippet.expansion.text, indentation);
        const newText = `${snippet.placement === 'manifest' ? '---\n' : ''}${body}\n`;
        const after = TextDocument.applyEdits(document, [
          { range: { start: position, end: position }, newText },
        ]);
        assertOnlyLinesChanged(
          document,
          after,
          { start: position, end: { line: at - 1, character: 0 } },
          `${snippet.prefix} in ${name}`,
        );
        assert.equal(after.length, text.length + newText.length);
        // And the service takes the result in its stride.
        testService().doValidation(TextDocument.create('file:///preserve/snippet.yaml', 'yaml', 2, after));
        testService().closeDocument('file:///preserve/snippet.yaml');
        inserted++;
      }
    }
    assert.equal(hosts.length, 5);
    assert.equal(inserted, expandAllSnippets().length * hosts.length);
  });
});
