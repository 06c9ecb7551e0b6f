/**
 * A CRD's validation rules (`x-kubernetes-validations`) evaluated as the API server does on a
 * create (k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go
 * `Validator.validate`): every node of the custom resource whose schema has rules, with `self`
 * bound to the node's value, typed by its schema (`celValues.ts`); a rule that is false reports
 * its `message`, or the value of its `messageExpression`, or "failed rule: <rule>"
 * (`ruleMessageOrDefault`), at the node or at its `fieldPath`.
 *
 * Quiet on what it cannot judge: a rule that does not compile with the CEL library here (a
 * Kubernetes function it lacks, a syntax it does not read) is reported as unsupported, never as a
 * failure; a rule that raises an error while it runs is counted, not reported (the API server
 * would report "<error> evaluating rule", but the error may be this library's, not the rule's). A
 * transition rule (one that reads `oldSelf`) is not evaluated, as on a create: an editor has no
 * old object (`compiled.UsesOldSelf && oldObj == nil` → skipped), unless it sets
 * `optionalOldSelf`, when `oldSelf` is `optional.none()`.
 */
import type * as Cel from '@marcbachmann/cel-js' with { 'resolution-mode': 'import' };

import type { JsonObject } from '../../common/guards';
import { isJsonObject, listOf, objectOf, stringOf } from '../../common/guards';
import type { PathSegment } from '../../common/paths';
import type { CelValueCache } from './celValues';
import { celValueOf, invalidData, withDefaults } from './celValues';
import { kubernetesCelEnvironment } from './kubernetesLibrary';
import { re2ToRegExp } from './re2';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Optional } = require('@marcbachmann/cel-js') as typeof Cel;

/** A rule that is false for the value. */
export interface CelViolation {
  /** Where the API server reports it: the node's path, followed by the rule's `fieldPath`. */
  path: PathSegment[];
  message: string;
  rule: string;
  /** The rule's `reason` (FieldValueInvalid, FieldValueForbidden, FieldValueRequired, FieldValueDuplicate). */
  reason?: string;
  /** The rule's `fieldPath` as written (`.spec.foo`, `['a.b']`). */
  fieldPath?: string;
}

/** A rule that is not judged here: shown as documentation only. */
export interface UnsupportedRule {
  path: PathSegment[];
  rule: string;
  /** Why it cannot be evaluated (the library's compile error, an RE2 pattern JavaScript cannot read). */
  why: string;
}

/** Everything one evaluation found, for the diagnostics and for the figures. */
export interface CelRulesReport {
  violations: CelViolation[];
  unsupported: UnsupportedRule[];
  /** Rules that held. */
  passed: number;
  /** Transition rules (`oldSelf`), not evaluated without an old object. */
  transitionRules: number;
  /** Rules over a value of the wrong type for its schema (the schema's diagnostics report it). */
  invalidData: number;
  /** Rules that raised an error while they ran (not reported). */
  evaluationErrors: { path: PathSegment[]; rule: string; error: string }[];
  /** Rules not evaluated because the cost bound was reached. */
  overBudget: number;
}

/** The cost bounds of one document's rules. */
export interface CelCostLimits {
  /** The most one rule may cost on one node. */
  perCall: number;
  /** The most all the rules of one document may cost together. */
  perDocument: number;
}

/**
 * The API server's bounds (k8s.io/apiserver pkg/apis/cel/config.go: `PerCallLimit` = 1,000,000,
 * `RuntimeCELCostBudget` = 10,000,000 per request). The cost here is an upper estimate that needs
 * no clock: the size of `self` (its scalars, items and fields) raised to the depth of the rule's
 * nested comprehensions, so a rule over a huge list is refused before it runs, not interrupted.
 */
export const kubernetesCostLimits: CelCostLimits = { perCall: 1_000_000, perDocument: 10_000_000 };

/** A rule as the API server reads it (apiextensions `ValidationRule`). */
interface ValidationRule {
  readonly rule: string;
  readonly message: string | undefined;
  readonly messageExpression: string | undefined;
  readonly fieldPath: string | undefined;
  readonly reason: string | undefined;
  readonly optionalOldSelf: boolean;
}

