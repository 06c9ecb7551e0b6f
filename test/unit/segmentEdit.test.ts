import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManifestParser, splitSegments } from '../../server/src/yaml/manifestFile';
import type { TextChange } from '../../server/src/util/editableDocument';
import {
  commonPrefixLength,
  commonSuffixLength,
  type SegmentBounds,
  type Split,
  splitAfterChanges,
  splitAfterEdit,
  type SplitAfterEdit,
} from '../../server/src/yaml/segments';
import { SeededRandom } from '../bench/random';
import { settledHeap } from '../robustness/memory';
import { corpusYamlFiles } from '../support/corpus';
import { sharedRoot } from '../support/paths';

/** Text that edits insert: markers, their look-alikes, line breaks, comments, directives, content. */
const snippets = [
  '---\n',
  '--- \n',
  '---',
  '...\n',
  '...',
  '\n',
  '\r\n',
  '# comment\n',
  '%YAML 1.1\n',
  'a: 1\n',
  '--- |\n  x\n',
  '-',
  '.',
  'x',
  '   ',
  '----\n',
  'kind: Pod\n',
];

/** A multi-document stream of every kind of segment start (written here, so no corpus is needed). */
const stream = [
  '# leading comment',
  '%YAML 1.1',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'data:',
  '  a: "---"',
  '...',
  '# between',
  '--- |',
  '  literal',
  '---',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  '... # end',
  '',
  '---',
  '# only a comment',
  '---',
  'b: 2',
  '',
].join('\n');

/** Random edits of `text`, each checked: the split after it is the split of the whole new text. */
function checkEdits(text: string, seed: number, edits: number): void {
  const random = new SeededRandom(seed);
  let previous: Split = { text, segments: splitSegments(text) };
  for (let step = 0; step < edits; step++) {
    const old = previous.text;
    const start = random.below(old.length + 1);
    const end = Math.min(old.length, start + (random.below(3) === 0 ? random.below(40) : 0));
    const insert = random.below(4) === 0 ? '' : snippets[random.below(snippets.length)]!;
    const text = old.slice(0, start) + insert + old.slice(end);
    const result = splitAfterEdit(previous, text);
    checkSplit(
      previous.segments,
      result,
      text,
      `seed ${seed}, step ${step}: [${start}, ${end}) → ${JSON.stringify(insert)}`,
    );
    previous = { text, segments: result.segments };
  }
}

/** A split after an edit is the split of the whole new text, and keeps what it says it keeps. */
function checkSplit(
  previous: readonly SegmentBounds[],
  result: SplitAfterEdit,
  text: string,
  context: string,
): void {
  assert.deepEqual(result.segments, splitSegments(text), context);
  assert.equal(result.previousIndex.length, result.segments.length, context);
  const [regionStart, regionEnd] = result.region;
  result.previousIndex.forEach((index, at) => {
    if (index >= 0) {
      assert.equal(previous[index]!.text, result.segments[at]!.text, context);
    }
    // Outside the region split again, every segment is a previous one; before it, at its index.
    assert.ok((at >= regionStart && at < regionEnd) || index >= 0, context);
    assert.ok(at >= regionStart || index === at, context);
  });
}

/** The Kubernetes website examples as one stream (the test is skipped without ../shared). */
function websiteExamples(test: Mocha.Context): string {
  const root = path.join(sharedRoot, 'corpus/k8s-website-examples');
  if (!fs.existsSync(root)) {
    test.skip();
  }
  return corpusYamlFiles(root)
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n---\n');
}

