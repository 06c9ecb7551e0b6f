import { strict as assert } from 'node:assert';
import { closestMatch, editDistance } from '../../server/src/util/suggest';
import { SeededRandom } from '../bench/random';

/** Optimal string alignment distance from its definition: the whole table. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

/** closestMatch from its definition: every candidate compared. */
function referenceMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) {
      continue;
    }
    const distance =
      candidate.toLowerCase() === word.toLowerCase()
        ? 0.5
        : referenceDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

describe('suggestions (util/suggest.ts)', () => {
  it('measures the optimal string alignment distance', () => {
    assert.equal(editDistance('', ''), 0);
    assert.equal(editDistance('ports', ''), 5);
    assert.equal(editDistance('', 'ports'), 5);
    assert.equal(editDistance('portz', 'ports'), 1);
    assert.equal(editDistance('poarts', 'ports'), 1);
    // A transposition is one edit.
    assert.equal(editDistance('imgae', 'image'), 1);
    assert.equal(editDistance('ca', 'abc'), 3);
  });

  it('suggests a close candidate, a case-only difference first, and nothing far', () => {
    const fields = ['image', 'imagePullPolicy', 'ports', 'env', 'envFrom', 'name'];
    assert.equal(closestMatch('imgae', fields), 'image');
    assert.equal(closestMatch('Ports', fields), 'ports');
    assert.equal(closestMatch('portz', fields), 'ports');
    assert.equal(closestMatch('volumeMounts', fields), undefined);
    assert.equal(closestMatch('image', fields), undefined);
  });

  it('answers as comparing every candidate does, on 20,000 random words and lists', () => {
    const random = new SeededRandom(7);
    const word = (): string =>
      Array.from({ length: 1 + random.below(12) }, () => 'abcdeAB'[random.below(7)]).join('');
    for (let round = 0; round < 20_000; round++) {
      const target = word();
      const candidates = Array.from({ length: random.below(8) }, word);
      assert.equal(editDistance(target, candidates[0] ?? ''), referenceDistance(target, candidates[0] ?? ''));
      assert.equal(
        closestMatch(target, candidates),
        referenceMatch(target, candidates),
        `${target} ${candidates.join(',')}`,
      );
    }
  });
});