/** A rule compiled once: its program, or why it cannot be evaluated. */
type CompiledRule =
  | {
      readonly supported: true;
      readonly program: Cel.ParseResult;
      readonly usesOldSelf: boolean;
      /** The deepest nesting of comprehensions (`all`, `exists`, `map`…), for the cost bound. */
      readonly comprehensionDepth: number;
    }
  | { readonly supported: false; readonly why: string };

/**
 * The library's functions that differ from cel-go's, and the Kubernetes environment's versions a
 * rule calls instead: `matches` reads RE2's syntax, not JavaScript's; `lowerAscii` and
 * `upperAscii` change ASCII letters only (cel-go ext/strings.go), not every letter.
 */
const renamedFunctions: ReadonlyMap<string, string> = new Map([
  ['matches', 'k8sMatches'],
  ['lowerAscii', 'k8sLowerAscii'],
  ['upperAscii', 'k8sUpperAscii'],
]);

const comprehensions = new Set([
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'sortBy',
  'transformList',
  'transformMap',
]);

/** Compiled rules by their text, bounded: a workspace's CRDs hold a few hundred distinct rules. */
const compiledRules = new Map<string, CompiledRule>();
const maxCompiledRules = 2_000;

/**
 * Whether a rule can be evaluated here, and why not. The hover shows an unsupported rule as
 * documentation only.
 */
export function validationRuleSupport(rule: string): { supported: true } | { supported: false; why: string } {
  const compiled = compileRule(rule);
  return compiled.supported ? { supported: true } : { supported: false, why: compiled.why };
}

function compileRule(rule: string): CompiledRule {
  const cached = compiledRules.get(rule);
  if (cached) {
    return cached;
  }
  const compiled = compileUncached(rule);
  if (compiledRules.size >= maxCompiledRules) {
    compiledRules.delete(compiledRules.keys().next().value!);
  }
  compiledRules.set(rule, compiled);
  return compiled;
}

