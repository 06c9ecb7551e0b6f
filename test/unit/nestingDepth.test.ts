/**
 * The nesting bound that spares most documents the walk of `nestingDepth`
 * (server/src/yaml/manifestFile.ts `mayNestDeeperThan`): whenever it says a text cannot nest
 * deeper than a limit, the walk agrees.
 */
import * as assert from 'node:assert/strict';
import { maxNestingDepth, mayNestDeeperThan, nestingDepth } from '../../server/src/yaml/manifestFile';
import { SeededRandom } from '../bench/random';

const pieces = [
  '- ',
  '-',
  '[',
  ']',
  '{',
  '}',
  'a: ',
  'b',
  ', ',
  ' ',
  '  ',
  '\n',
  '\n  ',
  "'",
  '"',
  '#',
  '\\',
  '\r\n',
];

/** Where each line starts, as the segment's line counter has them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

describe('mayNestDeeperThan', () => {
  it('never says no where nestingDepth exceeds the limit (20,000 random texts, limits 0–40)', () => {
    const random = new SeededRandom(20261206);
    let spared = 0;
    for (let sample = 0; sample < 20_000; sample++) {
      let text = '';
      for (let piece = random.below(60); piece > 0; piece--) {
        text += pieces[random.below(pieces.length)]!;
      }
      const depth = nestingDepth(text);
      const limit = random.below(41);
      if (!mayNestDeeperThan(text, lineStarts(text), limit)) {
        spared++;
        assert.ok(depth <= limit, `${JSON.stringify(text)}: depth ${depth}, limit ${limit}`);
      }
    }
    // The bound must spare some texts for the test to mean anything.
    assert.ok(spared > 2_000, `${spared} spared`);
  });

  it('counts lines, brackets and half the longest line: exactly at the limit is not over it', () => {
    // One line, two brackets, ceil(15 / 2) = 8: 11.
    assert.equal(mayNestDeeperThan('a: [b, {c: -1}]', [0], 11), false);
    assert.equal(mayNestDeeperThan('a: [b, {c: -1}]', [0], 10), true);
    // Three lines, the longest of 4 characters (its line break included): 3 + 2.
    assert.equal(mayNestDeeperThan('a:\n b:\n  c', [0, 3, 7], 5), false);
    assert.equal(mayNestDeeperThan('a:\n b:\n  c', [0, 3, 7], 4), true);
    assert.equal(mayNestDeeperThan('', [0], 1), false);
    assert.equal(mayNestDeeperThan('', [0], 0), true);
  });

  it('lets the walk judge the deep texts the hostile inputs build', () => {
    for (const text of [
      `a: ${'['.repeat(300)}${']'.repeat(300)}`,
      `a: ${'{a: '.repeat(300)}1${'}'.repeat(300)}`,
      `${'- '.repeat(300)}x`,
      Array.from({ length: 300 }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n'),
    ]) {
      assert.equal(mayNestDeeperThan(text, lineStarts(text), maxNestingDepth), true);
      assert.ok(nestingDepth(text) > maxNestingDepth);
    }
  });
});
