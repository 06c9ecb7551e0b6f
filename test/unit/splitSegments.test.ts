import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitSegments, type SegmentBounds } from '../../server/src/yaml/manifestFile';
import { sharedRoot } from '../support/paths';

/**
 * The definition of the split, line by line, as Podscope 0.1.0 computed it: the fast split
 * (one regular expression over the text) must give exactly the same segments.
 */
function splitLineByLine(text: string): SegmentBounds[] {
  const markerPattern = /^(?:---|\.\.\.)(?:[ \t]|\r?$)/;
  const segments: SegmentBounds[] = [];
  let segmentStart = 0;
  let segmentStartLine = 0;
  let hasContent = false;
  let line = 0;
  let offset = 0;
  const push = (end: number): void => {
    segments.push({
      text: text.slice(segmentStart, end),
      startLine: segmentStartLine,
      startOffset: segmentStart,
    });
  };
  while (offset < text.length) {
    let lineEnd = text.indexOf('\n', offset);
    lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    const lineText = text.slice(offset, lineEnd).replace(/\n$/, '');
    if (markerPattern.test(lineText)) {
      if (lineText.startsWith('---')) {
        if (hasContent) {
          push(offset);
          segmentStart = offset;
          segmentStartLine = line;
        }
        hasContent = true;
      } else {
        push(lineEnd);
        segmentStart = lineEnd;
        segmentStartLine = line + 1;
        hasContent = false;
      }
    } else if (!/^\s*(?:#.*)?\r?$/.test(lineText) && !lineText.startsWith('%')) {
      hasContent = true;
    }
    offset = lineEnd;
    line++;
  }
  if (segmentStart < text.length || segments.length === 0) {
    push(text.length);
  }
  return segments;
}

/** A small deterministic generator (xorshift), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

const pieces = [
  '---',
  '...',
  '--- |',
  '---\t',
  '--- {a: 1}',
  '----',
  '...x',
  '... ',
  '---\r',
  '...\r',
  ' ---',
  '#c',
  '# ---',
  '%YAML 1.2',
  '',
  ' ',
  '  \t',
  '\r',
  'a: 1',
  'b:',
  '  - x',
  'k: |',
  '  ---',
  '\u2028---',
  'x\r---',
  '-- -',
];

describe('splitSegments', () => {
  it('gives the same segments as the line-by-line definition on 20,000 generated texts', () => {
    const next = random(20261205);
    for (let run = 0; run < 20000; run++) {
      const lines: string[] = [];
      const count = Math.floor(next() * 12);
      for (let index = 0; index < count; index++) {
        lines.push(pieces[Math.floor(next() * pieces.length)]!);
      }
      const text = lines.join(next() < 0.2 ? '\r\n' : '\n') + (next() < 0.5 ? '\n' : '');
      assert.deepEqual(splitSegments(text), splitLineByLine(text), JSON.stringify(text));
    }
  });

  it('gives the same segments on every manifest of the Kubernetes website examples', function () {
    const root = path.join(sharedRoot, 'corpus/k8s-website-examples');
    if (!fs.existsSync(root)) {
      this.skip();
    }
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.ya?ml$/.test(file));
    assert.ok(files.length > 300);
    const all: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      all.push(text);
      assert.deepEqual(splitSegments(text), splitLineByLine(text), file);
    }
    const joined = all.join('\n---\n');
    assert.deepEqual(splitSegments(joined), splitLineByLine(joined));
  });

  it('splits the examples of the YAML specification as the definition says', () => {
    assert.deepEqual(splitSegments('# c\n%YAML 1.1\n---\na: 1\n...\n--- |\n  x\n---\nb: 2\n'), [
      { text: '# c\n%YAML 1.1\n---\na: 1\n...\n', startLine: 0, startOffset: 0 },
      { text: '--- |\n  x\n', startLine: 5, startOffset: 27 },
      { text: '---\nb: 2\n', startLine: 7, startOffset: 37 },
    ]);
    assert.deepEqual(splitSegments(''), [{ text: '', startLine: 0, startOffset: 0 }]);
  });
});
