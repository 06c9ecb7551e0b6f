import Ajv, { type ValidateFunction } from 'ajv';
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument, type Range } from 'yaml';
import { plainData } from '../yaml/manifestFile';
import { isJsonObject, type JsonObject } from '../common/guards';
import { editDistance } from '../util/suggest';
import { parseAssertion } from './assertions';
import { scenarioSchema, type ScenarioSchemaNode } from './scenarioSchema';
import type { Scenario } from './types';

// The simulator and the CLI read the limits here; the schema is their one definition.
export { defaultDurationSeconds, maxDurationSeconds } from './scenarioSchema';

/**
 * Reads and checks a scenario (YAML or JSON) against its schema (scenarioSchema.ts). Validation
 * works on plain data, so that a scenario built in code (the webview) gets the same checks;
 * `parseScenario` then points each problem at its line and column in the text.
 */

export type ScenarioPath = (string | number)[];

export interface ScenarioProblem {
  severity: 'error' | 'warning';
  message: string;
  path: ScenarioPath;
  /** 1-based, when the scenario came from text. */
  line?: number;
  column?: number;
  /** Characters into the string value at `path` where the problem is (an assertion's word). */
  offset?: number;
}

type Fields = JsonObject;

/** Compiled on first use: most runs of the server never check a scenario. */
let isValidScalar: ((node: ScenarioSchemaNode, value: unknown) => boolean) | undefined;

/** Checks a scenario given as plain data. The scenario returned keeps only the valid fields. */
export function validateScenario(value: unknown): { scenario: Scenario; problems: ScenarioProblem[] } {
  const checker = new Checker((isValidScalar ??= scalarValidator()));
  const scenario = checker.scenario(value);
  const problems = checker.problems;
  if (scenario.assert) {
    // Each assertion is checked by its own parser (assertions.ts); a wrong one is dropped.
    scenario.assert = scenario.assert.filter((expression, index) => {
      const parsed = parseAssertion(expression);
      if (!parsed.ok) {
        problems.push({
          severity: 'error',
          path: ['assert', index],
          message: `${formatPath(['assert', index])}: ${parsed.error.message}`,
          offset: parsed.error.column - 1,
        });
      }
      return parsed.ok;
    });
  }
  return { scenario, problems };
}

/**
 * Parses scenario text and checks it; problems carry positions. With `containerNames`, a
 * container the pod does not have is an error too.
 */
export function parseScenario(
  text: string,
  containerNames?: readonly string[],
): { scenario: Scenario | undefined; problems: ScenarioProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  const syntaxErrors = document.errors.map((error): ScenarioProblem => {
    const position = error.linePos?.[0];
    return {
      severity: 'error',
      message: error.message.split('\n')[0] ?? error.message,
      path: [],
      ...(position ? { line: position.line, column: position.col } : {}),
    };
  });
  if (syntaxErrors.length > 0) {
    return { scenario: undefined, problems: syntaxErrors };
  }
  const data = plainData(document, 100);
  if (data === undefined) {
    return {
      scenario: undefined,
      problems: [
        {
          severity: 'error',
          message: 'The scenario expands too many aliases, or an alias refers to the node that holds it.',
          path: [],
        },
      ],
    };
  }
  const { scenario, problems } = validateScenario(data);
  if (containerNames) {
    problems.push(...checkScenarioContainers(scenario, containerNames));
  }
  for (const problem of problems) {
    const range = locate(document, problem.path);
    if (range) {
      const position = lineCounter.linePos(range[0] + offsetInScalar(document, problem.path, problem.offset));
      problem.line = position.line;
      problem.column = position.col;
    }
  }
  // In the order of the text.
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  return {
    scenario: problems.some((problem) => problem.severity === 'error') ? undefined : scenario,
    problems,
  };
}

/**
 * The 1-based line and column of the value at `path` in scenario text (an assertion of its
 * `assert` list, for SARIF), or undefined when the text has no such value.
 */
