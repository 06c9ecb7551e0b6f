/** Counts in messages (server/src/util/text.ts `groupedDigits`): as `toLocaleString('en-US')`. */
import * as assert from 'node:assert/strict';
import { groupedDigits } from '../../server/src/util/text';
import { SeededRandom } from '../bench/random';

describe('groupedDigits', () => {
  it('groups thousands as toLocaleString("en-US") does', () => {
    assert.equal(groupedDigits(16_000), '16,000');
    assert.equal(groupedDigits(999), '999');
    assert.equal(groupedDigits(1_234_567), '1,234,567');
    const random = new SeededRandom(7);
    for (let sample = 0; sample < 2_000; sample++) {
      const magnitude = random.below(10 ** (1 + random.below(10)));
      const count = random.below(4) === 0 ? -magnitude || 0 : magnitude;
      assert.equal(groupedDigits(count), count.toLocaleString('en-US'), String(count));
    }
  });
});
