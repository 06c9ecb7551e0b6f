import * as assert from 'node:assert/strict';
import { compareQuantities, parseQuantity, type Quantity } from '../../server/src/kubernetes/quantity';

function quantity(text: string | number): Quantity {
  const parsed = parseQuantity(text);
  assert.ok(parsed, `${String(text)} should parse`);
  return parsed;
}

function compare(a: string | number, b: string | number): -1 | 0 | 1 {
  return compareQuantities(quantity(a), quantity(b));
}

/** The value as a reduced fraction, to compare exactly. */
function fraction(text: string | number): string {
  const { numerator, denominator } = quantity(text);
  const gcd = (x: bigint, y: bigint): bigint => (y === 0n ? (x < 0n ? -x : x) : gcd(y, x % y));
  const divisor = gcd(numerator, denominator) || 1n;
  const n = numerator / divisor;
  const d = denominator / divisor;
  return d === 1n ? String(n) : `${n}/${d}`;
}

describe('Kubernetes quantities', () => {
  it('reads plain numbers, decimals and signs', () => {
    assert.equal(fraction('1'), '1');
    assert.equal(fraction('0'), '0');
    assert.equal(fraction('1.5'), '3/2');
    assert.equal(fraction('.5'), '1/2');
    assert.equal(fraction('5.'), '5');
    assert.equal(fraction('+2'), '2');
    assert.equal(fraction('-2'), '-2');
    assert.equal(fraction('007'), '7');
  });

  it('reads decimal SI suffixes, milli to exa, and nano and micro', () => {
    assert.equal(fraction('500m'), '1/2');
    assert.equal(fraction('1k'), '1000');
    assert.equal(fraction('1M'), '1000000');
    assert.equal(fraction('2G'), '2000000000');
    assert.equal(fraction('1T'), '1000000000000');
    assert.equal(fraction('1P'), '1000000000000000');
    assert.equal(fraction('1E'), '1000000000000000000');
    assert.equal(fraction('1u'), '1/1000000');
    assert.equal(fraction('1n'), '1/1000000000');
    assert.equal(fraction('1.5k'), '1500');
  });

  it('reads binary SI suffixes, Ki to Ei', () => {
    assert.equal(fraction('1Ki'), '1024');
    assert.equal(fraction('1Mi'), '1048576');
    assert.equal(fraction('1Gi'), '1073741824');
    assert.equal(fraction('1Ti'), String(2n ** 40n));
    assert.equal(fraction('1Pi'), String(2n ** 50n));
    assert.equal(fraction('1Ei'), String(2n ** 60n));
    assert.equal(fraction('1.5Gi'), '1610612736');
    assert.equal(fraction('0.5Ki'), '512');
  });

  it('reads decimal exponents, with E as exponent only when digits follow', () => {
    assert.equal(fraction('1e3'), '1000');
    assert.equal(fraction('1E3'), '1000');
    assert.equal(fraction('1e+3'), '1000');
    assert.equal(fraction('1e-3'), '1/1000');
    assert.equal(fraction('2.5e2'), '250');
    assert.equal(fraction('12E'), '12000000000000000000');
  });

  it('takes YAML numbers as the text they print as', () => {
    assert.equal(fraction(2), '2');
    assert.equal(fraction(0.1), '1/10');
    assert.equal(fraction(1e21), '1000000000000000000000');
    assert.equal(parseQuantity(Number.NaN), undefined);
    assert.equal(parseQuantity(Infinity), undefined);
  });

  it('rejects what the API server rejects', () => {
    for (const text of [
      '',
      ' 1',
      '1 ',
      '1.5.3',
      'Gi',
      '1gi',
      '1KI',
      '1e',
      '1e1.5',
      '1mi',
      '0x10',
      '1Gib',
      '--1',
      '1,5',
      '.',
    ]) {
      assert.equal(parseQuantity(text), undefined, JSON.stringify(text));
    }
    assert.equal(parseQuantity(null), undefined);
    assert.equal(parseQuantity({}), undefined);
    assert.equal(parseQuantity(true), undefined);
  });

  it('refuses absurd exponents instead of computing them', () => {
    assert.equal(parseQuantity('1e100000'), undefined);
    assert.equal(parseQuantity(`1${'0'.repeat(2000)}`), undefined);
    assert.equal(fraction('1e-10000').length, 10003);
  });

  it('compares exactly across units', () => {
    assert.equal(compare('500m', '1'), -1);
    assert.equal(compare('1', '1000m'), 0);
    assert.equal(compare('0.1', '100m'), 0);
    assert.equal(compare(0.1, '100m'), 0);
    assert.equal(compare('1Gi', '1000Mi'), 1);
    assert.equal(compare('1Gi', '1024Mi'), 0);
    assert.equal(compare('1G', '1Gi'), -1);
    assert.equal(compare('128974848', '129e6'), -1);
    assert.equal(compare('129M', '123Mi'), 1);
    assert.equal(compare('1e3', '1k'), 0);
    assert.equal(compare('-1', '0'), -1);
    assert.equal(compare('2', 1.5), 1);
  });

  it('keeps precision where floating point would not', () => {
    // 0.1 + 0.2 !== 0.3 in floating point; as quantities, 100m + 200m is 300m exactly.
    assert.equal(compare('0.3', '300m'), 0);
    assert.equal(compare('9007199254740993', '9007199254740992'), 1);
    assert.equal(compare('1.000000000000000001', '1'), 1);
    assert.equal(compare('1Ei', '1152921504606846975'), 1);
    assert.equal(compare('1n', '0'), 1);
  });
});