export function scenarioPosition(
  text: string,
  path: ScenarioPath,
): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const node: unknown = parseDocument(text, { lineCounter }).getIn(path, true);
  if (!isNode(node) || !node.range) {
    return undefined;
  }
  const position = lineCounter.linePos(node.range[0]);
  return { line: position.line, column: position.col };
}

/**
 * How far into the text the `offset`-th character of the string at `path` is: past its opening
 * quote, for a plain or quoted scalar on one line (escapes aside); 0 for other nodes.
 */
function offsetInScalar(document: Document.Parsed, path: ScenarioPath, offset: number | undefined): number {
  if (offset === undefined) {
    return 0;
  }
  const node: unknown = document.getIn(path, true);
  if (!isScalar(node) || !node.range || typeof node.source !== 'string' || node.source.includes('\n')) {
    return 0;
  }
  if (node.type === 'PLAIN') {
    return offset;
  }
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? offset + 1 : 0;
}

/** The position of `path`: the key of its last segment when that is a mapping key, else its node. */
function locate(document: Document.Parsed, path: ScenarioPath): Range | undefined {
  for (let length = path.length; length >= 0; length--) {
    const prefix = path.slice(0, length);
    const last = prefix[length - 1];
    if (typeof last === 'string') {
      const parent: unknown = length === 1 ? document.contents : document.getIn(prefix.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
        if (pair && isNode(pair.key) && pair.key.range) {
          return pair.key.range;
        }
      }
    }
    const node: unknown = length === 0 ? document.contents : document.getIn(prefix, true);
    if (isNode(node) && node.range) {
      return node.range;
    }
  }
  return undefined;
}

/** Errors and warnings for containers the scenario names but the pod does not have. */
export function checkScenarioContainers(
  scenario: Scenario,
  containerNames: readonly string[],
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const name of Object.keys(scenario.containers ?? {})) {
    if (!containerNames.includes(name)) {
      const suggestion = closest(name, containerNames);
      problems.push({
        severity: 'error',
        path: ['containers', name],
        message:
          `unknown container "${name}"` +
          (suggestion ? ` (did you mean "${suggestion}"?)` : '') +
          `; the pod has: ${containerNames.join(', ')}`,
      });
    }
  }
  return problems;
}

/** Formats a problem as `file:line:column: message`. */
export function formatProblem(problem: ScenarioProblem, file: string): string {
  const position = problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : '';
  return `${file}${position}: ${problem.message}`;
}

/** What one check returns: the value kept, or undefined when it is dropped. */
type Checked = unknown;

/** The mapping a value is a field of: its node, and the fields checked so far. */
interface Parent {
  node: ScenarioSchemaNode;
  checked: Fields;
}

const noParent: Parent = { node: {}, checked: {} };

/**
 * Walks a value along the scenario's schema. ajv decides whether each scalar is valid (against
 * the scalar's own node); this walker follows the mappings and lists, words the problems, and
 * keeps the valid parts. The wording is the checker's since 0.1, kept exact.
 */
class Checker {
  readonly problems: ScenarioProblem[] = [];

  constructor(private readonly isValid: (node: ScenarioSchemaNode, value: unknown) => boolean) {}

  scenario(value: unknown): Scenario {
    if (value === undefined || value === null) {
      return {};
    }
    if (!isJsonObject(value)) {
      const keys = Object.keys(scenarioSchema.properties ?? {});
      this.error([], `a scenario must be a mapping (${keys.join(', ')}), not ${describe(value)}`);
      return {};
    }
    return this.mapping(scenarioSchema, value, []);
  }

