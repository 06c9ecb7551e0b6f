import { strict as assert } from 'node:assert';
import {
  type ManifestDocument,
  type ManifestFile,
  ManifestParser,
  type PlacedSegment,
} from '../../server/src/yaml/manifestFile';

/** The definitions, as a walk over every segment and document in order (Podscope 0.1.0). */
function segmentByWalk(file: ManifestFile, line: number): PlacedSegment | undefined {
  let found: PlacedSegment | undefined;
  for (const placed of file.segments) {
    if (placed.startLine > line) {
      break;
    }
    found = placed;
  }
  return found;
}

function documentByWalk(file: ManifestFile, line: number): ManifestDocument | undefined {
  let candidate: ManifestDocument | undefined;
  for (const document of file.documents) {
    if (document.startLine > line) {
      break;
    }
    candidate = document;
    if (document.containsLine(line)) {
      return document;
    }
  }
  return candidate;
}

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
  '  text',
  '# c',
  '',
  'a: 1',
  'b:',
  '  - x',
  'kind: Pod',
  '--- {c: 2}',
  '%YAML 1.1',
];

describe('ManifestFile: the segment and document at a line (binary search)', () => {
  it('answers as the walk over every document on 5,000 generated files, at every line', () => {
    const next = random(5);
    for (let run = 0; run < 5000; run++) {
      const lines = Array.from(
        { length: Math.floor(next() * 14) },
        () => pieces[Math.floor(next() * pieces.length)]!,
      );
      const text = lines.join('\n') + (next() < 0.5 ? '\n' : '');
      const file = new ManifestParser().parse(text);
      for (let line = 0; line <= lines.length + 1; line++) {
        assert.equal(
          file.segmentAtLine(line),
          segmentByWalk(file, line),
          `${JSON.stringify(text)} line ${line}`,
        );
        assert.equal(
          file.documentAtLine(line),
          documentByWalk(file, line),
          `${JSON.stringify(text)} line ${line}`,
        );
      }
    }
  });
});
