/**
 * Helm capability guards: whether a branch of a template can render on the target Kubernetes
 * release, from the `if` conditions around it that ask the cluster what it serves.
 *
 * - `.Capabilities.APIVersions.Has "policy/v1beta1/PodSecurityPolicy"` (or a bare group/version,
 *   `"policy/v1beta1"`): Helm's `VersionSet.Has` looks the string up in the set it built from the
 *   cluster's discovery, which holds every served group/version and `group/version/Kind`
 *   (helm/helm pkg/chart/common/capabilities.go `VersionSet.Has`; pkg/action/action.go
 *   `GetVersionSet`). What the target serves is the lifecycle table (apiLifecycle.ts) and the
 *   catalog's spans; a group/version Kubernetes does not define (a CRD's) is unknown.
 * - `semverCompare "<constraint>" .Capabilities.KubeVersion.GitVersion` (or `.Version`, the same
 *   string; helm/helm capabilities.go `KubeVersion`): sprig's `semverCompare` checks the version
 *   against a Masterminds/semver v3 constraint (constraints.go: `NewConstraint`, `||` between
 *   alternatives, `,` or spaces between the parts of one; operators `=`, `!=`, `>`, `<`, `>=`,
 *   `=>`, `<=`, `=<`, `~`, `~>`, `^`; a missing minor or patch, or `x`/`*`, makes the part "dirty":
 *   `>1.25` means 1.26 or later, `<=1.25` 1.25.x or earlier, `=1.25` is `~1.25`; `A - B` is
 *   `>= A, <= B`). A part without a pre-release never matches a pre-release version (constraints.go,
 *   every `constraint…` function), and a cluster's GitVersion often is one (`v1.31.4-eks-…`): that
 *   is what the `-0` of `">=1.21-0"` is for. So a constraint is judged for every patch of the
 *   target minor, as a release and as a vendor's pre-release: known only when all agree.
 * - `and`, `or`, `not` and parentheses combine them (text/template's builtins); an `else` branch
 *   renders when every condition before it in its chain is false.
 * Anything else (values, `include`, pipes, `with`/`range`) is unknown: a branch renders unless
 * some condition around it is known to block it, so a guard that cannot be evaluated keeps
 * today's findings.
 */
import { type Catalog, apiVersionOf, inMinor } from '../catalog/catalog';
import { findApiLifecycle, removedApis } from '../kubernetes/apiLifecycle';
import type { BranchCondition, TemplateBranches } from '../yaml/templateBranches';

/** true, false, or undefined when it cannot be known without rendering. */
type Truth = boolean | undefined;

/** What a target serves and its version, for the guards' questions. */
export interface GuardTarget {
  readonly catalog: Catalog;
  readonly minor: number;
}

/**
 * A predicate for segment offsets: true where the template's capability guards say the text
 * cannot render on the target. Undefined when the template has no branches.
 */
export function cannotRenderOn(
  branches: TemplateBranches | undefined,
  target: GuardTarget,
): ((offset: number) => boolean) | undefined {
  if (!branches) {
    return undefined;
  }
  const cache = new Map<string, Truth>();
  const truth = (condition: BranchCondition): Truth => {
    if (condition.keyword !== 'if' || condition.pipeline === undefined) {
      return undefined;
    }
    if (!cache.has(condition.pipeline)) {
      cache.set(condition.pipeline, evaluateCondition(condition.pipeline, target));
    }
    return cache.get(condition.pipeline);
  };
  return (offset) =>
    branches
      .guardsAt(offset)
      .some(
        (guard) =>
          truth(guard.condition) === false || guard.earlier.some((earlier) => truth(earlier) === true),
      );
}

/** The truth of an `if` pipeline on the target. */
export function evaluateCondition(pipeline: string, target: GuardTarget): Truth {
  const tokens = tokenize(pipeline);
  if (!tokens) {
    return undefined;
  }
  const parser = { tokens, index: 0 };
  const command = parseCommand(parser);
  if (!command || parser.index !== tokens.length) {
    return undefined;
  }
  return evaluateCommand(command, target);
}

type Token =
  | { readonly kind: 'open' | 'close' | 'pipe' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string };