  /** A present value (neither null nor missing) against its node. */
  private check(node: ScenarioSchemaNode, value: unknown, path: ScenarioPath, parent: Parent): Checked {
    const list = node.anyOf?.find((branch) => branch.type === 'array');
    if (list && Array.isArray(value)) {
      return this.alternativeList(list, value, path);
    }
    const mapping = node.anyOf?.find((branch) => branch.type === 'object');
    if (mapping) {
      return this.check(mapping, value, path, parent);
    }
    if (node.type === 'object') {
      return isJsonObject(value)
        ? this.mapping(node, value, path)
        : this.error(path, `must be ${expectedMapping(node)}, not ${describe(value)}`);
    }
    if (node.type === 'array') {
      return this.list(node, value, path);
    }
    return this.scalar(node, value, path, parent);
  }

  /** A mapping: unknown keys first, then each field in the schema's order. */
  private mapping(node: ScenarioSchemaNode, value: Fields, path: ScenarioPath): Fields {
    const known = Object.keys(node.properties ?? {});
    if (node.additionalProperties === false) {
      this.unknownKeys(value, path, known);
    }
    const result: Fields = {};
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const field = value[key];
      // null is a field left out, as `key:` in YAML.
      if (field !== undefined && field !== null) {
        const checked = this.check(child, field, [...path, key], { node, checked: result });
        if (checked !== undefined) {
          result[key] = checked;
        }
      }
    }
    const entry = node.additionalProperties;
    if (entry) {
      // An entry keyed by name (a container) stays, empty when its value is not usable, so that
      // its name is still checked against the pod.
      for (const [key, field] of Object.entries(value)) {
        result[key] =
          (field === undefined || field === null
            ? undefined
            : this.check(entry, field, [...path, key], noParent)) ?? {};
      }
    }
    return result;
  }

  /**
   * A list of values (exitCodes): all of it or nothing; the first wrong item is reported. A list of
   * mappings (nodeLoss, a Job's attempts): each item checked field by field, a wrong one dropped.
   */
  private list(node: ScenarioSchemaNode, value: unknown, path: ScenarioPath): Checked {
    if (!Array.isArray(value) || value.length < (node.minItems ?? 0)) {
      return this.error(path, `must be ${node['x-expected'] ?? 'a list'}, not ${describe(value)}`);
    }
    const items = node.items ?? {};
    if (items.type === 'object') {
      const checked = value
        .map((item, index) => this.check(items, item, [...path, index], noParent))
        .filter((item) => item !== undefined);
      return checked.length >= (node.minItems ?? 0) ? checked : undefined;
    }
    const valid = value.every(
      (item, index) => this.scalar(items, item, [...path, index], noParent) !== undefined,
    );
    return valid ? value : undefined;
  }

  /**
   * The list form of a value that may also be one item: exitAfter's runs (all of them or none,
   * each wrong one reported) or a probe's failure windows (each kept on its own).
   */
  private alternativeList(node: ScenarioSchemaNode, value: unknown[], path: ScenarioPath): Checked {
    const items = node.items ?? {};
    if (items.type === 'object') {
      return value
        .map((item, index) => this.check(items, item, [...path, index], noParent))
        .filter((item) => item !== undefined);
    }
    if (value.length < (node.minItems ?? 0)) {
      return this.error(path, `must be ${node['x-expected'] ?? 'a list'}`);
    }
    // As in 0.1: a run's index reads like a field (`exitAfter.0`), and an empty run drops the list.
    const runs = value.map((item, index) =>
      item === null || item === undefined
        ? undefined
        : this.scalar(items, item, [...path, String(index)], noParent),
    );
    return runs.every((run) => run !== undefined) ? runs : undefined;
  }

  private scalar(node: ScenarioSchemaNode, value: unknown, path: ScenarioPath, parent: Parent): Checked {
    if (!this.isValid(node, value)) {
      return this.error(path, `must be ${expectedScalar(node)}, not ${describe(value)}`);
    }
    const other = node['x-exclusiveMinimumOf'];
    if (other !== undefined && typeof value === 'number') {
      const floor = parent.checked[other] ?? parent.node.properties?.[other]?.default;
      if (typeof floor === 'number' && value <= floor) {
        return this.error(path, `must be greater than ${other} (${floor})`);
      }
    }
    return value;
  }

  private unknownKeys(fields: Fields, path: ScenarioPath, known: readonly string[]): void {
    for (const key of Object.keys(fields)) {
      if (!known.includes(key)) {
        const suggestion = closest(key, known);
        this.error(
          [...path, key],
          `unknown field "${key}"` +
            (suggestion ? ` (did you mean "${suggestion}"?)` : ` (expected one of: ${known.join(', ')})`),
        );
      }
    }
  }

  /** Records an error; returns undefined, the value of what it rejects. */
  private error(path: ScenarioPath, message: string): undefined {
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    this.problems.push({ severity: 'error', path, message: `${where}${message}` });
    return undefined;
  }
}

