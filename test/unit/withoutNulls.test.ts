/**
 * The data the schema validator sees (server/src/validation/schemaSupport.ts `withoutNulls`):
 * null-valued fields removed, null list items as empty objects, and a document without either
 * given as it is, not copied.
 */
import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { withoutNulls } from '../../server/src/validation/schemaSupport';
import { SeededRandom } from '../bench/random';

/** What withoutNulls gives, written out as the copy it always made before. */
function copied(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map((item: unknown) => (item === null ? {} : copied(item)));
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, child]) => child !== null)
        .map(([key, child]) => [key, copied(child)]),
    );
  }
  return value;
}

function randomValue(random: SeededRandom, depth: number): unknown {
  const choice = random.below(depth > 3 ? 5 : 8);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return random.below(100);
    case 2:
      return `s${random.below(10)}`;
    case 3:
      return random.below(2) === 0;
    case 4:
      return new Date(random.below(1_000_000));
    case 5:
      return Array.from({ length: random.below(4) }, () => randomValue(random, depth + 1));
    case 6:
      return new Map([['a', 1]]);
    default:
      return Object.fromEntries(
        Array.from({ length: random.below(4) }, (_, index) => [`k${index}`, randomValue(random, depth + 1)]),
      );
  }
}

describe('withoutNulls', () => {
  it('removes null fields, makes null items empty objects, and keeps dates', () => {
    const date = new Date(0);
    assert.deepEqual(withoutNulls({ a: null, b: [null, { c: null, d: 1 }], e: date }), {
      b: [{}, { d: 1 }],
      e: date,
    });
  });

  it('gives a document without nulls as it is, and one with a null deep inside as a copy', () => {
    const [document] = parseAllDocuments(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      ports: [{containerPort: 80}]\n',
    );
    const data = document!.toJS() as Record<string, unknown>;
    assert.equal(withoutNulls(data), data);
    const withNull = { ...data, spec: { containers: [{ name: 'web', image: null }] } };
    const result = withoutNulls(withNull);
    assert.notEqual(result, withNull);
    assert.deepEqual(result, { ...data, spec: { containers: [{ name: 'web' }] } });
    // The input is left as it was.
    assert.deepEqual(withNull.spec, { containers: [{ name: 'web', image: null }] });
  });

  it('equals the copy it always made, for 5,000 random values (maps and sets copied as before)', () => {
    const random = new SeededRandom(1206);
    let kept = 0;
    for (let sample = 0; sample < 5_000; sample++) {
      const value = randomValue(random, 0);
      const result = withoutNulls(value);
      assert.deepEqual(result, copied(value), `sample ${sample}`);
      if (result === value && typeof value === 'object' && value !== null) {
        kept++;
      }
    }
    assert.ok(kept > 500, `${kept} kept as they were`);
  });
});
