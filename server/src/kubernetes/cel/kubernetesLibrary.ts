/**
 * The CEL environment of a CRD's validation rules: the CEL standard library of
 * `@marcbachmann/cel-js`, and the Kubernetes extensions the API server adds
 * (k8s.io/apiserver pkg/cel/environment/base.go `baseOptsWithoutStrictCost`), written here on
 * top of it, each after its Go source:
 *
 * - lists (pkg/cel/library/lists.go): `isSorted`, `sum`, `min`, `max`, `indexOf`, `lastIndexOf`;
 * - regex (pkg/cel/library/regex.go): `find`, `findAll`, and `matches` with RE2's syntax;
 * - urls (pkg/cel/library/urls.go over Go's `url.ParseRequestURI`): `url`, `isURL`, `getScheme`,
 *   `getHost`, `getHostname`, `getPort`, `getEscapedPath`;
 * - quantity (pkg/cel/library/quantity.go): `quantity`, `isQuantity`, `sign`, `isInteger`,
 *   `asInteger`, `asApproximateFloat`, `add`, `sub`, `compareTo`, `isGreaterThan`, `isLessThan`;
 * - ip and cidr (pkg/cel/library/ip.go, cidr.go over Go's net/netip): `isIP`, `ip`, `family`,
 *   `isUnspecified`, `isLoopback`, `isCIDR`, `cidr`, `prefixLength`, `containsIP`;
 * - cel-go's ext.Strings version 2 beyond what the library has: `charAt`, `replace`, `reverse`, and
 *   `lowerAscii` / `upperAscii` that change ASCII letters only (the library's change every letter);
 *
 * - sets (cel-go ext.Sets): `sets.contains`, `sets.equivalent`, `sets.intersects`.
 *
 * What is not here (`format.*`, `semver`, the two-variable comprehensions, ext.Lists,
 * the authorizer) fails to compile, and a rule that uses it is reported unsupported, not judged.
 */
import type * as Cel from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };

import type { Quantity } from '../quantity';
import { compareQuantities, parseQuantity } from '../quantity';
import { re2ToRegExp } from './re2';

// The CEL library is an ES module; esbuild bundles it, and Node ≥ 20.19 can require it in tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cel = require('@marcbachmann/cel-js') as typeof Cel;

/** The error a Kubernetes function raises: the rule is not judged (it is an evaluation error). */
function failure(message: string): Error {
  return new Error(message);
}

// ---------------------------------------------------------------------------------------------
// Comparison and equality of CEL values, for the list functions.

function compareValues(a: unknown, b: unknown): number {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    // Cross-type numeric comparisons (cel.CrossTypeNumericComparisons(true) in base.go).
    const left = typeof a === 'bigint' && typeof b === 'bigint' ? a : Number(a);
    const right = typeof a === 'bigint' && typeof b === 'bigint' ? b : Number(b);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    return Number(a) - Number(b);
  }
  if (a instanceof Date && b instanceof Date) {
    return a.getTime() - b.getTime();
  }
  if (isDuration(a) && isDuration(b)) {
    const left = a.seconds * 1_000_000_000n + BigInt(a.nanos);
    const right = b.seconds * 1_000_000_000n + BigInt(b.nanos);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  throw failure('no such overload');
}

function isDuration(value: unknown): value is { seconds: bigint; nanos: number } {
  return typeof value === 'object' && value !== null && value.constructor?.name === 'Duration';
}

function equalValues(a: unknown, b: unknown): boolean {
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return compareValues(a, b) === 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => equalValues(item, b[index]));
  }
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([key, value]) => b.has(key) && equalValues(value, b.get(key)));
  }
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    !(a instanceof Map) &&
    !(b instanceof Map)
  ) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(
        (key) =>
          key in b && equalValues((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
      )
    );
  }
  return a === b;
}

// ---------------------------------------------------------------------------------------------
// lists (k8s.io/apiserver pkg/cel/library/lists.go)