/** Random changes of `text` in batches (as an editor sends them), each batch checked as checkEdits does. */
function checkChanges(text: string, seed: number, batches: number): number {
  const random = new SeededRandom(seed);
  let current = text;
  let segments = splitSegments(text);
  let undecided = 0;
  for (let step = 0; step < batches; step++) {
    const changes: TextChange[] = [];
    let edited = current;
    for (let count = 1 + random.below(3); count > 0; count--) {
      const start = random.below(edited.length + 1);
      const end = Math.min(edited.length, start + (random.below(3) === 0 ? random.below(40) : 0));
      const insert = random.below(4) === 0 ? '' : snippets[random.below(snippets.length)]!;
      changes.push({ start, end, text: insert });
      edited = edited.slice(0, start) + insert + edited.slice(end);
    }
    const result = splitAfterChanges(segments, current.length, changes);
    if (result) {
      checkSplit(segments, result, edited, `seed ${seed}, step ${step}: ${JSON.stringify(changes)}`);
    } else {
      // The segments around a change could not settle the split: the caller splits the text.
      undecided++;
    }
    current = edited;
    segments = splitSegments(edited);
  }
  return undecided;
}

describe('splitAfterEdit: the segments of a new version from the previous one', () => {
  it('finds the common prefix and suffix of two texts, across the blocks it compares', () => {
    const base = 'a'.repeat(10_000);
    assert.equal(commonPrefixLength(base, base), 10_000);
    assert.equal(commonPrefixLength(`${base}x`, `${base}y`), 10_000);
    assert.equal(commonPrefixLength('a'.repeat(5000) + 'b', 'a'.repeat(5000) + 'c'), 5000);
    assert.equal(commonPrefixLength('', 'abc'), 0);
    assert.equal(commonSuffixLength(`x${base}`, `yy${base}`, 10_001), 10_000);
    // Never more than `max`: the suffix does not overlap the prefix.
    assert.equal(commonSuffixLength('aaaa', 'aaaaa', 2), 2);
  });

  it('keeps the previous segments where nothing changed, and moves those after an edit', () => {
    const text = 'a: 1\n---\nb: 2\n---\nc: 3\n';
    const previous = { text, segments: splitSegments(text) };
    const edited = 'a: 1\n---\nb: 22\nx: 0\n---\nc: 3\n';
    const { segments, previousIndex } = splitAfterEdit(previous, edited);
    assert.deepEqual(segments, [
      { text: 'a: 1\n', startLine: 0, startOffset: 0 },
      { text: '---\nb: 22\nx: 0\n', startLine: 1, startOffset: 5 },
      { text: '---\nc: 3\n', startLine: 4, startOffset: 20 },
    ]);
    assert.deepEqual(previousIndex, [0, -1, 2]);
    assert.deepEqual(splitAfterEdit(previous, edited).region, [0, 3]);
    assert.deepEqual(splitAfterEdit(previous, text).previousIndex, [0, 1, 2]);
  });

  it('a marker typed or deleted anywhere gives the split of the whole text (10,000 random edits)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      checkEdits(stream, seed, 200);
    }
  });

  it('gives the split of the whole text after random edits of the Kubernetes website examples', function () {
    checkEdits(websiteExamples(this), 20261205, 300);
  });

  it("splitAfterChanges gives the split of the whole text from the segments and an editor's changes", () => {
    let undecided = 0;
    for (let seed = 1; seed <= 50; seed++) {
      undecided += checkChanges(stream, seed, 200);
    }
    // Only a marker whose meaning depends on a segment beyond the region leaves it undecided.
    assert.ok(undecided < 10_000 / 20, `${undecided} of 10,000 batches undecided`);
  });

  it('splitAfterChanges after random changes of the Kubernetes website examples', function () {
    assert.ok(checkChanges(websiteExamples(this), 20261206, 300) < 15);
  });

  it('ManifestParser reuses the parses of unchanged segments and reads the same documents', () => {
    const parser = new ManifestParser();
    const first = parser.parse(stream);
    const edited = stream.replace('kind: Pod', 'kind: Pod\nmetadata: {}');
    const second = parser.parse(edited);
    const fresh = new ManifestParser().parse(edited);
    assert.deepEqual(
      second.documents.map((document) => [document.startLine, document.segment.text]),
      fresh.documents.map((document) => [document.startLine, document.segment.text]),
    );
    // The segment before the edit and the last one are the same parses as before.
    assert.equal(second.segments[0]!.segment, first.segments[0]!.segment);
    assert.equal(second.segments.at(-1)!.segment, first.segments.at(-1)!.segment);
    assert.notEqual(
      second.segmentAtLine(15)!.segment,
      first.segmentAtLine(15)!.segment,
      'the edited segment is parsed again',
    );
  });

  it('ManifestParser places every document and segment as a fresh parse does, after random edits and changes', () => {
    type File = ReturnType<ManifestParser['parse']>;
    const segmentsOf = (file: File): unknown =>
      file.segments.map(({ startLine, startOffset, lineCount, segment }) => [
        startLine,
        startOffset,
        lineCount,
        segment.text,
      ]);
    const shape = (file: File): unknown => ({
      documents: file.documents.map(({ index, startLine, startOffset, segment, yaml }) => [
        index,
        startLine,
        startOffset,
        segment.text,
        yaml.toJS() as unknown,
      ]),
      segments: segmentsOf(file),
    });
    for (let seed = 1; seed <= 20; seed++) {
      const random = new SeededRandom(seed);
      const parser = new ManifestParser();
      let text = stream;
      parser.parse(text);
      // The changes since the version the parser read last.
      let changes: TextChange[] = [];
      for (let step = 0; step < 60; step++) {
        const start = random.below(text.length + 1);
        const end = Math.min(text.length, start + (random.below(3) === 0 ? random.below(40) : 0));
        // Some steps leave the text as it was: every segment is then taken over.
        const insert =
          random.below(8) === 0 ? text.slice(start, end) : snippets[random.below(snippets.length)]!;
        text = text.slice(0, start) + insert + text.slice(end);
        changes.push({ start, end, text: insert });
        // Some versions are never parsed (the next one is, from all the changes since); the
        // others from their changes (as from an open document) or from their text.
        const how = random.below(4);
        if (how === 0) {
          continue;
        }
        const whole = text;
        const file = how === 1 ? parser.parse(text) : parser.parseChanges(changes, text.length, () => whole);
        changes = [];
        // Some versions are not read (a keystroke superseded before its validation), and some
        // only for their segments (completion): their documents are never made, and the next
        // version makes its own instead of taking them over.
        const read = random.below(4);
        if (read === 0) {
          continue;
        }
        const fresh = new ManifestParser().parse(text);
        assert.deepEqual(
          read === 1 ? segmentsOf(file) : shape(file),
          read === 1 ? segmentsOf(fresh) : shape(fresh),
          `seed ${seed}, step ${step}`,
        );
      }
    }
  });

  it('keeps no earlier version of a large file alive through the segments an edit parsed again', () => {
    // 400 documents of about 2.5 KB: a 1 MB text. Each round types into a different document and
    // takes the keystroke back, so that each version's text is new (a whole-text copy).
    const documents = Array.from(
      { length: 400 },
      (_, index) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${index}\ndata:\n  a: "${'x'.repeat(2500)}"\n`,
    );
    let text = documents.join('---\n');
    const parser = new ManifestParser();
    // Parsed as the first validation does (documents are parsed on first use).
    void parser.parse(text).documents;
    const before = settledHeap();
    for (let round = 0; round < 20; round++) {
      const at = text.indexOf(`name: c${round * 20}\n`) + 5;
      text = `${text.slice(0, at)}z${text.slice(at)}`;
      parser.parse(text);
      text = text.slice(0, at) + text.slice(at + 1);
      // The version typed back is validated (its documents are made); the typed one is not.
      void parser.parse(text).documents;
    }
    // Forty versions of 1 MB went by; what stays is the parses of 20 documents (and the latest
    // text), not 20 versions of the file held by their slices.
    const held = (settledHeap() - before) / 1048576;
    assert.ok(held < 6, `${held.toFixed(1)} MB held`);
  });
});