function compileUncached(rule: string): CompiledRule {
  const env = kubernetesCelEnvironment();
  try {
    const parsed = env.parse(rule);
    const facts: RuleFacts = { usesOldSelf: false, depth: 0, patternProblem: undefined, edits: [] };
    inspect(parsed.ast, 0, facts);
    if (facts.patternProblem !== undefined) {
      return {
        supported: false,
        why: `the RE2 pattern ${JSON.stringify(facts.patternProblem)} has no JavaScript equivalent`,
      };
    }
    const source = applyEdits(rule, facts.edits);
    const program = source === rule ? parsed : env.parse(source);
    const checked = program.check();
    if (!checked.valid) {
      return { supported: false, why: firstLine(checked.error?.message ?? 'does not compile') };
    }
    return { supported: true, program, usesOldSelf: facts.usesOldSelf, comprehensionDepth: facts.depth };
  } catch (error) {
    return { supported: false, why: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!;
}

interface RuleFacts {
  usesOldSelf: boolean;
  depth: number;
  patternProblem: string | undefined;
  /** Rewrites of the source for this library (see `inspect`). */
  edits: SourceEdit[];
}

/** A replacement of the source between two offsets. */
interface SourceEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The source with the edits applied; an edit that overlaps an earlier one is left out. */
function applyEdits(source: string, edits: readonly SourceEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let result = '';
  let offset = 0;
  for (const edit of sorted) {
    if (edit.start < offset) {
      continue;
    }
    result += source.slice(offset, edit.start) + edit.text;
    offset = edit.end;
  }
  return result + source.slice(offset);
}

/** Walks a parsed rule: `oldSelf`, comprehension depth, RE2 patterns, and the calls to rewrite. */
function inspect(node: Cel.ASTNode, depth: number, facts: RuleFacts): void {
  if (node.op === 'id' && node.args === 'oldSelf') {
    facts.usesOldSelf = true;
  }
  let innerDepth = depth;
  if (node.op === 'rcall' || node.op === 'call') {
    const [name] = node.args;
    const callArgs = node.op === 'rcall' ? node.args[2] : node.args[1];
    if (node.op === 'rcall' && comprehensions.has(name)) {
      innerDepth = depth + 1;
      facts.depth = Math.max(facts.depth, innerDepth);
    }
    if (name === 'matches' || name === 'find' || name === 'findAll') {
      const patternNode = node.op === 'rcall' ? callArgs[0] : callArgs[1];
      if (
        patternNode?.op === 'value' &&
        typeof patternNode.args === 'string' &&
        !re2ToRegExp(patternNode.args)
      ) {
        facts.patternProblem = patternNode.args;
      }
    }
    const replacement = renamedFunctions.get(name);
    if (replacement !== undefined) {
      // Renamed to the Kubernetes environment's own (by the name's offset in the source, never
      // inside a string).
      const before = node.op === 'rcall' ? node.args[1].range.end : node.range.start;
      const after = callArgs[0]?.range.start ?? node.range.end;
      const offset = node.input.slice(before, after).indexOf(name);
      if (offset !== -1) {
        facts.edits.push({ start: before + offset, end: before + offset + name.length, text: replacement });
      }
    }
    if (node.op === 'call' && name === 'has' && callArgs.length === 1) {
      // has(e.f) on any e (cel-spec "Field Selection"); the library takes only a chain of names
      // (`has(self.a.b)`), so has(self[0].f) is written as the optional selection that means the
      // same: `(self[0]).?f.hasValue()`.
      const selection = callArgs[0]!;
      if (selection.op === '.' && !isNameChain(selection)) {
        const [operand, field] = selection.args;
        facts.edits.push({
          start: node.range.start,
          end: node.range.end,
          text: `((${node.input.slice(operand.range.start, operand.range.end)}).?${field}.hasValue())`,
        });
      }
    }
  }
  for (const child of childrenOf(node)) {
    inspect(child, innerDepth, facts);
  }
}

/** `a.b.c`: the only argument the library's `has` takes. */
function isNameChain(node: Cel.ASTNode): boolean {
  let current = node;
  while (current.op === '.') {
    current = current.args[0];
  }
  return current.op === 'id';
}

function childrenOf(node: Cel.ASTNode): Cel.ASTNode[] {
  const children: Cel.ASTNode[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(collect);
    } else if (typeof value === 'object' && value !== null && 'op' in value && 'args' in value) {
      children.push(value as Cel.ASTNode);
    }
  };
  collect(node.args);
  return children;
}

/** The rules of each schema node, read once: a CRD's schema objects live as long as its type. */
const rulesBySchema = new WeakMap<JsonObject, readonly ValidationRule[]>();

/** Whether a schema node or any node below it has rules: a subtree without any is not walked. */
const rulesBelowBySchema = new WeakMap<JsonObject, boolean>();

function hasRulesBelow(schema: JsonObject): boolean {
  const known = rulesBelowBySchema.get(schema);
  if (known !== undefined) {
    return known;
  }
  rulesBelowBySchema.set(schema, false); // a schema shared inside itself is not walked twice
  const children = [
    ...Object.values(objectOf(schema['properties']) ?? {}),
    schema['items'],
    schema['additionalProperties'],
    ...listOf(schema['allOf']),
  ];
  const found =
    rulesOf(schema).length > 0 ||
    children.some((child) => {
      const childSchema = objectOf(child);
      return childSchema !== undefined && hasRulesBelow(childSchema);
    });
  rulesBelowBySchema.set(schema, found);
  return found;
}

/** The rules of a schema node: its own and those of its `allOf` (validation.go `AllOfValidators`). */
function rulesOf(schema: JsonObject): readonly ValidationRule[] {
  const known = rulesBySchema.get(schema);
  if (known) {
    return known;
  }
  const rules = readRules(schema);
  rulesBySchema.set(schema, rules);
  return rules;
}

function readRules(schema: JsonObject): ValidationRule[] {
  const rules: ValidationRule[] = [];
  const read = (node: JsonObject): void => {
    for (const entry of listOf(node['x-kubernetes-validations'])) {
      const object = objectOf(entry);
      const rule = stringOf(object?.['rule']);
      if (!object || rule === undefined || rule.trim() === '') {
        continue;
      }
      rules.push({
        rule,
        message: stringOf(object['message']),
        messageExpression: stringOf(object['messageExpression']),
        fieldPath: stringOf(object['fieldPath']),
        reason: stringOf(object['reason']),
        optionalOldSelf: object['optionalOldSelf'] === true,
      });
    }
  };
  read(schema);
  for (const part of listOf(schema['allOf'])) {
    const partSchema = objectOf(part);
    if (partSchema) {
      read(partSchema);
    }
  }
  return rules;
}

/**
 * A rule's `fieldPath` as path segments (validation.go `ValidFieldPath`: `.name` and
 * `['quoted name']`), or undefined when it is not one.
 */
export function fieldPathSegments(fieldPath: string): string[] | undefined {
  const segments: string[] = [];
  let rest = fieldPath.trim();
  while (rest.length > 0) {
    const dotted = /^\.([^.[\]]+)/.exec(rest);
    if (dotted) {
      segments.push(dotted[1]!);
      rest = rest.slice(dotted[0].length);
      continue;
    }
    const quoted = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
    if (quoted) {
      segments.push(quoted[1]!.replace(/\\(.)/g, '$1'));
      rest = rest.slice(quoted[0].length);
      continue;
    }
    return undefined;
  }
  return segments;
}

/** `ruleErrorString`: the message when there is one, otherwise the rule, trimmed. */
function ruleMessageOrDefault(rule: ValidationRule): string {
  const message = rule.message?.trim();
  return message ? message : `failed rule: ${rule.rule.trim()}`;
}

/**
 * The size of a CEL value for the cost bound: its scalars, items and fields. Remembered per value,
 * so that the nodes of one document are counted once however many rules read them.
 */
function sizeOf(value: unknown, sizes: WeakMap<object, number>): number {
  if (typeof value !== 'object' || value === null) {
    return 1;
  }
  const known = sizes.get(value);
  if (known !== undefined) {
    return known;
  }
  const children: Iterable<unknown> = Array.isArray(value)
    ? (value as unknown[])
    : value instanceof Map
      ? (value as Map<unknown, unknown>).values()
      : isJsonObject(value)
        ? Object.values(value)
        : [];
  let size = 1;
  for (const child of children) {
    size += sizeOf(child, sizes);
  }
  sizes.set(value, size);
  return size;
}

/** A path built as the walk descends, made a list only where a rule reports. */
type LinkedPath = { readonly parent: LinkedPath; readonly segment: PathSegment } | undefined;

function pathOf(at: LinkedPath): PathSegment[] {
  const path: PathSegment[] = [];
  for (let link = at; link !== undefined; link = link.parent) {
    path.push(link.segment);
  }
  return path.reverse();
}

/** The violations of a custom resource's validation rules. */
export function checkValidationRules(schema: JsonObject, value: unknown): CelViolation[] {
  return evaluateValidationRules(schema, value).violations;
}

/**
 * Every rule of the schema evaluated over the value (a whole custom resource when `schema` is its
 * version's `openAPIV3Schema`): what failed, what cannot be judged, and the counts.
 */
export function evaluateValidationRules(
  schema: JsonObject,
  value: unknown,
  limits: CelCostLimits = kubernetesCostLimits,
): CelRulesReport {
  const report: CelRulesReport = {
    violations: [],
    unsupported: [],
    passed: 0,
    transitionRules: 0,
    invalidData: 0,
    evaluationErrors: [],
    overBudget: 0,
  };
  let remaining = limits.perDocument;
  const values: CelValueCache = new WeakMap();
  const sizes = new WeakMap<object, number>();
  const visit = (node: unknown, nodeSchema: JsonObject, at: LinkedPath, isResourceRoot: boolean): void => {
    // "We only validate non-null values" (validateExpressions); a subtree without rules is skipped.
    if (node === null || node === undefined || !hasRulesBelow(nodeSchema)) {
      return;
    }
    const rules = rulesOf(nodeSchema);
    if (rules.length > 0) {
      const path = pathOf(at);
      let self: unknown;
      let size = 0;
      for (const rule of rules) {
        const compiled = compileRule(rule.rule);
        if (!compiled.supported) {
          report.unsupported.push({ path, rule: rule.rule, why: compiled.why });
          continue;
        }
        if (compiled.usesOldSelf && !rule.optionalOldSelf) {
          report.transitionRules++;
          continue;
        }
        if (self === undefined) {
          self = celValueOf(node, nodeSchema, isResourceRoot, values);
          size = self === invalidData ? 0 : sizeOf(self, sizes);
        }
        if (self === invalidData) {
          report.invalidData++;
          continue;
        }
        const cost = Math.max(1, size ** Math.max(1, compiled.comprehensionDepth));
        if (cost > limits.perCall || cost > remaining) {
          report.overBudget++;
          continue;
        }
        remaining -= cost;
        const activation = { self, oldSelf: Optional.none() };
        let result: unknown;
        try {
          result = compiled.program(activation);
        } catch (error) {
          report.evaluationErrors.push({
            path,
            rule: rule.rule,
            error: firstLine(error instanceof Error ? error.message : String(error)),
          });
          continue;
        }
        if (result === true) {
          report.passed++;
          continue;
        }
        if (result !== false) {
          report.evaluationErrors.push({ path, rule: rule.rule, error: 'the rule does not give a bool' });
          continue;
        }
        report.violations.push(violationOf(rule, activation, path));
      }
    }
    descend(node, nodeSchema, at);
  };
  const descend = (node: unknown, nodeSchema: JsonObject, at: LinkedPath): void => {
    if (Array.isArray(node)) {
      const items = objectOf(nodeSchema['items']);
      if (items) {
        node.forEach((item, index) =>
          visit(
            item,
            items,
            { parent: at, segment: index },
            items['x-kubernetes-embedded-resource'] === true,
          ),
        );
      }
      return;
    }
    if (!isJsonObject(node)) {
      return;
    }
    const properties = objectOf(nodeSchema['properties']);
    const additional = objectOf(nodeSchema['additionalProperties']);
    for (const [key, child] of Object.entries(node)) {
      const childSchema = objectOf(properties?.[key]) ?? additional;
      if (childSchema) {
        visit(
          child,
          childSchema,
          { parent: at, segment: key },
          childSchema['x-kubernetes-embedded-resource'] === true,
        );
      }
    }
  };
  try {
    visit(withDefaults(value, schema), schema, undefined, true);
  } catch {
    // A value nested deeper than the stack allows: what was found so far stands, the rest is not judged.
  }
  return report;
}

function violationOf(rule: ValidationRule, activation: { self: unknown }, path: PathSegment[]): CelViolation {
  const fieldSegments = rule.fieldPath !== undefined ? fieldPathSegments(rule.fieldPath) : undefined;
  const violation: CelViolation = {
    path: fieldSegments ? [...path, ...fieldSegments] : path,
    message: messageOf(rule, activation),
    rule: rule.rule,
  };
  if (rule.reason !== undefined) {
    violation.reason = rule.reason;
  }
  if (rule.fieldPath !== undefined) {
    violation.fieldPath = rule.fieldPath;
  }
  return violation;
}

/**
 * The `messageExpression`'s value when it evaluates to a non-empty string of one line
 * (`evalMessageExpression`), otherwise the message or the default.
 */
function messageOf(rule: ValidationRule, activation: { self: unknown }): string {
  if (rule.messageExpression !== undefined) {
    const compiled = compileRule(rule.messageExpression);
    if (compiled.supported) {
      try {
        const message: unknown = compiled.program(activation);
        if (
          typeof message === 'string' &&
          message.trim() !== '' &&
          !/[\r\n]/.test(message) &&
          message.length <= 5 * 1024
        ) {
          return message;
        }
      } catch {
        // "messageExpression evaluation failed": the message or the default is used.
      }
    }
  }
  return ruleMessageOrDefault(rule);
}