function isSorted(list: readonly unknown[]): boolean {
  for (let index = 1; index < list.length; index++) {
    if (compareValues(list[index - 1], list[index]) > 0) {
      return false;
    }
  }
  return true;
}

function sum(list: readonly unknown[]): unknown {
  if (list.length === 0) {
    return 0n; // an empty list of unknown element type sums to the int 0
  }
  let total: unknown = list[0];
  for (const item of list.slice(1)) {
    if (typeof total === 'bigint' && typeof item === 'bigint') {
      total = total + item;
    } else if (typeof total === 'number' && typeof item === 'number') {
      total = total + item;
    } else {
      throw failure('no such overload');
    }
  }
  return total;
}

/** `min` and `max`: "min called on empty list" (`cmp`). */
function extreme(name: string, list: readonly unknown[], sign: 1 | -1): unknown {
  if (list.length === 0) {
    throw failure(`${name} called on empty list`);
  }
  let result = list[0];
  for (const item of list.slice(1)) {
    if (compareValues(item, result) * sign > 0) {
      result = item;
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// regex (k8s.io/apiserver pkg/cel/library/regex.go) and `matches`

function regexOf(pattern: string): RegExp {
  const regex = re2ToRegExp(pattern);
  if (!regex) {
    throw failure(`Illegal regex: ${pattern}`);
  }
  return regex;
}

function findAll(text: string, pattern: string, limit: bigint): string[] {
  if (limit === 0n) {
    return [];
  }
  const regex = regexOf(pattern);
  const global = new RegExp(regex.source, regex.flags + 'g');
  const result: string[] = [];
  for (const match of text.matchAll(global)) {
    if (limit > 0n && BigInt(result.length) >= limit) {
      break;
    }
    result.push(match[0]);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// urls (k8s.io/apiserver pkg/cel/library/urls.go, pkg/cel/url.go over Go's url.ParseRequestURI)

class KubernetesUrl {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly opaque: string,
  ) {}
}

/**
 * Go's `url.ParseRequestURI` (net/url `parse` with viaRequest): an absolute URI or an absolute
 * path, no fragment; undefined where Go returns an error.
 */
function parseRequestUri(raw: string): KubernetesUrl | undefined {
  // Go's stringContainsCTLByte: a byte below 0x20, or 0x7f.
  if (raw === '' || [...raw].some((char) => char < ' ' || char === '\x7f')) {
    return undefined;
  }
  if (raw === '*') {
    return new KubernetesUrl('', '', '*', '');
  }
  let scheme = '';
  let rest = raw;
  // getScheme: a letter, then letters, digits, '+', '-', '.', up to ':'.
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (/[A-Za-z]/.test(char)) {
      continue;
    }
    if (/[0-9+.-]/.test(char)) {
      if (index === 0) {
        break;
      }
      continue;
    }
    if (char === ':') {
      if (index === 0) {
        return undefined; // missing protocol scheme
      }
      scheme = raw.slice(0, index).toLowerCase();
      rest = raw.slice(index + 1);
    }
    break;
  }
  const query = rest.indexOf('?');
  if (query !== -1) {
    rest = rest.slice(0, query);
  }
  if (!rest.startsWith('/')) {
    // A rootless path after a scheme is opaque; without a scheme it is not a request URI.
    return scheme !== '' ? new KubernetesUrl(scheme, '', '', rest) : undefined;
  }
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    const authorityEnd = rest.indexOf('/', 2);
    const authority = authorityEnd === -1 ? rest.slice(2) : rest.slice(2, authorityEnd);
    rest = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
    const at = authority.lastIndexOf('@');
    host = at === -1 ? authority : authority.slice(at + 1);
    if (!validHost(host)) {
      return undefined;
    }
  }
  let path: string;
  try {
    path = decodeURIComponent(rest);
  } catch {
    return undefined; // an invalid % escape
  }
  return new KubernetesUrl(scheme, host, path, '');
}

/** Go's `parseHost`: an IPv6 literal in brackets, and a port that is digits. */
function validHost(host: string): boolean {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end === -1) {
      return false;
    }
    const port = host.slice(end + 1);
    return port === '' || /^:\d*$/.test(port);
  }
  const colon = host.lastIndexOf(':');
  return colon === -1 || /^\d*$/.test(host.slice(colon + 1));
}

