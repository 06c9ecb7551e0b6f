import { strict as assert } from 'node:assert';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { EditableDocument, type TextChange } from '../../server/src/util/editableDocument';
import { SeededRandom } from '../bench/random';

/** Text that edits insert: every kind of line break, a break split in two, surrogate pairs. */
const snippets = ['a', 'key: value\n', '\n', '\r\n', '\r', '\n\n', '  - x\r\n  - y', '😀', 'é\r', '', 'z'];

/** Applies recorded changes to a text, as offsets (what the parser does with them). */
function applied(text: string, changes: readonly TextChange[]): string {
  return changes.reduce(
    (result, { start, end, text: inserted }) => result.slice(0, start) + inserted + result.slice(end),
    text,
  );
}

function randomPosition(random: SeededRandom, lines: number): Position {
  // Out-of-range lines and characters too: clients send them, and both must clamp alike.
  return {
    line: random.below(lines + 2) - (random.below(10) === 0 ? 1 : 0),
    character: random.below(14) - (random.below(12) === 0 ? 1 : 0),
  };
}

/** A change's position: on a line of the document (characters out of range too). */
function changePosition(random: SeededRandom, lines: number): Position {
  return { line: random.below(lines), character: random.below(14) - (random.below(12) === 0 ? 1 : 0) };
}

function assertSame(ours: EditableDocument, theirs: TextDocument, random: SeededRandom, where: string): void {
  // Positions first, from the pieces as they are; the text (joined) last.
  const ranges: Range[] = [];
  assert.equal(ours.lineCount, theirs.lineCount, where);
  assert.equal(ours.length, theirs.getText().length, where);
  for (let probe = 0; probe < 12; probe++) {
    const offset = random.below(theirs.getText().length + 3) - 1;
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${where}: positionAt(${offset})`);
    const position = randomPosition(random, theirs.lineCount);
    assert.equal(
      ours.offsetAt(position),
      theirs.offsetAt(position),
      `${where}: offsetAt(${JSON.stringify(position)})`,
    );
    const line = random.below(theirs.lineCount + 2) - 1;
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(
      ours.getEOLCharacters(line),
      theirs.getEOLCharacters(line),
      `${where}: getEOLCharacters(${line})`,
    );
    const range = {
      start: randomPosition(random, theirs.lineCount),
      end: randomPosition(random, theirs.lineCount),
    };
    ranges.push(range);
  }
  assert.equal(ours.getText(), theirs.getText(), where);
  for (const range of ranges) {
    assert.equal(ours.getText(range), theirs.getText(range), `${where}: getText(${JSON.stringify(range)})`);
  }
}

describe('EditableDocument: a document changed by incremental edits without copying its text', () => {
  it('answers every question as vscode-languageserver-textdocument does, after random edits', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = new SeededRandom(seed);
      const initial = Array.from({ length: random.below(8) }, () => random.pick(snippets)).join('');
      const ours = new EditableDocument('file:///a.yaml', 'yaml', 1, initial);
      let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      let shadow = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      const texts = new Map([[1, initial]]);
      for (let version = 2; version <= 60; version++) {
        // Each change of a batch is in the text the one before it left: `shadow` (the same
        // document as theirs) takes them one at a time, to place each on a line that exists.
        const changes: TextDocumentContentChangeEvent[] = [];
        for (let count = 1 + random.below(3); count > 0; count--) {
          const change: TextDocumentContentChangeEvent =
            random.below(25) === 0
              ? { text: random.pick(snippets) }
              : {
                  range: {
                    start: changePosition(random, shadow.lineCount),
                    end: changePosition(random, shadow.lineCount),
                  },
                  text: random.pick(snippets),
                };
          changes.push(change);
          shadow = TextDocument.update(shadow, [change], version);
        }
        ours.update(changes, version);
        theirs = TextDocument.update(theirs, changes, version);
        texts.set(version, theirs.getText());
        // Not every version is read whole: the pieces must answer positions on their own.
        if (random.below(3) === 0) {
          assertSame(ours, theirs, random, `seed ${seed}, version ${version}`);
        }
        const since = 1 + random.below(version);
        const recorded = ours.changesSince(since);
        if (recorded) {
          assert.equal(
            applied(texts.get(since)!, recorded),
            theirs.getText(),
            `seed ${seed}: changes since ${since}`,
          );
        }
      }
      assertSame(ours, theirs, random, `seed ${seed}, end`);
    }
  });

  it('applies a change past the last line at the end of the text, and keeps every line', () => {
    const document = new EditableDocument('file:///a.yaml', 'yaml', 1, 'a: 1\nb: 2');
    document.update(
      [{ range: { start: { line: 7, character: 0 }, end: { line: 9, character: 3 } }, text: '\nc: 3\n' }],
      2,
    );
    const fresh = TextDocument.create('file:///a.yaml', 'yaml', 2, 'a: 1\nb: 2\nc: 3\n');
    assert.equal(document.getText(), fresh.getText());
    assert.equal(document.lineCount, fresh.lineCount);
    for (let offset = 0; offset <= fresh.getText().length; offset++) {
      assert.deepEqual(document.positionAt(offset), fresh.positionAt(offset));
    }
    assert.deepEqual(document.changesSince(1), [{ start: 9, end: 9, text: '\nc: 3\n' }]);
  });

  it('gives the changes since a version only while they are known', () => {
    const document = new EditableDocument('file:///a.yaml', 'yaml', 3, 'a: 1\n');
    assert.deepEqual(document.changesSince(3), []);
    document.update(
      [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } }, text: '22' }],
      5,
    );
    assert.deepEqual(document.changesSince(3), [{ start: 3, end: 4, text: '22' }]);
    assert.equal(document.changesSince(4), undefined);
    document.update([{ text: 'b: 2\n' }], 6);
    assert.equal(document.changesSince(3), undefined, 'the whole text was replaced since');
    assert.equal(document.changesSince(5), undefined);
    assert.deepEqual(document.changesSince(6), []);
    for (let version = 7; version < 7 + 70; version++) {
      document.update(
        [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
        version,
      );
    }
    assert.equal(document.changesSince(6), undefined, 'too many versions ago');
    assert.equal(document.changesSince(70)!.length, 6);
  });

  it('types into a 1 MB text without joining it at every keystroke', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n'.repeat(20_000);
    const document = new EditableDocument('file:///big.yaml', 'yaml', 1, text);
    const line = 50_000;
    const lineStart = text.split('\n').slice(0, line).join('\n').length + 1;
    for (let version = 2; version <= 201; version++) {
      const insert = version % 2 === 0;
      document.update(
        [
          {
            range: { start: { line, character: 2 }, end: { line, character: insert ? 2 : 3 } },
            text: insert ? 'n' : '',
          },
        ],
        version,
      );
      // What a keystroke asks of the document: positions, the line count, the length.
      assert.equal(document.offsetAt({ line, character: 3 }), lineStart + 3);
      assert.equal(document.length, text.length + (insert ? 1 : 0));
    }
    // 200 keystrokes of two pieces each: joined once every 32 of them, not 200 times.
    assert.ok(document.joins <= 7, `${document.joins} joins`);
    assert.equal(document.getText(), text);
  });
});
