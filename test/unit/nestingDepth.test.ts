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

function lineCount(text: string): number {
  return text.split('\n').length;
}

describe('mayNestDeeperThan', () => {
  it('never says no where nestingDepth exceeds the limit (20,000 random texts, limits 0–24)', () => {
    const random = new SeededRandom(20261206);
    let spared = 0;
    for (let sample = 0; sample < 20_000; sample++) {
      let text = '';
      for (let piece = random.below(60); piece > 0; piece--) {
        text += pieces[random.below(pieces.length)]!;
      }
      const depth = nestingDepth(text);
      const limit = random.below(25);
      if (!mayNestDeeperThan(text, lineCount(text), limit)) {
        spared++;
        assert.ok(depth <= limit, `${JSON.stringify(text)}: depth ${depth}, limit ${limit}`);
      }
    }
    // The bound must spare some texts for the test to mean anything.
    assert.ok(spared > 2_000, `${spared} spared`);
  });

  it('counts lines, brackets and dashes: exactly at the limit is not over it', () => {
    assert.equal(mayNestDeeperThan('a: [b, {c: -1}]', 1, 4), false);
    assert.equal(mayNestDeeperThan('a: [b, {c: -1}]', 1, 3), true);
    assert.equal(mayNestDeeperThan('x', 300, maxNestingDepth), true);
    assert.equal(mayNestDeeperThan('', 1, 0), true);
    assert.equal(mayNestDeeperThan('', 1, 1), false);
  });

  it('lets the walk judge the deep texts the hostile inputs build', () => {
    for (const text of [
      `a: ${'['.repeat(300)}${']'.repeat(300)}`,
      `a: ${'{a: '.repeat(300)}1${'}'.repeat(300)}`,
      `${'- '.repeat(300)}x`,
      Array.from({ length: 300 }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n'),
    ]) {
      assert.equal(mayNestDeeperThan(text, lineCount(text), maxNestingDepth), true);
      assert.ok(nestingDepth(text) > maxNestingDepth);
    }
  });
});
