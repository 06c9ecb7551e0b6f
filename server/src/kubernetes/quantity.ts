/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `2.5e3`), parsed into exact rationals so that
 * comparisons never suffer from floating-point rounding: `0.1` and `100m` are equal, and
 * `1Gi` (1073741824) is more than `1000Mi` (1048576000).
 *
 * The grammar is the API server's (k8s.io/apimachinery/pkg/api/resource):
 *
 *     quantity  ::= sign? numeric suffix
 *     numeric   ::= digits | digits "." digits? | "." digits
 *     suffix    ::= Ki | Mi | Gi | Ti | Pi | Ei          (powers of 1024)
 *                 | n | u | m | "" | k | M | G | T | P | E (powers of 1000)
 *                 | (e | E) sign? digits              (powers of 10)
 */

/** A quantity as the exact fraction numerator / denominator; the denominator is positive. */
export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const binaryExponents: Readonly<Record<string, bigint>> = {
  Ki: 10n,
  Mi: 20n,
  Gi: 30n,
  Ti: 40n,
  Pi: 50n,
  Ei: 60n,
};

const decimalExponents: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const quantityPattern =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|[eE]([+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/;

/**
 * Exponents beyond this are not worth exact arithmetic (10^10000 has ten thousand digits); such
 * text is reported as unparsable rather than making every keystroke slow.
 */
const maxDecimalExponent = 10_000;
const maxLength = 1_000;

/** Parses a quantity written as text or as a YAML number; undefined when it is not one. */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) {
      return undefined;
    }
    // String(1e21) is "1e+21", which the grammar accepts; String(0.1) is "0.1", exactly.
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return undefined;
  }
  if (text.length > maxLength) {
    return undefined;
  }
  const match = quantityPattern.exec(text);
  if (!match) {
    return undefined;
  }
  const [, sign, numeric, binarySuffix, exponentText, decimalSuffix] = match;
  const [whole = '', fraction = ''] = numeric!.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  if (binarySuffix !== undefined) {
    numerator *= 2n ** binaryExponents[binarySuffix]!;
  } else if (exponentText !== undefined) {
    const value = Number(exponentText);
    if (!Number.isSafeInteger(value) || Math.abs(value) > maxDecimalExponent) {
      return undefined;
    }
    exponent += value;
  } else {
    exponent += decimalExponents[decimalSuffix ?? '']!;
  }
  if (sign === '-') {
    numerator = -numerator;
  }
  return exponent >= 0
    ? { numerator: numerator * 10n ** BigInt(exponent), denominator: 1n }
    : { numerator, denominator: 10n ** BigInt(-exponent) };
}

/** -1, 0 or 1 as a is less than, equal to, or more than b. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}