type Operand =
  | { readonly kind: 'group'; readonly command: Operand[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string };

/** text/template's lexemes, as far as guards use them; undefined for anything else. */
function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char === '(' ? 'open' : 'close' });
      index++;
    } else if (char === '|') {
      tokens.push({ kind: 'pipe' });
      index++;
    } else if (char === '"') {
      const match = /^"((?:[^"\\\n]|\\.)*)"/.exec(text.slice(index));
      if (!match) {
        return undefined;
      }
      let value: unknown;
      try {
        value = JSON.parse(match[0]);
      } catch {
        return undefined;
      }
      tokens.push({ kind: 'string', value: String(value) });
      index += match[0].length;
    } else if (char === '`') {
      const close = text.indexOf('`', index + 1);
      if (close < 0) {
        return undefined;
      }
      tokens.push({ kind: 'string', value: text.slice(index + 1, close) });
      index = close + 1;
    } else {
      const match = /^[^\s()|"`]+/.exec(text.slice(index));
      if (!match) {
        return undefined;
      }
      tokens.push({ kind: 'word', value: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

/** A command: operands up to a closing parenthesis or the end; a pipe makes it unknown. */
function parseCommand(parser: { tokens: Token[]; index: number }): Operand[] | undefined {
  const operands: Operand[] = [];
  while (parser.index < parser.tokens.length) {
    const token = parser.tokens[parser.index]!;
    if (token.kind === 'close') {
      break;
    }
    parser.index++;
    if (token.kind === 'pipe') {
      return undefined;
    }
    if (token.kind === 'open') {
      const inner = parseCommand(parser);
      if (!inner || parser.tokens[parser.index]?.kind !== 'close') {
        return undefined;
      }
      parser.index++;
      operands.push({ kind: 'group', command: inner });
    } else if (token.kind === 'string' || token.kind === 'word') {
      operands.push(token);
    }
  }
  return operands.length > 0 ? operands : undefined;
}

function evaluateCommand(command: readonly Operand[], target: GuardTarget): Truth {
  const [first, ...args] = command;
  if (!first) {
    return undefined;
  }
  if (first.kind === 'group') {
    return args.length === 0 ? evaluateCommand(first.command, target) : undefined;
  }
  if (first.kind === 'string') {
    // A constant: text/template's truth of a string is its being non-empty.
    return args.length === 0 ? first.value !== '' : undefined;
  }
  const name = first.value;
  if (name === 'not') {
    const value = args.length === 1 ? evaluateOperand(args[0]!, target) : undefined;
    return value === undefined ? undefined : !value;
  }
  if (name === 'and' || name === 'or') {
    if (args.length === 0) {
      return undefined;
    }
    const values = args.map((arg) => evaluateOperand(arg, target));
    const decisive = name === 'and' ? false : true;
    if (values.includes(decisive)) {
      return decisive;
    }
    return values.every((value) => value === !decisive) ? !decisive : undefined;
  }
  if (name === 'semverCompare') {
    const [constraint, version] = args;
    if (args.length !== 2 || constraint?.kind !== 'string' || !version || !isKubeVersion(version)) {
      return undefined;
    }
    return semverCompareOnMinor(constraint.value, target.minor);
  }
  if (isCapabilitiesField(name, 'APIVersions.Has')) {
    const [apiVersion] = args;
    return args.length === 1 && apiVersion?.kind === 'string' ? serves(apiVersion.value, target) : undefined;
  }
  return undefined;
}

function evaluateOperand(operand: Operand, target: GuardTarget): Truth {
  if (operand.kind === 'group') {
    return evaluateCommand(operand.command, target);
  }
  if (operand.kind === 'string') {
    return operand.value !== '';
  }
  return undefined;
}

/** `.Capabilities.<path>` or `$.Capabilities.<path>`. */
function isCapabilitiesField(word: string, path: string): boolean {
  return word === `.Capabilities.${path}` || word === `$.Capabilities.${path}`;
}

/** The cluster's version string: `.Capabilities.KubeVersion.GitVersion` or `.Version`. */
function isKubeVersion(operand: Operand): boolean {
  if (operand.kind === 'group') {
    return operand.command.length === 1 && isKubeVersion(operand.command[0]!);
  }
  return (
    operand.kind === 'word' &&
    (isCapabilitiesField(operand.value, 'KubeVersion.GitVersion') ||
      isCapabilitiesField(operand.value, 'KubeVersion.Version'))
  );
}

/**
 * Whether the target serves a group/version, or a kind of one (`policy/v1beta1/PodSecurityPolicy`,
 * `v1/Pod`), as Helm's version set would hold it; undefined for a group Kubernetes does not
 * define, or a version or kind neither the catalog nor the lifecycle table knows.
 */
function serves(entry: string, target: GuardTarget): Truth {
  const parts = entry.split('/');
  const last = parts[parts.length - 1] ?? '';
  const withKind = parts.length >= 2 && /^[A-Z]/.test(last);
  const apiVersion = withKind ? parts.slice(0, -1).join('/') : entry;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (!target.catalog.hasGroup(group)) {
    return undefined;
  }
  if (withKind) {
    return servesKind(apiVersion, last, target);
  }
  const kinds = new Set<string>();
  for (const kind of target.catalog.kinds) {
    // A list kind (PodDisruptionBudgetList) is served with its item kind: not a kind of its own.
    if (apiVersionOf(kind) === apiVersion && !kind.kind.endsWith('List')) {
      kinds.add(kind.kind);
    }
  }
  for (const row of removedApis) {
    if (row.apiVersion === apiVersion) {
      row.kinds.forEach((kind) => kinds.add(kind));
    }
  }
  const answers = [...kinds].map((kind) => servesKind(apiVersion, kind, target));
  if (answers.includes(true)) {
    return true;
  }
  return answers.length > 0 && answers.every((answer) => answer === false) ? false : undefined;
}

function servesKind(apiVersion: string, kind: string, target: GuardTarget): Truth {
  const { minor, catalog } = target;
  const row = findApiLifecycle(apiVersion, kind);
  if (row && (minor >= row.removedIn || (row.introducedIn !== undefined && minor < row.introducedIn))) {
    return false;
  }
  const known = catalog.getKind(apiVersion, kind);
  const { oldest, newest } = catalog.minors;
  const covered = minor >= oldest && minor <= newest;
  if (known && covered) {
    return inMinor(known.minors, minor);
  }
  if (known?.minors && minor > newest && known.minors[1] < newest) {
    return false;
  }
  return row ? true : undefined;
}

/** A version as Masterminds/semver holds it. */
interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly pre: string;
}

interface Constraint {
  readonly operator: string;
  readonly version: Version;
  readonly dirty: boolean;
  readonly minorDirty: boolean;
  readonly patchDirty: boolean;
}

/**
 * semverCompare's answer for every release 1.<minor>.<patch> and for a vendor's pre-release of
 * each (`-gke.1`); undefined when they differ or the constraint does not parse.
 */
export function semverCompareOnMinor(constraintText: string, minor: number): Truth {
  const alternatives = parseConstraints(constraintText);
  if (!alternatives) {
    return undefined;
  }
  const patches = new Set<number>([0, 1, 2, 99, 10000]);
  for (const alternative of alternatives) {
    for (const part of alternative) {
      for (const delta of [-1, 0, 1]) {
        patches.add(Math.max(0, part.version.patch + delta));
      }
    }
  }
  let answer: Truth;
  let first = true;
  for (const patch of patches) {
    for (const pre of ['', 'gke.1']) {
      const version = { major: 1, minor, patch, pre };
      const result = alternatives.some((alternative) => alternative.every((part) => check(version, part)));
      if (first) {
        answer = result;
        first = false;
      } else if (answer !== result) {
        return undefined;
      }
    }
  }
  return answer;
}

const versionPattern = String.raw`v?([0-9xX*]+)(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+[0-9A-Za-z.-]+)?`;
const operatorPattern = String.raw`=|!=|>|<|>=|=>|<=|=<|~|~>|\^`;

/** constraints.go `NewConstraint`: `||` alternatives of parts; `A - B` ranges rewritten. */
function parseConstraints(text: string): Constraint[][] | undefined {
  const rewritten = text.replace(
    new RegExp(String.raw`\s*(${versionPattern})\s+-\s+(${versionPattern})\s*`, 'g'),
    (_match, low: string, ...rest: unknown[]) => ` >= ${low}, <= ${String(rest[7])} `,
  );
  const alternatives: Constraint[][] = [];
  for (const alternative of rewritten.split('||')) {
    const valid = new RegExp(
      String.raw`^(\s*(${operatorPattern})?\s*(${versionPattern})\s*)((?:\s+|,\s*)(${operatorPattern})?\s*(${versionPattern})\s*)*$`,
    );
    if (!valid.test(alternative)) {
      return undefined;
    }
    const parts: Constraint[] = [];
    const find = new RegExp(String.raw`(${operatorPattern})?\s*(${versionPattern})`, 'g');
    for (const match of alternative.matchAll(find)) {
      const part = parseConstraint(match[1] ?? '', match[2]!);
      if (!part) {
        return undefined;
      }
      parts.push(part);
    }
    alternatives.push(parts);
  }
  return alternatives;
}

/** constraints.go `parseConstraint`: a missing or `x` minor or patch makes it dirty. */
function parseConstraint(operator: string, text: string): Constraint | undefined {
  const match = new RegExp(`^${versionPattern}$`).exec(text);
  if (!match) {
    return undefined;
  }
  const isX = (part: string | undefined): boolean => part === undefined || /^[xX*]$/.test(part);
  const [major, minor, patch] = [match[1], match[2]?.slice(1), match[3]?.slice(1)];
  const pre = match[5] ?? '';
  const number = (part: string | undefined): number => Number(part);
  if (isX(major)) {
    return {
      operator,
      version: { major: 0, minor: 0, patch: 0, pre },
      dirty: true,
      minorDirty: false,
      patchDirty: false,
    };
  }
  if (isX(minor)) {
    return {
      operator,
      version: { major: number(major), minor: 0, patch: 0, pre },
      dirty: true,
      minorDirty: true,
      patchDirty: false,
    };
  }
  if (isX(patch)) {
    return {
      operator,
      version: { major: number(major), minor: number(minor), patch: 0, pre },
      dirty: true,
      minorDirty: false,
      patchDirty: true,
    };
  }
  return {
    operator,
    version: { major: number(major), minor: number(minor), patch: number(patch), pre },
    dirty: false,
    minorDirty: false,
    patchDirty: false,
  };
}

/** constraints.go's `constraint…` functions, for the operator of a part. */
function check(v: Version, c: Constraint): boolean {
  if (v.pre !== '' && c.version.pre === '') {
    return false;
  }
  const order = compare(v, c.version);
  switch (c.operator) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : order === 0;
    case '!=':
      if (c.dirty) {
        if (c.version.major !== v.major) {
          return true;
        }
        if (c.minorDirty) {
          return false;
        }
        if (c.version.minor !== v.minor) {
          return true;
        }
        return comparePrerelease(v.pre, c.version.pre) !== 0;
      }
      return order !== 0;
    case '>':
      if (!c.dirty || (!c.minorDirty && !c.patchDirty)) {
        return order > 0;
      }
      if (v.major !== c.version.major) {
        return v.major > c.version.major;
      }
      return c.minorDirty ? false : v.minor > c.version.minor;
    case '<':
      return order < 0;
    case '>=':
    case '=>':
      return order >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) {
        return order <= 0;
      }
      if (v.major > c.version.major) {
        return false;
      }
      return !(v.major === c.version.major && v.minor > c.version.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      // constraintCaret for a version of major 1 (every Kubernetes): at least the constraint, same
      // major; a constraint of major 0 never matches it.
      return order >= 0 && (c.version.major > 0 || c.minorDirty) && v.major === c.version.major;
    default:
      return false;
  }
}

/** constraints.go `constraintTilde`: at least the constraint, same major, and same minor unless dirty. */
function tilde(v: Version, c: Constraint): boolean {
  if (compare(v, c.version) < 0) {
    return false;
  }
  if (
    c.version.major === 0 &&
    c.version.minor === 0 &&
    c.version.patch === 0 &&
    !c.minorDirty &&
    !c.patchDirty
  ) {
    return true;
  }
  return v.major === c.version.major && (c.minorDirty || v.minor === c.version.minor);
}

/** Semantic Versioning precedence (semver.org §11), as Masterminds/semver's `Compare`. */
function compare(a: Version, b: Version): number {
  return (
    Math.sign(a.major - b.major) ||
    Math.sign(a.minor - b.minor) ||
    Math.sign(a.patch - b.patch) ||
    comparePrerelease(a.pre, b.pre)
  );
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  if (a === '') {
    return 1;
  }
  if (b === '') {
    return -1;
  }
  const [left, right] = [a.split('.'), b.split('.')];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const [x, y] = [left[index], right[index]];
    if (x === undefined) {
      return -1;
    }
    if (y === undefined) {
      return 1;
    }
    const [xNumber, yNumber] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (xNumber && yNumber) {
      const difference = Math.sign(Number(x) - Number(y));
      if (difference !== 0) {
        return difference;
      }
    } else if (xNumber !== yNumber) {
      // Numeric identifiers have lower precedence than alphanumeric ones.
      return xNumber ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}