function urlOf(text: string): KubernetesUrl {
  const parsed = parseRequestUri(text);
  if (!parsed) {
    throw failure(`URL parse error during conversion from string: ${text}`);
  }
  return parsed;
}

/** Go's `URL.Hostname` and `URL.Port`. */
function splitHostPort(host: string): { hostname: string; port: string } {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return { hostname: host.slice(1, end), port: host.slice(end + 1).replace(/^:/, '') };
  }
  const colon = host.lastIndexOf(':');
  return colon === -1
    ? { hostname: host, port: '' }
    : { hostname: host.slice(0, colon), port: host.slice(colon + 1) };
}

// ---------------------------------------------------------------------------------------------
// ip and cidr (k8s.io/apiserver pkg/cel/library/ip.go, cidr.go over Go's net/netip)

class KubernetesIp {
  constructor(
    readonly family: 4 | 6,
    readonly bytes: readonly number[],
  ) {}
}

class KubernetesCidr {
  constructor(
    readonly ip: KubernetesIp,
    readonly prefixLength: number,
  ) {}
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  const bytes: number[] = [];
  for (const part of parts) {
    // netip.ParseAddr rejects leading zeros ("IPv4 field has octet with leading zero").
    if (!/^(?:0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) {
      return undefined;
    }
    bytes.push(Number(part));
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (text.includes('%')) {
    return undefined; // a zone: "IP address with zone value is not allowed" (ip.go parseIPAddr)
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') {
      return [];
    }
    const words: number[] = [];
    const pieces = half.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) {
          return undefined;
        }
        words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
        words.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return words;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) {
    return undefined;
  }
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) {
    return undefined;
  }
  const words = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