/** "a mapping like { seconds: 5, fail: false }", "a mapping with liveness, readiness or startup" */
function expectedMapping(node: ScenarioSchemaNode): string {
  if (node['x-expected'] !== undefined) {
    return node['x-expected'];
  }
  const example = node.examples?.[0];
  if (isJsonObject(example)) {
    const fields = Object.entries(example).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
    return `a mapping like { ${fields.join(', ')} }`;
  }
  return `a mapping with ${orList(Object.keys(node.properties ?? {}))}`;
}

/** "a number of seconds of at least 0 (or "never")", "an integer from 0 to 255", "true or false" */
function expectedScalar(node: ScenarioSchemaNode): string {
  if (node['x-expected'] !== undefined) {
    return node['x-expected'];
  }
  if (node.anyOf) {
    const [first, ...others] = node.anyOf.filter((branch) => branch.type !== 'array');
    const alternatives = others.map((branch) => expectedScalar(branch));
    return (
      (first ? expectedScalar(first) : '') +
      (alternatives.length > 0 ? ` (or ${alternatives.join(', ')})` : '')
    );
  }
  if (node.const !== undefined) {
    return JSON.stringify(node.const);
  }
  if (node.enum) {
    return orList(node.enum.map((value) => JSON.stringify(value)));
  }
  switch (node.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer from ${node.minimum ?? 0} to ${node.maximum ?? Infinity}`;
    case 'number':
      // Every number of a scenario is a time in seconds; exit codes are integers.
      return (
        `a number of seconds ${node.exclusiveMinimum !== undefined ? `greater than ${node.exclusiveMinimum}` : `of at least ${node.minimum ?? 0}`}` +
        (node.maximum !== undefined ? ` and at most ${node.maximum}` : '')
      );
    default:
      return node.type ? `a ${node.type}` : 'a value';
  }
}

/** "a, b or c" */
function orList(words: readonly string[]): string {
  return words.length > 1
    ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
    : (words[0] ?? '');
}

/** ajv's verdict on one scalar against its own node, each node compiled once. */
function scalarValidator(): (node: ScenarioSchemaNode, value: unknown) => boolean {
  // The schema is checked against the meta-schema by the unit tests, not at each start: that
  // compiles the meta-schema, the most of the cost.
  const ajv = new Ajv({ strict: true, logger: false, validateSchema: false, addUsedSchema: false });
  ajv.addVocabulary(['x-expected', 'x-exclusiveMinimumOf', 'x-form']);
  const compiled = new WeakMap<ScenarioSchemaNode, ValidateFunction>();
  return (node, value) => {
    let validate = compiled.get(node);
    if (!validate) {
      validate = ajv.compile(node);
      compiled.set(node, validate);
    }
    return validate(value);
  };
}

/** `containers.app.probes.liveness[0].failUntil` */
export function formatPath(path: ScenarioPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (value !== null && typeof value === 'object') {
    return 'a mapping';
  }
  return JSON.stringify(value) ?? String(value);
}

/** The candidate nearest to `word` (case-insensitive, at most 2 edits), if any. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
