import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument, type Range } from 'yaml';
import type { ContainerScenario, FailWindow, ProbeType, Scenario } from './types';

/**
 * Reads and checks a scenario (YAML or JSON). Validation works on plain data, so that a scenario
 * built in code (the webview) gets the same checks; `parseScenario` then points each problem at
 * its line and column in the text.
 */

export type ScenarioPath = (string | number)[];

export interface ScenarioProblem {
  severity: 'error' | 'warning';
  message: string;
  path: ScenarioPath;
  /** 1-based, when the scenario came from text. */
  line?: number;
  column?: number;
}

export const maxDurationSeconds = 86400;
export const defaultDurationSeconds = 600;

const probeTypes: readonly ProbeType[] = ['liveness', 'readiness', 'startup'];
const exitAfterBounds = { min: 0, orNever: true };

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a scenario given as plain data. The scenario returned keeps only the valid fields. */
export function validateScenario(value: unknown): { scenario: Scenario; problems: ScenarioProblem[] } {
  const checker = new Checker();
  const scenario = checker.scenario(value);
  return { scenario, problems: checker.problems };
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
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      scenario: undefined,
      problems: [{ severity: 'error', message: (error as Error).message, path: [] }],
    };
  }
  const { scenario, problems } = validateScenario(data);
  if (containerNames) {
    problems.push(...checkScenarioContainers(scenario, containerNames));
  }
  for (const problem of problems) {
    const range = locate(document, problem.path);
    if (range) {
      const position = lineCounter.linePos(range[0]);
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

class Checker {
  readonly problems: ScenarioProblem[] = [];

  scenario(value: unknown): Scenario {
    const scenario: Scenario = {};
    if (value === undefined || value === null) {
      return scenario;
    }
    if (!isFields(value)) {
      this.error(
        [],
        `a scenario must be a mapping (duration, deleteAt, nodeLostAt, containers), not ${describe(value)}`,
      );
      return scenario;
    }
    this.unknownKeys(value, [], ['duration', 'deleteAt', 'nodeLostAt', 'containers']);
    const duration = this.number(value, 'duration', [], {
      min: 0,
      exclusiveMin: true,
      max: maxDurationSeconds,
    });
    if (duration !== undefined) {
      scenario.duration = duration;
    }
    const deleteAt = this.number(value, 'deleteAt', [], { min: 0 });
    if (deleteAt !== undefined) {
      scenario.deleteAt = deleteAt;
    }
    const nodeLostAt = this.number(value, 'nodeLostAt', [], { min: 0 });
    if (nodeLostAt !== undefined) {
      scenario.nodeLostAt = nodeLostAt;
    }
    const containers = value.containers;
    if (containers !== undefined && containers !== null) {
      if (!isFields(containers)) {
        this.error(
          ['containers'],
          `must be a mapping from container name to its behaviour, not ${describe(containers)}`,
        );
      } else {
        scenario.containers = {};
        for (const [name, behaviour] of Object.entries(containers)) {
          scenario.containers[name] = this.container(behaviour, ['containers', name]);
        }
      }
    }
    return scenario;
  }

  private container(value: unknown, path: ScenarioPath): ContainerScenario {
    const result: ContainerScenario = {};
    if (value === null || value === undefined) {
      return result;
    }
    if (!isFields(value)) {
      this.error(path, `must be a mapping of the container's behaviour, not ${describe(value)}`);
      return result;
    }
    this.unknownKeys(value, path, [
      'exitAfter',
      'exitCode',
      'exitCodes',
      'startSeconds',
      'imagePull',
      'pullSeconds',
      'stopSeconds',
      'stopExitCode',
      'probes',
      'postStart',
      'preStop',
    ]);
    const exitAfter = value.exitAfter;
    if (Array.isArray(exitAfter)) {
      if (exitAfter.length === 0) {
        this.error(
          [...path, 'exitAfter'],
          'must be a number of seconds, "never", or a non-empty list of them',
        );
      } else {
        const runs = (exitAfter as unknown[]).map((item, index) =>
          item === 'never'
            ? item
            : this.number({ [index]: item }, String(index), [...path, 'exitAfter'], exitAfterBounds),
        );
        if (runs.every((run) => run !== undefined)) {
          result.exitAfter = runs;
        }
      }
    } else if (exitAfter === 'never') {
      result.exitAfter = 'never';
    } else {
      const seconds = this.number(value, 'exitAfter', path, exitAfterBounds);
      if (seconds !== undefined) {
        result.exitAfter = seconds;
      }
    }
    const exitCode = this.exitCode(value, 'exitCode', path);
    if (exitCode !== undefined) {
      result.exitCode = exitCode;
    }
    if (value.exitCodes !== undefined && value.exitCodes !== null) {
      const codes = value.exitCodes;
      if (!Array.isArray(codes) || codes.length === 0) {
        this.error([...path, 'exitCodes'], `must be a non-empty list of exit codes, not ${describe(codes)}`);
      } else {
        const valid = codes.every((code, index) => {
          if (isExitCode(code)) {
            return true;
          }
          this.error(
            [...path, 'exitCodes', index],
            `must be an integer from 0 to 255, not ${describe(code)}`,
          );
          return false;
        });
        if (valid) {
          result.exitCodes = codes as number[];
        }
      }
    }
    for (const key of ['startSeconds', 'pullSeconds', 'stopSeconds'] as const) {
      const seconds = this.number(value, key, path, { min: 0 });
      if (seconds !== undefined) {
        result[key] = seconds;
      }
    }
    const stopExitCode = this.exitCode(value, 'stopExitCode', path);
    if (stopExitCode !== undefined) {
      result.stopExitCode = stopExitCode;
    }
    if (value.imagePull !== undefined && value.imagePull !== null) {
      if (value.imagePull === 'ok' || value.imagePull === 'fail') {
        result.imagePull = value.imagePull;
      } else {
        this.error([...path, 'imagePull'], `must be "ok" or "fail", not ${describe(value.imagePull)}`);
      }
    }
    if (value.probes !== undefined && value.probes !== null) {
      const probes = value.probes;
      if (!isFields(probes)) {
        this.error(
          [...path, 'probes'],
          `must be a mapping with liveness, readiness or startup, not ${describe(probes)}`,
        );
      } else {
        this.unknownKeys(probes, [...path, 'probes'], probeTypes);
        result.probes = {};
        for (const probeType of probeTypes) {
          const windows = this.windows(probes[probeType], [...path, 'probes', probeType]);
          if (windows !== undefined) {
            result.probes[probeType] = windows;
          }
        }
      }
    }
    for (const hook of ['postStart', 'preStop'] as const) {
      const hookValue = value[hook];
      if (hookValue === undefined || hookValue === null) {
        continue;
      }
      const hookPath = [...path, hook];
      if (!isFields(hookValue)) {
        this.error(
          hookPath,
          `must be a mapping like { seconds: 5, fail: false }, not ${describe(hookValue)}`,
        );
        continue;
      }
      this.unknownKeys(hookValue, hookPath, ['seconds', 'fail']);
      const behaviour: { seconds?: number; fail?: boolean } = {};
      const seconds = this.number(hookValue, 'seconds', hookPath, { min: 0 });
      if (seconds !== undefined) {
        behaviour.seconds = seconds;
      }
      if (hookValue.fail !== undefined && hookValue.fail !== null) {
        if (typeof hookValue.fail === 'boolean') {
          behaviour.fail = hookValue.fail;
        } else {
          this.error([...hookPath, 'fail'], `must be true or false, not ${describe(hookValue.fail)}`);
        }
      }
      result[hook] = behaviour;
    }
    return result;
  }

  private windows(value: unknown, path: ScenarioPath): FailWindow | FailWindow[] | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    if (Array.isArray(value)) {
      const windows: FailWindow[] = [];
      value.forEach((item, index) => {
        const window = this.window(item, [...path, index]);
        if (window) {
          windows.push(window);
        }
      });
      return windows;
    }
    return this.window(value, path);
  }

  private window(value: unknown, path: ScenarioPath): FailWindow | undefined {
    if (!isFields(value)) {
      this.error(path, `must be a mapping like { failFrom: 30, failUntil: 90 }, not ${describe(value)}`);
      return undefined;
    }
    this.unknownKeys(value, path, ['failFrom', 'failUntil']);
    const window: FailWindow = {};
    const failFrom = this.number(value, 'failFrom', path, { min: 0 });
    if (failFrom !== undefined) {
      window.failFrom = failFrom;
    }
    const failUntil = this.number(value, 'failUntil', path, { min: 0 });
    if (failUntil !== undefined) {
      if (failUntil <= (failFrom ?? 0)) {
        this.error([...path, 'failUntil'], `must be greater than failFrom (${failFrom ?? 0})`);
      } else {
        window.failUntil = failUntil;
      }
    }
    return window;
  }

  private number(
    fields: Fields,
    key: string,
    path: ScenarioPath,
    bounds: { min: number; exclusiveMin?: boolean; max?: number; orNever?: boolean },
  ): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    const expected =
      `a number of seconds ${bounds.exclusiveMin ? 'greater than' : 'of at least'} ${bounds.min}` +
      (bounds.max !== undefined ? ` and at most ${bounds.max}` : '') +
      (bounds.orNever ? ' (or "never")' : '');
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < bounds.min ||
      (bounds.exclusiveMin === true && value === bounds.min) ||
      (bounds.max !== undefined && value > bounds.max)
    ) {
      this.error([...path, key], `must be ${expected}, not ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  private exitCode(fields: Fields, key: string, path: ScenarioPath): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isExitCode(value)) {
      this.error([...path, key], `must be an integer from 0 to 255, not ${describe(value)}`);
      return undefined;
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

  private error(path: ScenarioPath, message: string): void {
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    this.problems.push({ severity: 'error', path, message: `${where}${message}` });
  }
}

/** `containers.app.probes.liveness[0].failUntil` */
export function formatPath(path: ScenarioPath): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function isExitCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 255;
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

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