/** `parseIPAddr` (ip.go): netip.ParseAddr, without zones or IPv4-mapped IPv6 addresses. */
function parseIp(text: string): KubernetesIp | undefined {
  const v4 = parseIpv4(text);
  if (v4) {
    return new KubernetesIp(4, v4);
  }
  const v6 = parseIpv6(text);
  if (!v6) {
    return undefined;
  }
  const mapped = v6.slice(0, 10).every((byte) => byte === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? undefined : new KubernetesIp(6, v6);
}

function ipOf(text: string): KubernetesIp {
  const ip = parseIp(text);
  if (!ip) {
    throw failure(`IP Address '${text}' parse error during conversion from string`);
  }
  return ip;
}

/** netip.ParsePrefix: an address and a decimal prefix length within its family's bits. */
function parseCidr(text: string): KubernetesCidr | undefined {
  const slash = text.indexOf('/');
  if (slash === -1) {
    return undefined;
  }
  const ip = parseIp(text.slice(0, slash));
  const bitsText = text.slice(slash + 1);
  if (!ip || !/^(?:0|[1-9]\d*)$/.test(bitsText)) {
    return undefined;
  }
  const bits = Number(bitsText);
  return bits > ip.bytes.length * 8 ? undefined : new KubernetesCidr(ip, bits);
}

function cidrOf(text: string): KubernetesCidr {
  const cidr = parseCidr(text);
  if (!cidr) {
    throw failure(`network address parse error during conversion from string: ${text}`);
  }
  return cidr;
}

function cidrContains(cidr: KubernetesCidr, ip: KubernetesIp): boolean {
  if (cidr.ip.family !== ip.family) {
    return false;
  }
  for (let bit = 0; bit < cidr.prefixLength; bit++) {
    const mask = 0x80 >> (bit % 8);
    if ((cidr.ip.bytes[bit >> 3]! & mask) !== (ip.bytes[bit >> 3]! & mask)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// quantity (k8s.io/apiserver pkg/cel/library/quantity.go over resource.Quantity)

class KubernetesQuantity {
  constructor(readonly value: Quantity) {}
}

function quantityOf(text: string): KubernetesQuantity {
  const parsed = typeof text === 'string' ? parseQuantity(text) : undefined;
  if (!parsed) {
    throw failure('quantities must match the regular expression');
  }
  return new KubernetesQuantity(parsed);
}

function addQuantities(a: Quantity, b: Quantity, sign: 1n | -1n): KubernetesQuantity {
  return new KubernetesQuantity({
    numerator: a.numerator * b.denominator + sign * b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  });
}

const int64Max = 2n ** 63n - 1n;
const int64Min = -(2n ** 63n);

/** The receiver of `sets.contains(…)`: the namespace as a value of its own type. */
class SetsNamespace {}

// ---------------------------------------------------------------------------------------------

/** The shared environment (building one is expensive: the library registers its whole standard library). */
let environment: Cel.Environment | undefined;

/** The CEL environment of validation rules: `self` and `oldSelf`, and the Kubernetes libraries. */
export function kubernetesCelEnvironment(): Cel.Environment {
  environment ??= createEnvironment();
  return environment;
}

function createEnvironment(): Cel.Environment {
  const env = new cel.Environment({
    // cel-go lets a list literal mix types through dyn; Kubernetes' rules are compiled that way.
    homogeneousAggregateLiterals: false,
    // cel.OptionalTypes() (base.go, from Kubernetes 1.29).
    enableOptionalTypes: true,
  });
  env.registerVariable('self', 'dyn');
  env.registerVariable('oldSelf', 'dyn');

  const list = (value: unknown): readonly unknown[] => value as readonly unknown[];
  env.registerFunction('list.isSorted(): bool', (value: unknown) => isSorted(list(value)));
  env.registerFunction('list.sum(): dyn', (value: unknown) => sum(list(value)));
  env.registerFunction('list.min(): dyn', (value: unknown) => extreme('min', list(value), -1));
  env.registerFunction('list.max(): dyn', (value: unknown) => extreme('max', list(value), 1));
  env.registerFunction('list.indexOf(dyn): int', (value: unknown, item: unknown) =>
    BigInt(list(value).findIndex((element) => equalValues(element, item))),
  );
  env.registerFunction('list.lastIndexOf(dyn): int', (value: unknown, item: unknown) =>
    BigInt(list(value).findLastIndex((element) => equalValues(element, item))),
  );

  env.registerFunction('string.k8sMatches(string): bool', (text: string, pattern: string) =>
    regexOf(pattern).test(text),
  );
  env.registerFunction('k8sMatches(string, string): bool', (text: string, pattern: string) =>
    regexOf(pattern).test(text),
  );
  env.registerFunction(
    'string.find(string): string',
    (text: string, pattern: string) => regexOf(pattern).exec(text)?.[0] ?? '',
  );
  env.registerFunction('string.findAll(string): list<string>', (text: string, pattern: string) =>
    findAll(text, pattern, -1n),
  );
  env.registerFunction(
    'string.findAll(string, int): list<string>',
    (text: string, pattern: string, limit: bigint) => findAll(text, pattern, limit),
  );

  env.registerFunction('string.charAt(int): string', (text: string, index: bigint) => {
    const chars = [...text];
    if (index < 0n || index > BigInt(chars.length)) {
      throw failure(`index out of range: ${index}`);
    }
    return chars[Number(index)] ?? '';
  });
  env.registerFunction('string.replace(string, string): string', (text: string, from: string, to: string) =>
    text.split(from).join(to),
  );
  env.registerFunction(
    'string.replace(string, string, int): string',
    (text: string, from: string, to: string, limit: bigint) => {
      if (limit < 0n) {
        return text.split(from).join(to);
      }
      let result = text;
      let start = 0;
      for (let count = 0n; count < limit; count++) {
        const found = result.indexOf(from, start);
        if (found === -1) {
          break;
        }
        result = result.slice(0, found) + to + result.slice(found + from.length);
        start = found + to.length + (from === '' ? 1 : 0);
      }
      return result;
    },
  );
  env.registerFunction('string.k8sLowerAscii(): string', (text: string) =>
    text.replace(/[A-Z]/g, (letter) => letter.toLowerCase()),
  );
  env.registerFunction('string.k8sUpperAscii(): string', (text: string) =>
    text.replace(/[a-z]/g, (letter) => letter.toUpperCase()),
  );
  env.registerFunction('string.reverse(): string', (text: string) => [...text].reverse().join(''));

  // cel-go ext.Sets (ext/sets.go), enabled from Kubernetes 1.29: list membership as sets.
  env.registerType('kubernetes.SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'kubernetes.SetsNamespace', new SetsNamespace());
  const contains = (a: readonly unknown[], b: readonly unknown[]): boolean =>
    b.every((item) => a.some((element) => equalValues(element, item)));
  env.registerFunction(
    'kubernetes.SetsNamespace.contains(list, list): bool',
    (_: SetsNamespace, a: unknown, b: unknown) => contains(list(a), list(b)),
  );
  env.registerFunction(
    'kubernetes.SetsNamespace.equivalent(list, list): bool',
    (_: SetsNamespace, a: unknown, b: unknown) => contains(list(a), list(b)) && contains(list(b), list(a)),
  );
  env.registerFunction(
    'kubernetes.SetsNamespace.intersects(list, list): bool',
    (_: SetsNamespace, a: unknown, b: unknown) =>
      list(b).some((item) => list(a).some((element) => equalValues(element, item))),
  );

  env.registerType('kubernetes.URL', KubernetesUrl);
  env.registerFunction('url(string): kubernetes.URL', (text: string) => urlOf(text));
  env.registerFunction('isURL(string): bool', (text: string) => parseRequestUri(text) !== undefined);
  env.registerFunction('kubernetes.URL.getScheme(): string', (url: KubernetesUrl) => url.scheme);
  env.registerFunction('kubernetes.URL.getHost(): string', (url: KubernetesUrl) => url.host);
  env.registerFunction(
    'kubernetes.URL.getHostname(): string',
    (url: KubernetesUrl) => splitHostPort(url.host).hostname,
  );
  env.registerFunction(
    'kubernetes.URL.getPort(): string',
    (url: KubernetesUrl) => splitHostPort(url.host).port,
  );
  env.registerFunction('kubernetes.URL.getEscapedPath(): string', (url: KubernetesUrl) =>
    encodeURI(url.path),
  );

  env.registerType('kubernetes.Quantity', KubernetesQuantity);
  // Equal by value (pkg/cel/quantity.go `Quantity.Equal`: Cmp == 0; ip.go, cidr.go: netip equality).
  env.registerOperator(
    'kubernetes.Quantity == kubernetes.Quantity',
    (a: KubernetesQuantity, b: KubernetesQuantity) => compareQuantities(a.value, b.value) === 0,
  );
  env.registerFunction('quantity(string): kubernetes.Quantity', (text: string) => quantityOf(text));
  env.registerFunction('isQuantity(string): bool', (text: string) => parseQuantity(text) !== undefined);
  const sign = (quantity: KubernetesQuantity): bigint => BigInt(Math.sign(Number(quantity.value.numerator)));
  env.registerFunction('sign(kubernetes.Quantity): int', sign);
  env.registerFunction('kubernetes.Quantity.sign(): int', sign);
  env.registerFunction('kubernetes.Quantity.isInteger(): bool', (quantity: KubernetesQuantity) => {
    const { numerator, denominator } = quantity.value;
    return (
      numerator % denominator === 0n &&
      numerator / denominator <= int64Max &&
      numerator / denominator >= int64Min
    );
  });
  env.registerFunction('kubernetes.Quantity.asInteger(): int', (quantity: KubernetesQuantity) => {
    const { numerator, denominator } = quantity.value;
    const value = numerator / denominator;
    if (numerator % denominator !== 0n || value > int64Max || value < int64Min) {
      throw failure('cannot convert value to integer');
    }
    return value;
  });
  env.registerFunction(
    'kubernetes.Quantity.asApproximateFloat(): double',
    (quantity: KubernetesQuantity) => Number(quantity.value.numerator) / Number(quantity.value.denominator),
  );
  env.registerFunction(
    'kubernetes.Quantity.compareTo(kubernetes.Quantity): int',
    (a: KubernetesQuantity, b: KubernetesQuantity) => BigInt(compareQuantities(a.value, b.value)),
  );
  env.registerFunction(
    'kubernetes.Quantity.isGreaterThan(kubernetes.Quantity): bool',
    (a: KubernetesQuantity, b: KubernetesQuantity) => compareQuantities(a.value, b.value) > 0,
  );
  env.registerFunction(
    'kubernetes.Quantity.isLessThan(kubernetes.Quantity): bool',
    (a: KubernetesQuantity, b: KubernetesQuantity) => compareQuantities(a.value, b.value) < 0,
  );
  env.registerFunction(
    'kubernetes.Quantity.add(kubernetes.Quantity): kubernetes.Quantity',
    (a: KubernetesQuantity, b: KubernetesQuantity) => addQuantities(a.value, b.value, 1n),
  );
  env.registerFunction(
    'kubernetes.Quantity.add(int): kubernetes.Quantity',
    (a: KubernetesQuantity, b: bigint) => addQuantities(a.value, { numerator: b, denominator: 1n }, 1n),
  );
  env.registerFunction(
    'kubernetes.Quantity.sub(kubernetes.Quantity): kubernetes.Quantity',
    (a: KubernetesQuantity, b: KubernetesQuantity) => addQuantities(a.value, b.value, -1n),
  );
  env.registerFunction(
    'kubernetes.Quantity.sub(int): kubernetes.Quantity',
    (a: KubernetesQuantity, b: bigint) => addQuantities(a.value, { numerator: b, denominator: 1n }, -1n),
  );

  env.registerType('net.IP', KubernetesIp);
  env.registerType('net.CIDR', KubernetesCidr);
  const sameIp = (a: KubernetesIp, b: KubernetesIp): boolean =>
    a.family === b.family && a.bytes.every((byte, index) => byte === b.bytes[index]);
  env.registerOperator('net.IP == net.IP', sameIp);
  env.registerOperator(
    'net.CIDR == net.CIDR',
    (a: KubernetesCidr, b: KubernetesCidr) => a.prefixLength === b.prefixLength && sameIp(a.ip, b.ip),
  );
  env.registerFunction('isIP(string): bool', (text: string) => parseIp(text) !== undefined);
  env.registerFunction('ip(string): net.IP', (text: string) => ipOf(text));
  env.registerFunction('net.IP.family(): int', (ip: KubernetesIp) => BigInt(ip.family));
  env.registerFunction('net.IP.isUnspecified(): bool', (ip: KubernetesIp) =>
    ip.bytes.every((byte) => byte === 0),
  );
  env.registerFunction('net.IP.isLoopback(): bool', (ip: KubernetesIp) =>
    ip.family === 4
      ? ip.bytes[0] === 127
      : ip.bytes.slice(0, 15).every((byte) => byte === 0) && ip.bytes[15] === 1,
  );
  env.registerFunction('isCIDR(string): bool', (text: string) => parseCidr(text) !== undefined);
  env.registerFunction('cidr(string): net.CIDR', (text: string) => cidrOf(text));
  env.registerFunction('net.CIDR.prefixLength(): int', (cidr: KubernetesCidr) => BigInt(cidr.prefixLength));
  env.registerFunction('net.CIDR.ip(): net.IP', (cidr: KubernetesCidr) => cidr.ip);
  env.registerFunction('net.CIDR.containsIP(string): bool', (cidr: KubernetesCidr, text: string) =>
    cidrContains(cidr, ipOf(text)),
  );
  env.registerFunction('net.CIDR.containsIP(net.IP): bool', (cidr: KubernetesCidr, ip: KubernetesIp) =>
    cidrContains(cidr, ip),
  );
  return env;
}
