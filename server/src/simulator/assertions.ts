import { objectOf } from '../common/guards';
import { closestMatch } from '../util/suggest';
import { formatAge } from './formatTime';
import type {
  PodSnapshot,
  SimulationResult,
  WorkloadCondition,
  WorkloadPod,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from './types';

/**
 * Assertions over a simulation, for CI (`podscope simulate --assert`, and `assert:` in a
 * scenario): a small language, parsed here, and checked against a pod's or a workload's result.
 * Pure: the result in, a verdict out. Every time is in seconds from the creation of the pod or
 * workload simulated, as everywhere in the simulator.
 *
 *   ready-within <duration>               a pod: Ready by then; a workload: every desired replica ready
 *   no-restarts                           no container restarted
 *   completes-within <duration>           a pod: Succeeded by then; a Job: its Complete condition
 *   rollout-completes-within <duration>   a Deployment, StatefulSet or DaemonSet: rolled out, as
 *                                         `kubectl rollout status` decides, at its last revision
 *   never-below <n> ready                 once n pods are ready endpoints, never fewer afterwards
 *   fails                                 a pod: phase Failed; a Job: Failed; a Deployment: its
 *                                         progress deadline exceeded
 *   no-evictions                          no pod evicted (taint eviction from a lost node)
 *
 * Durations are written as Go's time.ParseDuration writes them, with the units h, m and s: `90s`,
 * `5m`, `1h`, `1h30m`, `2.5m`.
 */

export type AssertionKind =
  | 'ready-within'
  | 'no-restarts'
  | 'completes-within'
  | 'rollout-completes-within'
  | 'never-below'
  | 'fails'
  | 'no-evictions';

/** Each assertion's words after its keyword, for help and error messages. */
export const assertionSyntax: Readonly<Record<AssertionKind, string>> = {
  'ready-within': 'ready-within <duration>',
  'no-restarts': 'no-restarts',
  'completes-within': 'completes-within <duration>',
  'rollout-completes-within': 'rollout-completes-within <duration>',
  'never-below': 'never-below <n> ready',
  fails: 'fails',
  'no-evictions': 'no-evictions',
};

const assertionKinds = Object.keys(assertionSyntax) as AssertionKind[];

/** What each assertion checks, in a line (SARIF's rule descriptions, the help). */
export const assertionSummaries: Readonly<Record<AssertionKind, string>> = {
  'ready-within': 'A pod is Ready, or every desired replica of a workload is ready, within the time given',
  'no-restarts': 'No container restarts',
  'completes-within': 'A pod Succeeds, or a Job is Complete, within the time given',
  'rollout-completes-within':
    'A Deployment, StatefulSet or DaemonSet is rolled out at its last revision (as kubectl rollout status decides) within the time given',
  'never-below': 'Once n pods are ready endpoints, there are never fewer',
  fails: 'The pod or the Job fails, or the Deployment exceeds its progress deadline',
  'no-evictions': 'No pod is evicted from a lost node',
};

export interface Assertion {
  kind: AssertionKind;
  /** The expression, its words separated by one space. */
  text: string;
  /** The duration of a `…-within` assertion, in seconds. */
  seconds?: number;
  /** The n of `never-below <n> ready`. */
  count?: number;
}

export interface AssertionSyntaxError {
  message: string;
  /** 1-based column in the expression. */
  column: number;
}

export type ParsedAssertion = { ok: true; assertion: Assertion } | { ok: false; error: AssertionSyntaxError };

interface Word {
  text: string;
  column: number;
}

/** Parses one assertion. Never throws. */
export function parseAssertion(expression: string): ParsedAssertion {
  const words: Word[] = [];
  for (const match of expression.matchAll(/\S+/g)) {
    words.push({ text: match[0], column: match.index + 1 });
  }
  const fail = (column: number, message: string): ParsedAssertion => ({
    ok: false,
    error: { column, message },
  });
  const end = expression.trimEnd().length + 2;
  const [keyword, ...rest] = words;
  if (!keyword) {
    return fail(
      1,
      `an assertion is empty; use one of: ${assertionKinds.map((kind) => assertionSyntax[kind]).join(', ')}`,
    );
  }
  const kind = assertionKinds.find((candidate) => candidate === keyword.text);
  if (!kind) {
    const suggestion = closestMatch(keyword.text, assertionKinds);
    return fail(
      keyword.column,
      `unknown assertion "${keyword.text}"` +
        (suggestion ? ` (did you mean "${suggestion}"?)` : '') +
        `; use one of: ${assertionKinds.map((known) => assertionSyntax[known]).join(', ')}`,
    );
  }
  const expected = (column: number, what: string): ParsedAssertion =>
    fail(column, `${kind} takes ${what}: ${assertionSyntax[kind]}`);
  const noMore = (used: number, assertion: Assertion): ParsedAssertion => {
    const extra = rest[used];
    return extra
      ? fail(extra.column, `unexpected "${extra.text}" after "${assertion.text}"`)
      : { ok: true, assertion };
  };
  switch (kind) {
    case 'no-restarts':
    case 'fails':
    case 'no-evictions':
      return noMore(0, { kind, text: kind });
    case 'ready-within':
    case 'completes-within':
    case 'rollout-completes-within': {
      const word = rest[0];
      if (!word) {
        return expected(end, 'a duration such as 90s, 5m or 1h30m');
      }
      const seconds = parseDuration(word.text);
      if (seconds === undefined) {
        return fail(
          word.column,
          /^\d+(\.\d+)?$/.test(word.text)
            ? `a duration needs a unit (h, m or s): ${word.text}s, ${word.text}m…, not "${word.text}"`
            : `"${word.text}" is not a duration; write it like 90s, 5m, 1h or 1h30m`,
        );
      }
      return noMore(1, { kind, text: `${kind} ${word.text}`, seconds });
    }
    case 'never-below': {
      const [number, ready] = rest;
      if (!number) {
        return expected(end, 'a number of ready pods');
      }
      if (!/^\d+$/.test(number.text) || Number(number.text) < 1) {
        return fail(
          number.column,
          `never-below takes a whole number of ready pods of at least 1, not "${number.text}"`,
        );
      }
      if (ready?.text !== 'ready') {
        return fail(ready?.column ?? end, `expected "ready" after "never-below ${number.text}"`);
      }
      return noMore(2, { kind, text: `never-below ${number.text} ready`, count: Number(number.text) });
    }
  }
}

/**
 * A duration in seconds, as Go's time.ParseDuration reads it but with the units h, m and s only,
 * each at most once and in that order: `90s`, `5m`, `1h30m`, `0.5h`. Undefined when it is not one.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') {
    return undefined;
  }
  const [, hours, minutes, seconds] = match;
  return Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
}

// ---------------------------------------------------------------------------------------------
// What is checked

/** The result an assertion is checked against: one pod's, or a workload's with its spec. */
export type AssertionTarget =
  | { level: 'pod'; result: SimulationResult }
  | {
      level: 'workload';
      result: WorkloadSimulationResult;
      /** The workload's `spec` as written, for its desired replicas and update strategy. */
      spec: unknown;
    };

export interface AssertionVerdict {
  assertion: Assertion;
  passed: boolean;
  /** When the assertion was decided: the moment it held or failed, or null for the whole run. */
  t: number | null;
  /** `<expression> failed at t=150: 1 ready (web-1 not ready: …)`, or why it holds. */
  message: string;
}

/**
 * Why an assertion cannot be checked against such a target (undefined when it can), so that a
 * mistake is reported before the simulation runs. A workload kind without a controller is
 * simulated as one pod: pass `level` 'pod'.
 */
export function assertionProblem(
  assertion: Assertion,
  level: 'pod' | 'workload',
  kind: string,
): string | undefined {
  const workloadKinds = applicableKinds[assertion.kind];
  if (level === 'pod') {
    return assertion.kind === 'rollout-completes-within'
      ? `${assertion.text} applies to a Deployment, StatefulSet or DaemonSet simulated with its controller, not to a single pod`
      : undefined;
  }
  if (workloadKinds === 'any' || workloadKinds.includes(kind)) {
    return undefined;
  }
  return `${assertion.kind} does not apply to a ${kind}${alternatives[kind]?.[assertion.kind] ?? ''}; it applies to ${orList(workloadKinds)}`;
}

const replicated = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet'];

const applicableKinds: Readonly<Record<AssertionKind, readonly string[] | 'any'>> = {
  'ready-within': replicated,
  'no-restarts': 'any',
  'completes-within': ['Job'],
  // kubectl rollout status has a status viewer for these three only
  // (kubectl pkg/polymorphichelpers/rollout_status.go StatusViewerFor).
  'rollout-completes-within': ['Deployment', 'StatefulSet', 'DaemonSet'],
  'never-below': 'any',
  fails: ['Job', 'Deployment'],
  'no-evictions': 'any',
};

const alternatives: Readonly<Record<string, Partial<Record<AssertionKind, string>>>> = {
  Job: { 'ready-within': ' (use completes-within)' },
  Deployment: { 'completes-within': ' (use rollout-completes-within)' },
  StatefulSet: { 'completes-within': ' (use rollout-completes-within)' },
  DaemonSet: { 'completes-within': ' (use rollout-completes-within)' },
};

/** Checks one assertion against a result. Never throws. */
export function evaluateAssertion(assertion: Assertion, target: AssertionTarget): AssertionVerdict {
  const problem =
    target.level === 'pod'
      ? assertionProblem(assertion, 'pod', target.result.pod.kind)
      : assertionProblem(assertion, 'workload', target.result.workload.kind);
  if (problem !== undefined) {
    return { assertion, passed: false, t: null, message: `${assertion.text} cannot be checked: ${problem}` };
  }
  const outcome =
    target.level === 'pod' ? checkPod(assertion, target.result) : checkWorkload(assertion, target);
  const at = outcome.t === null ? '' : ` at t=${seconds(outcome.t)}`;
  return {
    assertion,
    passed: outcome.passed,
    t: outcome.t,
    message: outcome.passed
      ? `${assertion.text} holds: ${outcome.detail}`
      : `${assertion.text} failed${at}: ${outcome.detail}`,
  };
}

interface Outcome {
  passed: boolean;
  t: number | null;
  detail: string;
}

const holds = (t: number | null, detail: string): Outcome => ({ passed: true, t, detail });
const fails = (t: number | null, detail: string): Outcome => ({ passed: false, t, detail });

/** `150`, `12.5`: times in messages are seconds, as in the simulator's explanations (`t=30`). */
function seconds(t: number): string {
  return String(Number(t.toFixed(3)));
}

// ---------------------------------------------------------------------------------------------
// A pod

function checkPod(assertion: Assertion, result: SimulationResult): Outcome {
  const settled = settledSnapshots(result.snapshots);
  const name = result.pod.name;
  switch (assertion.kind) {
    case 'ready-within': {
      const limit = assertion.seconds ?? 0;
      const ready = settled.find((snapshot) => snapshot.conditions.Ready === true);
      if (ready && ready.t <= limit) {
        return holds(ready.t, `${name} Ready at t=${seconds(ready.t)}`);
      }
      const then = snapshotAt(settled, limit);
      return fails(
        Math.min(limit, result.duration),
        `${name} ${then ? whyNotEndpoint(then) : 'not created'}` +
          (ready
            ? `; Ready only at t=${seconds(ready.t)}`
            : `; never Ready in the ${formatAge(result.duration)} simulated`),
      );
    }
    case 'no-restarts': {
      const restart = firstRestart(result);
      return restart
        ? fails(restart.t, `${name}: ${restart.detail}`)
        : holds(null, `no container of ${name} restarted in the ${formatAge(result.duration)} simulated`);
    }
    case 'completes-within': {
      const limit = assertion.seconds ?? 0;
      const done = settled.find((snapshot) => snapshot.phase === 'Succeeded');
      if (done && done.t <= limit) {
        return holds(done.t, `${name} Succeeded at t=${seconds(done.t)}`);
      }
      const failed = settled.find((snapshot) => snapshot.phase === 'Failed');
      if (failed && failed.t <= limit) {
        return fails(failed.t, `${name} Failed (${failed.reason ?? failed.status})`);
      }
      const then = snapshotAt(settled, limit);
      return fails(
        Math.min(limit, result.duration),
        `${name} is ${then ? `${then.phase} (${then.status})` : 'not created'}` +
          (done ? `; Succeeded only at t=${seconds(done.t)}` : ''),
      );
    }
    case 'never-below':
      return neverBelow(
        assertion.count ?? 1,
        settled.map((snapshot) => ({
          t: snapshot.t,
          ready: isEndpoint(snapshot) ? [name] : [],
        })),
        (_, t) => whyNotEndpoint(snapshotAt(settled, t)),
        result.duration,
      );
    case 'fails': {
      const failed = settled.find((snapshot) => snapshot.phase === 'Failed');
      return failed
        ? holds(failed.t, `${name} Failed at t=${seconds(failed.t)} (${failed.reason ?? failed.status})`)
        : fails(
            null,
            `${name} did not fail in the ${formatAge(result.duration)} simulated (${result.final.phase}, ${result.final.status})`,
          );
    }
    case 'no-evictions': {
      const evicted = evictedAt(result);
      return evicted === undefined
        ? holds(null, `${name} was not evicted`)
        : fails(
            evicted,
            `${name} evicted by the taint eviction controller (DisruptionTarget, DeletionByTaintManager): its node stopped reporting`,
          );
    }
    case 'rollout-completes-within':
      return fails(null, 'a single pod has no rollout');
  }
}

/** The last snapshot of each moment: what the pod settled to (several may share a time). */
function settledSnapshots<T extends { t: number }>(snapshots: readonly T[]): T[] {
  return snapshots.filter((snapshot, index) => snapshots[index + 1]?.t !== snapshot.t);
}

/** The state at `t`: the last snapshot at or before it. */
function snapshotAt<T extends { t: number }>(settled: readonly T[], t: number): T | undefined {
  let found: T | undefined;
  for (const snapshot of settled) {
    if (snapshot.t > t) {
      break;
    }
    found = snapshot;
  }
  return found;
}

/**
 * A Service's ready endpoint: Ready and not terminating (pkg/controller/endpointslice
 * podToEndpoint, as workloadHost.ts isReadyEndpoint).
 */
function isEndpoint(snapshot: PodSnapshot): boolean {
  return snapshot.conditions.Ready === true && !snapshot.deleting;
}

/**
 * Why a pod is not a ready endpoint at a moment, from its state then (undefined: it did not
 * exist): `not ready: the readiness probe of app has failed since t=31 (Running)`,
 * `terminating`, `removed`.
 */
function whyNotEndpoint(snapshot: PodSnapshot | undefined): string {
  if (!snapshot) {
    return 'removed';
  }
  if (snapshot.deleting) {
    return 'terminating';
  }
  const ready = snapshot.podConditions.find((condition) => condition.type === 'Ready');
  const why = ready?.explanation.replace(/^Ready is \w+: /, '').replace(/\.$/, '');
  if (!why) {
    return `not ready (${snapshot.status})`;
  }
  return why.includes(`(${snapshot.status})`)
    ? `not ready: ${why}`
    : `not ready: ${why} (${snapshot.status})`;
}

/** The first container restart: when, which container, and how its previous run ended. */
function firstRestart(result: SimulationResult): { t: number; detail: string } | undefined {
  let before = new Map<string, number>();
  for (const snapshot of result.snapshots) {
    for (const container of snapshot.containers) {
      if (container.restartCount > (before.get(container.name) ?? 0)) {
        const last = container.lastState;
        return {
          t: snapshot.t,
          detail:
            `container ${container.name} restarted` +
            (last ? ` (its previous run ended: ${last.reason}, exit code ${last.exitCode})` : ''),
        };
      }
    }
    before = new Map(snapshot.containers.map((container) => [container.name, container.restartCount]));
  }
  return undefined;
}

/** When the taint eviction controller marked the pod DisruptionTarget (cluster.ts evictPod). */
function evictedAt(result: SimulationResult): number | undefined {
  for (const snapshot of result.snapshots) {
    const condition = snapshot.podConditions.find(
      (candidate) => candidate.type === 'DisruptionTarget' && candidate.status === 'True',
    );
    if (condition) {
      return condition.lastTransitionTime;
    }
  }
  return undefined;
}

/**
 * `never-below <n> ready`: from the first moment at which at least n pods are ready endpoints,
 * the count never drops below n until the end of the simulation. It fails at the first moment it
 * does (naming the pods that left and why), or, when n is never reached, at the end.
 */
function neverBelow(
  count: number,
  moments: readonly { t: number; ready: readonly string[] }[],
  why: (pod: string, t: number) => string,
  duration: number,
): Outcome {
  let reachedAt: number | undefined;
  let previous: readonly string[] = [];
  let most = 0;
  for (const { t, ready } of moments) {
    most = Math.max(most, ready.length);
    if (reachedAt === undefined) {
      if (ready.length >= count) {
        reachedAt = t;
      }
    } else if (ready.length < count) {
      const gone = previous.filter((pod) => !ready.includes(pod));
      return fails(
        t,
        `${ready.length} ready` +
          (gone.length > 0 ? ` (${gone.map((pod) => `${pod} ${why(pod, t)}`).join('; ')})` : ''),
      );
    }
    previous = ready;
  }
  return reachedAt === undefined
    ? fails(duration, `never ${count} ready in the ${formatAge(duration)} simulated (at most ${most})`)
    : holds(
        reachedAt,
        `at least ${count} ready from t=${seconds(reachedAt)} to the end (${formatAge(duration)})`,
      );
}

// ---------------------------------------------------------------------------------------------
// A workload

type WorkloadTarget = Extract<AssertionTarget, { level: 'workload' }>;

function checkWorkload(assertion: Assertion, target: WorkloadTarget): Outcome {
  const { result } = target;
  const settled = settledSnapshots(result.snapshots);
  const kind = result.workload.kind;
  switch (assertion.kind) {
    case 'ready-within': {
      const limit = assertion.seconds ?? 0;
      const desired = (snapshot: WorkloadSnapshot): number | undefined => desiredReplicas(target, snapshot);
      const ready = settled.find((snapshot) => {
        const wanted = desired(snapshot);
        return wanted !== undefined && snapshot.endpoints.length >= wanted;
      });
      if (ready && ready.t <= limit) {
        return holds(ready.t, `${ready.endpoints.length}/${desired(ready)} ready at t=${seconds(ready.t)}`);
      }
      const then = snapshotAt(settled, limit);
      const wanted = then ? desired(then) : undefined;
      if (then && wanted === undefined) {
        return fails(null, missingStatus(kind, 'desiredNumberScheduled'));
      }
      return fails(
        Math.min(limit, result.duration),
        `${then?.endpoints.length ?? 0}/${wanted ?? '?'} ready` +
          notReadyPods(result, Math.min(limit, result.duration)) +
          (ready
            ? `; all ready only at t=${seconds(ready.t)}`
            : `; never all ready in the ${formatAge(result.duration)} simulated`),
      );
    }
    case 'no-restarts': {
      let first: { t: number; detail: string } | undefined;
      for (const pod of result.pods) {
        const restart = firstRestart(pod.result);
        if (restart && (!first || restart.t < first.t)) {
          first = { t: restart.t, detail: `${pod.name}: ${restart.detail}` };
        }
      }
      return first
        ? fails(first.t, first.detail)
        : holds(null, `no container of the ${result.pods.length} pods restarted`);
    }
    case 'completes-within': {
      // A Job is finished when its Complete or Failed condition is True
      // (pkg/controller/job/job_controller.go IsJobFinished).
      const limit = assertion.seconds ?? 0;
      const complete = conditionSince(settled, 'Complete');
      const failed = conditionSince(settled, 'Failed');
      if (complete !== undefined && complete.t <= limit) {
        return holds(complete.t, `Complete at t=${seconds(complete.t)}`);
      }
      if (failed !== undefined && failed.t <= limit) {
        return fails(failed.t, `the Job failed: ${describeCondition(failed.condition)}`);
      }
      const then = snapshotAt(settled, limit);
      return fails(
        Math.min(limit, result.duration),
        `not complete (${then ? describeColumns(then) : 'not created'})` +
          (complete !== undefined ? `; Complete only at t=${seconds(complete.t)}` : ''),
      );
    }
    case 'rollout-completes-within':
      return rolloutCompletes(assertion.seconds ?? 0, target, settled);
    case 'never-below':
      return neverBelow(
        assertion.count ?? 1,
        settled.map((snapshot) => ({ t: snapshot.t, ready: snapshot.endpoints })),
        (podName, t) => podGone(result, podName, t),
        result.duration,
      );
    case 'fails': {
      if (kind === 'Deployment') {
        const stalled = progressDeadlineExceeded(settled);
        return stalled
          ? holds(stalled.t, `its progress deadline was exceeded: ${describeCondition(stalled.condition)}`)
          : fails(
              null,
              `Progressing never became False with ProgressDeadlineExceeded in the ${formatAge(result.duration)} simulated`,
            );
      }
      const failed = conditionSince(settled, 'Failed');
      return failed
        ? holds(failed.t, `the Job failed at t=${seconds(failed.t)}: ${describeCondition(failed.condition)}`)
        : fails(
            null,
            `the Job did not fail in the ${formatAge(result.duration)} simulated (${describeColumns(result.final)})`,
          );
    }
    case 'no-evictions': {
      let first: { t: number; pod: WorkloadPod } | undefined;
      for (const pod of result.pods) {
        const t = evictedAt(pod.result);
        if (t !== undefined && (!first || t < first.t)) {
          first = { t, pod };
        }
      }
      return first
        ? fails(
            first.t,
            `${first.pod.name} evicted by the taint eviction controller: its node ${first.pod.node} stopped reporting`,
          )
        : holds(null, `no pod was evicted`);
    }
  }
}

/**
 * The replicas the workload wants: `spec.replicas` (default 1: pkg/apis/apps/v1/defaults.go
 * SetDefaults_Deployment, SetDefaults_ReplicaSet, SetDefaults_StatefulSet;
 * pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController), or for a DaemonSet its
 * status.desiredNumberScheduled (the nodes that should run its pod).
 */
function desiredReplicas(target: WorkloadTarget, snapshot: WorkloadSnapshot): number | undefined {
  if (target.result.workload.kind === 'DaemonSet') {
    return snapshot.status.desiredNumberScheduled;
  }
  const replicas = objectOf(target.spec)?.replicas;
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? replicas : 1;
}

function missingStatus(kind: string, field: string): string {
  return `the simulated ${kind}'s status has no ${field}`;
}

/** The workload's condition of `type` when it first became True, with the condition. */
function conditionSince(
  settled: readonly WorkloadSnapshot[],
  type: string,
): { t: number; condition: WorkloadCondition } | undefined {
  for (const snapshot of settled) {
    const condition = snapshot.conditions.find(
      (candidate) => candidate.type === type && candidate.status === 'True',
    );
    if (condition) {
      return { t: condition.lastTransitionTime, condition };
    }
  }
  return undefined;
}

/**
 * The Deployment's Progressing condition False with reason ProgressDeadlineExceeded
 * (pkg/controller/deployment/util/deployment_util.go TimedOutReason), when it first is.
 */
function progressDeadlineExceeded(
  settled: readonly WorkloadSnapshot[],
): { t: number; condition: WorkloadCondition } | undefined {
  for (const snapshot of settled) {
    const condition = snapshot.conditions.find(
      (candidate) => candidate.type === 'Progressing' && candidate.reason === 'ProgressDeadlineExceeded',
    );
    if (condition) {
      return { t: condition.lastTransitionTime, condition };
    }
  }
  return undefined;
}

function describeCondition(condition: WorkloadCondition): string {
  return (
    `${condition.type}=${condition.status}` +
    (condition.reason ? ` ${condition.reason}` : '') +
    (condition.message ? ` (${condition.message})` : '')
  );
}

/** `READY 2/3, UP-TO-DATE 3, AVAILABLE 2`: kubectl's columns at that moment. */
function describeColumns(snapshot: WorkloadSnapshot): string {
  const columns = Object.entries(snapshot.columns).map(([column, value]) => `${column} ${value}`);
  return columns.length > 0 ? columns.join(', ') : `${snapshot.endpoints.length} ready`;
}

/** The pod's state at `t`, when it existed then. */
function podStateAt(pod: WorkloadPod, t: number): PodSnapshot | undefined {
  if (pod.createdAt > t || (pod.deletedAt !== null && pod.deletedAt <= t)) {
    return undefined;
  }
  return snapshotAt(settledSnapshots(pod.result.snapshots), t);
}

/** Why a pod of the workload that was a ready endpoint is no longer one at `t`. */
function podGone(result: WorkloadSimulationResult, podName: string, t: number): string {
  const pod = result.pods.find((candidate) => candidate.name === podName);
  return whyNotEndpoint(pod ? podStateAt(pod, t) : undefined);
}

/** ` (web-1 not ready: CrashLoopBackOff: …; web-2 Pending…)`: the live pods not ready at `t`, at most three. */
function notReadyPods(result: WorkloadSimulationResult, t: number, revision?: string): string {
  const unready: string[] = [];
  for (const pod of result.pods) {
    if (revision !== undefined && pod.revision !== revision) {
      continue;
    }
    const state = podStateAt(pod, t);
    if (state && !state.deleting && !isEndpoint(state)) {
      unready.push(`${pod.name} ${whyNotEndpoint(state)}`);
    }
  }
  if (unready.length === 0) {
    return '';
  }
  const shown = unready.slice(0, 3);
  return ` (${shown.join('; ')}${unready.length > shown.length ? `; and ${unready.length - shown.length} more` : ''})`;
}

/**
 * `rollout-completes-within <d>`: by t=d, the workload is rolled out at its last revision (the
 * revision of the last pod it created), as `kubectl rollout status` decides
 * (kubectl pkg/polymorphichelpers/rollout_status.go):
 * - Deployment (DeploymentStatusViewer): Progressing not ProgressDeadlineExceeded (that is a
 *   failure), updatedReplicas ≥ spec.replicas, no old replicas (replicas ≤ updatedReplicas), and
 *   availableReplicas ≥ updatedReplicas;
 * - StatefulSet (StatefulSetStatusViewer, with the RollingUpdate strategy the API server
 *   defaults): readyReplicas ≥ spec.replicas and updatedReplicas ≥ spec.replicas − partition;
 * - DaemonSet (DaemonSetStatusViewer): updatedNumberScheduled and numberAvailable ≥
 *   desiredNumberScheduled.
 * kubectl first waits for the controller to observe the spec (observedGeneration); here the
 * status is the controller's at each moment, so a moment counts only once the last revision has
 * a pod (before an update, the status is that of the previous revision, fully rolled out).
 * kubectl refuses an OnDelete update strategy; so does the assertion.
 */
function rolloutCompletes(
  limit: number,
  target: WorkloadTarget,
  settled: readonly WorkloadSnapshot[],
): Outcome {
  const { result } = target;
  const kind = result.workload.kind;
  const spec = objectOf(target.spec);
  const strategy = objectOf(spec?.[kind === 'Deployment' ? 'strategy' : 'updateStrategy']);
  if (kind !== 'Deployment' && strategy?.type === 'OnDelete') {
    return fails(
      null,
      `rollout status is only available for the RollingUpdate strategy (kubectl rollout status); this ${kind} uses OnDelete`,
    );
  }
  const last = result.pods[result.pods.length - 1];
  if (!last) {
    return fails(Math.min(limit, result.duration), `the ${kind} created no pod`);
  }
  const revision = last.revision;
  const began = result.pods.find((pod) => pod.revision === revision)?.createdAt ?? 0;
  const partition = objectOf(strategy?.rollingUpdate)?.partition;
  const name = result.workload.name;
  for (const snapshot of settled) {
    if (snapshot.t > limit) {
      break;
    }
    if (snapshot.t < began) {
      continue;
    }
    const state = rolloutState(kind, name, target, snapshot, typeof partition === 'number' ? partition : 0);
    if (state.error !== undefined) {
      return fails(snapshot.t, state.error);
    }
    if (state.done) {
      return holds(
        snapshot.t,
        `revision ${revision} rolled out at t=${seconds(snapshot.t)}` +
          (began > 0 ? ` (its first pod created at t=${seconds(began)})` : ''),
      );
    }
  }
  const t = Math.min(limit, result.duration);
  const then = snapshotAt(settled, t);
  const waiting = then
    ? rolloutState(kind, name, target, then, typeof partition === 'number' ? partition : 0)
    : undefined;
  const later = settled.find(
    (snapshot) =>
      snapshot.t > limit &&
      snapshot.t >= began &&
      rolloutState(kind, name, target, snapshot, typeof partition === 'number' ? partition : 0).done,
  );
  return fails(
    t,
    (then && then.t >= began
      ? (waiting?.message ?? `not rolled out`)
      : `revision ${revision} has not started`) +
      notReadyPods(result, t, revision) +
      (later
        ? `; rolled out only at t=${seconds(later.t)}`
        : `; not rolled out in the ${formatAge(result.duration)} simulated`),
  );
}

function rolloutState(
  kind: string,
  name: string,
  target: WorkloadTarget,
  snapshot: WorkloadSnapshot,
  partition: number,
): { done: boolean; message?: string; error?: string } {
  const status = snapshot.status;
  const need = (...fields: string[]): string | undefined =>
    fields.find((field) => status[field] === undefined);
  const desired = desiredReplicas(target, snapshot);
  switch (kind) {
    case 'Deployment': {
      const missing = need('replicas', 'updatedReplicas', 'availableReplicas');
      if (missing) {
        return { done: false, error: missingStatus(kind, missing) };
      }
      const progressing = snapshot.conditions.find((condition) => condition.type === 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') {
        return {
          done: false,
          error: `deployment "${name}" exceeded its progress deadline (${describeCondition(progressing)})`,
        };
      }
      const { replicas = 0, updatedReplicas = 0, availableReplicas = 0 } = status;
      if (updatedReplicas < (desired ?? 1)) {
        return {
          done: false,
          message: `${updatedReplicas} out of ${desired} new replicas have been updated`,
        };
      }
      if (replicas > updatedReplicas) {
        return { done: false, message: `${replicas - updatedReplicas} old replicas are pending termination` };
      }
      if (availableReplicas < updatedReplicas) {
        return {
          done: false,
          message: `${availableReplicas} of ${updatedReplicas} updated replicas are available`,
        };
      }
      return { done: true };
    }
    case 'StatefulSet': {
      const missing = need('readyReplicas', 'updatedReplicas');
      if (missing) {
        return { done: false, error: missingStatus(kind, missing) };
      }
      const { readyReplicas = 0, updatedReplicas = 0 } = status;
      const wanted = desired ?? 1;
      if (readyReplicas < wanted) {
        return { done: false, message: `waiting for ${wanted - readyReplicas} pods to be ready` };
      }
      if (updatedReplicas < wanted - partition) {
        return {
          done: false,
          message: `partitioned roll out: ${updatedReplicas} out of ${wanted - partition} new pods have been updated`,
        };
      }
      return { done: true };
    }
    default: {
      const missing = need('desiredNumberScheduled', 'updatedNumberScheduled', 'numberAvailable');
      if (missing) {
        return { done: false, error: missingStatus(kind, missing) };
      }
      const { desiredNumberScheduled = 0, updatedNumberScheduled = 0, numberAvailable = 0 } = status;
      if (updatedNumberScheduled < desiredNumberScheduled) {
        return {
          done: false,
          message: `${updatedNumberScheduled} out of ${desiredNumberScheduled} new pods have been updated`,
        };
      }
      if (numberAvailable < desiredNumberScheduled) {
        return {
          done: false,
          message: `${numberAvailable} of ${desiredNumberScheduled} updated pods are available`,
        };
      }
      return { done: true };
    }
  }
}

function orList(words: readonly string[]): string {
  return words.length > 1
    ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
    : (words[0] ?? '');
}
