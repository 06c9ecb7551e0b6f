import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  type Assertion,
  type AssertionTarget,
  assertionProblem,
  evaluateAssertion,
  parseAssertion,
  parseDuration,
} from '../../server/src/simulator/assertions';
import { parseScenario, validateScenario } from '../../server/src/simulator/scenario';
import { simulatePod } from '../../server/src/simulator/simulator';
import type {
  Scenario,
  SimulationResult,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from '../../server/src/simulator/types';
import { hasWorkloadController, simulateWorkload } from '../../server/src/simulator/workloadSimulator';
import { testJob, testRollout, withController } from '../support/testControllers';

/**
 * The assertion language of `podscope simulate --assert` (server/src/simulator/assertions.ts):
 * parsing with columns, and each assertion passing and failing on results with known times —
 * single pods from the kubelet model, workloads from the test controllers of
 * test/support/testControllers.ts, and hand-written workload results for the rollout rules that
 * follow kubectl's rollout status (kubectl pkg/polymorphichelpers/rollout_status.go).
 */

function parse(expression: string): Assertion {
  const parsed = parseAssertion(expression);
  assert.ok(parsed.ok, `"${expression}" should parse`);
  return parsed.assertion;
}

function check(
  expression: string,
  target: AssertionTarget,
): { passed: boolean; t: number | null; message: string } {
  const { passed, t, message } = evaluateAssertion(parse(expression), target);
  return { passed, t, message };
}

/** A pod with a readiness probe every 5 s: pulled 0–1, started and Ready at 1. */
const webPod = {
  containers: [
    { name: 'app', image: 'web:1', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } },
  ],
};

function pod(kind: string, podSpec: unknown, scenario: Scenario): AssertionTarget {
  const outcome = simulatePod({ kind, name: 'web', podSpec }, scenario);
  assert.ok(outcome.ok);
  return { level: 'pod', result: outcome.result };
}

describe('simulation assertions: the language', () => {
  it('reads durations as Go writes them, with h, m and s', () => {
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('1h'), 3600);
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('1h0m15s'), 3615);
    assert.equal(parseDuration('2.5m'), 150);
    assert.equal(parseDuration('0s'), 0);
    for (const wrong of ['', '90', 's', '5 m', '30s1m', '1d', '-5s', '5M']) {
      assert.equal(parseDuration(wrong), undefined, wrong);
    }
  });

  it('parses each assertion, whatever the spaces around its words', () => {
    assert.deepEqual(parse('ready-within 60s'), {
      kind: 'ready-within',
      text: 'ready-within 60s',
      seconds: 60,
    });
    assert.deepEqual(parse('  completes-within   10m '), {
      kind: 'completes-within',
      text: 'completes-within 10m',
      seconds: 600,
    });
    assert.deepEqual(parse('rollout-completes-within 1h30m'), {
      kind: 'rollout-completes-within',
      text: 'rollout-completes-within 1h30m',
      seconds: 5400,
    });
    assert.deepEqual(parse('never-below 2 ready'), {
      kind: 'never-below',
      text: 'never-below 2 ready',
      count: 2,
    });
    assert.deepEqual(parse('no-restarts'), { kind: 'no-restarts', text: 'no-restarts' });
    assert.deepEqual(parse('fails'), { kind: 'fails', text: 'fails' });
    assert.deepEqual(parse('no-evictions'), { kind: 'no-evictions', text: 'no-evictions' });
  });

  it('reports a mistake with its column', () => {
    const error = (expression: string) => {
      const parsed = parseAssertion(expression);
      assert.ok(!parsed.ok, `"${expression}" should not parse`);
      return parsed.error;
    };
    assert.deepEqual(error('ready-withn 60s'), {
      column: 1,
      message:
        'unknown assertion "ready-withn" (did you mean "ready-within"?); use one of: ready-within <duration>, no-restarts, ' +
        'completes-within <duration>, rollout-completes-within <duration>, never-below <n> ready, fails, no-evictions',
    });
    assert.deepEqual(error('ready-within 5 minutes'), {
      column: 14,
      message: 'a duration needs a unit (h, m or s): 5s, 5m…, not "5"',
    });
    assert.deepEqual(error('ready-within soon'), {
      column: 14,
      message: '"soon" is not a duration; write it like 90s, 5m, 1h or 1h30m',
    });
    assert.deepEqual(error('completes-within'), {
      column: 18,
      message: 'completes-within takes a duration such as 90s, 5m or 1h30m: completes-within <duration>',
    });
    assert.deepEqual(error('no-restarts at all'), {
      column: 13,
      message: 'unexpected "at" after "no-restarts"',
    });
    assert.deepEqual(error('never-below two ready'), {
      column: 13,
      message: 'never-below takes a whole number of ready pods of at least 1, not "two"',
    });
    assert.deepEqual(error('never-below 0 ready'), {
      column: 13,
      message: 'never-below takes a whole number of ready pods of at least 1, not "0"',
    });
    assert.deepEqual(error('never-below 2'), {
      column: 15,
      message: 'expected "ready" after "never-below 2"',
    });
    assert.deepEqual(error('never-below 2 pods'), {
      column: 15,
      message: 'expected "ready" after "never-below 2"',
    });
    assert.equal(error('   ').column, 1);
    assert.match(error('').message, /^an assertion is empty; use one of: ready-within <duration>/);
  });

  it('says which assertions do not apply to what is simulated, before it runs', () => {
    const rollout = parse('rollout-completes-within 5m');
    assert.equal(
      assertionProblem(rollout, 'pod', 'Pod'),
      'rollout-completes-within 5m applies to a Deployment, StatefulSet or DaemonSet simulated with its controller, not to a single pod',
    );
    assert.equal(assertionProblem(rollout, 'workload', 'Deployment'), undefined);
    assert.equal(
      assertionProblem(rollout, 'workload', 'Job'),
      'rollout-completes-within does not apply to a Job; it applies to Deployment, StatefulSet or DaemonSet',
    );
    assert.equal(
      assertionProblem(parse('ready-within 1m'), 'workload', 'Job'),
      'ready-within does not apply to a Job (use completes-within); it applies to Deployment, ReplicaSet, ReplicationController, StatefulSet or DaemonSet',
    );
    assert.equal(
      assertionProblem(parse('completes-within 1m'), 'workload', 'Deployment'),
      'completes-within does not apply to a Deployment (use rollout-completes-within); it applies to Job',
    );
    assert.equal(
      assertionProblem(parse('fails'), 'workload', 'StatefulSet'),
      'fails does not apply to a StatefulSet; it applies to Job or Deployment',
    );
    // A pod (or a workload simulated as one pod) takes every other assertion.
    for (const expression of [
      'ready-within 1m',
      'no-restarts',
      'completes-within 1m',
      'never-below 1 ready',
      'fails',
      'no-evictions',
    ]) {
      assert.equal(assertionProblem(parse(expression), 'pod', 'Job'), undefined, expression);
    }
  });

  it('takes assertions in the scenario, and points a wrong one at its line and column', () => {
    assert.deepEqual(validateScenario({ assert: ['no-restarts', 'ready-within 60s'] }), {
      scenario: { assert: ['no-restarts', 'ready-within 60s'] },
      problems: [],
    });
    const text = [
      'duration: 120',
      'assert:',
      '  - no-restarts',
      '  - ready-within 5 minutes',
      '  - "never-below two ready"',
      '',
    ].join('\n');
    const parsed = parseScenario(text);
    assert.equal(parsed.scenario, undefined);
    assert.deepEqual(
      parsed.problems.map(({ line, column, message }) => ({ line, column, message })),
      [
        { line: 4, column: 18, message: 'assert[1]: a duration needs a unit (h, m or s): 5s, 5m…, not "5"' },
        {
          line: 5,
          column: 18,
          message: 'assert[2]: never-below takes a whole number of ready pods of at least 1, not "two"',
        },
      ],
    );
    // A scenario given in code (the webview's) keeps the good ones.
    const checked = validateScenario({ assert: ['no-restarts', 'fail'] });
    assert.deepEqual(checked.scenario, { assert: ['no-restarts'] });
    assert.equal(
      checked.problems[0]?.message,
      'assert[1]: unknown assertion "fail" (did you mean "fails"?); use one of: ready-within <duration>, no-restarts, completes-within <duration>, rollout-completes-within <duration>, never-below <n> ready, fails, no-evictions',
    );
    assert.deepEqual(
      validateScenario({ assert: 'no-restarts' }).problems.map(({ message }) => message),
      ['assert: must be a list of assertions such as "ready-within 60s", not "no-restarts"'],
    );
  });
});

describe('simulation assertions: bad input', () => {
  const words = fc.constantFrom(
    'ready-within',
    'no-restarts',
    'completes-within',
    'rollout-completes-within',
    'never-below',
    'ready',
    'fails',
    'no-evictions',
    '90s',
    '1h30m',
    '0',
    '-1',
    '2',
    '',
  );

  it('parses any text without throwing: an assertion, or an error at a column inside or just past it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(words, { maxLength: 5 }).map((parts) => parts.join(' ')),
        ),
        (text) => {
          const parsed = parseAssertion(text);
          if (!parsed.ok) {
            assert.ok(parsed.error.column >= 1 && parsed.error.column <= text.trimEnd().length + 2, text);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('checks any assertion against any workload spec without throwing', () => {
    const result = withController('Deployment', testRollout({}), () => {
      const outcome = simulateWorkload(
        { kind: 'Deployment', name: 'web', podSpec: webPod, spec: { replicas: 2 } },
        {},
      );
      assert.ok(outcome.ok);
      return outcome.result;
    });
    const expressions = [
      'ready-within 1m',
      'rollout-completes-within 1m',
      'never-below 2 ready',
      'fails',
      'no-restarts',
    ];
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...expressions), (spec, expression) => {
        const verdict = evaluateAssertion(parse(expression), { level: 'workload', result, spec });
        assert.equal(typeof verdict.passed, 'boolean');
      }),
      { numRuns: 200 },
    );
  });
});

describe('simulation assertions: a pod', () => {
  // Ready at 1; the readiness probe fails from 30 s after the start (t=31): the third failure at 41
  // makes it not ready (failureThreshold 3, every 5 s), and it is Ready again at 61.
  const flapping = pod('Pod', webPod, {
    duration: 120,
    containers: { app: { probes: { readiness: { failFrom: 30, failUntil: 60 } } } },
  });

  it('ready-within: Ready by then, or when and why not', () => {
    assert.deepEqual(check('ready-within 1s', flapping), {
      passed: true,
      t: 1,
      message: 'ready-within 1s holds: web Ready at t=1',
    });
    const late = pod('Pod', webPod, { containers: { app: { startSeconds: 20 } } });
    // The app answers 20 s after its start at 1: the probe at t=21 passes.
    assert.deepEqual(check('ready-within 10s', late), {
      passed: false,
      t: 10,
      message:
        'ready-within 10s failed at t=10: web not ready: the readiness probe of app has not succeeded yet (failing since t=1) (Running); Ready only at t=21',
    });
    const never = pod('Pod', webPod, { duration: 60, containers: { app: { imagePull: 'fail' } } });
    const verdict = check('ready-within 30s', never);
    assert.equal(verdict.passed, false);
    assert.match(
      verdict.message,
      /^ready-within 30s failed at t=30: web not ready: app is waiting \(ImagePullBackOff\)/,
    );
    assert.match(verdict.message, /; never Ready in the 60s simulated$/);
  });

  it('never-below: from the first moment n are ready, fails at the first drop, naming the pod and why', () => {
    assert.deepEqual(check('never-below 1 ready', flapping), {
      passed: false,
      t: 41,
      message:
        'never-below 1 ready failed at t=41: 0 ready (web not ready: the readiness probe of app has failed since t=31 (Running))',
    });
    const steady = pod('Pod', webPod, { duration: 120 });
    assert.deepEqual(check('never-below 1 ready', steady), {
      passed: true,
      t: 1,
      message: 'never-below 1 ready holds: at least 1 ready from t=1 to the end (2m)',
    });
    // A pod being deleted is no endpoint any more (EndpointSlice podToEndpoint: terminating).
    const deleted = pod('Pod', webPod, { duration: 120, deleteAt: 50 });
    assert.deepEqual(check('never-below 1 ready', deleted), {
      passed: false,
      t: 50,
      message: 'never-below 1 ready failed at t=50: 0 ready (web terminating)',
    });
    assert.deepEqual(check('never-below 2 ready', steady), {
      passed: false,
      t: 120,
      message: 'never-below 2 ready failed at t=120: never 2 ready in the 2m simulated (at most 1)',
    });
  });

  it('no-restarts: the first restart, with the container and how its run ended', () => {
    assert.deepEqual(check('no-restarts', flapping), {
      passed: true,
      t: null,
      message: 'no-restarts holds: no container of web restarted in the 2m simulated',
    });
    const crashing = pod(
      'Pod',
      { containers: [{ name: 'app', image: 'busybox:1.36' }] },
      {
        duration: 30,
        containers: { app: { exitAfter: 5, exitCode: 1 } },
      },
    );
    // Started at 1, exits at 6 and is restarted at once (the first back-off is 0 s).
    assert.deepEqual(check('no-restarts', crashing), {
      passed: false,
      t: 6,
      message:
        'no-restarts failed at t=6: web: container app restarted (its previous run ended: Error, exit code 1)',
    });
  });

  it('completes-within and fails: a pod that runs to completion, or fails', () => {
    const job = { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] };
    // Jobs' containers exit 0 after 10 s by default: started at 1, Succeeded at 11.
    const succeeds = pod('Job', job, { duration: 60 });
    assert.deepEqual(check('completes-within 11s', succeeds), {
      passed: true,
      t: 11,
      message: 'completes-within 11s holds: web Succeeded at t=11',
    });
    assert.deepEqual(check('completes-within 10s', succeeds), {
      passed: false,
      t: 10,
      message: 'completes-within 10s failed at t=10: web is Running (Running); Succeeded only at t=11',
    });
    assert.deepEqual(check('fails', succeeds), {
      passed: false,
      t: null,
      message: 'fails failed: web did not fail in the 60s simulated (Succeeded, Completed)',
    });
    const failing = pod('Job', job, { duration: 60, containers: { app: { exitAfter: 20, exitCode: 3 } } });
    assert.deepEqual(check('completes-within 1m', failing), {
      passed: false,
      t: 21,
      message: 'completes-within 1m failed at t=21: web Failed (Error)',
    });
    assert.deepEqual(check('fails', failing), {
      passed: true,
      t: 21,
      message: 'fails holds: web Failed at t=21 (Error)',
    });
  });

  it('no-evictions: a pod evicted from its lost node', () => {
    // Lost at 100: not ready at 150 (node-monitor-grace-period), evicted at 450 (300 s toleration).
    const lost = pod('Pod', webPod, { duration: 600, nodeLostAt: 100 });
    assert.deepEqual(check('no-evictions', lost), {
      passed: false,
      t: 450,
      message:
        'no-evictions failed at t=450: web evicted by the taint eviction controller (DisruptionTarget, DeletionByTaintManager): its node stopped reporting',
    });
    assert.equal(check('no-evictions', pod('Pod', webPod, { duration: 600 })).passed, true);
    assert.deepEqual(check('never-below 1 ready', lost), {
      passed: false,
      t: 150,
      message:
        'never-below 1 ready failed at t=150: 0 ready (web not ready: the node stopped reporting at t=100, and 50s later (node-monitor-grace-period) the node lifecycle controller set Ready to False; the other conditions and the containers keep what the kubelet last reported (Running))',
    });
  });
});

describe('simulation assertions: a workload', () => {
  const deployment = { kind: 'Deployment', name: 'web', podSpec: webPod, spec: { replicas: 3 } };

  function rollout(options: Parameters<typeof testRollout>[0], scenario: Scenario): AssertionTarget {
    return withController('Deployment', testRollout(options), () => {
      const outcome = simulateWorkload(deployment, scenario);
      assert.ok(outcome.ok);
      return { level: 'workload', result: outcome.result, spec: deployment.spec };
    });
  }

  // Three pods of web-1 ready at 1; at 100 the update to web-2 rolls out one pod at a time, each
  // new pod Ready at once, so the rollout is done at 100.
  const healthy = rollout({ updateAt: 100 }, { duration: 300 });
  // The new revision never passes its readiness probe: one surge pod, the old three stay; the
  // test controller's progress deadline passes at 220.
  const stalled = rollout(
    {
      updateAt: 100,
      updateContainers: { app: { probes: { readiness: { failFrom: 0 } } } },
      progressDeadlineSeconds: 120,
    },
    { duration: 300 },
  );

  it('ready-within: every desired replica (spec.replicas) ready', () => {
    assert.deepEqual(check('ready-within 1s', healthy), {
      passed: true,
      t: 1,
      message: 'ready-within 1s holds: 3/3 ready at t=1',
    });
    assert.deepEqual(check('ready-within 0s', healthy), {
      passed: false,
      t: 0,
      message:
        'ready-within 0s failed at t=0: 0/3 ready (web-1-0 not ready: app is waiting (ContainerCreating); ' +
        'web-1-1 not ready: app is waiting (ContainerCreating); web-1-2 not ready: app is waiting (ContainerCreating)); all ready only at t=1',
    });
  });

  it('rollout-completes-within: the last revision rolled out, as kubectl rollout status decides', () => {
    assert.deepEqual(check('rollout-completes-within 2m', healthy), {
      passed: true,
      t: 100,
      message:
        'rollout-completes-within 2m holds: revision web-2 rolled out at t=100 (its first pod created at t=100)',
    });
    // Before the update, web-1 was fully rolled out: that is not the rollout of web-2.
    assert.deepEqual(check('rollout-completes-within 90s', healthy), {
      passed: false,
      t: 90,
      message:
        'rollout-completes-within 90s failed at t=90: revision web-2 has not started; rolled out only at t=100',
    });
    // kubectl rollout status stops with an error on ProgressDeadlineExceeded.
    assert.deepEqual(check('rollout-completes-within 5m', stalled), {
      passed: false,
      t: 220,
      message:
        'rollout-completes-within 5m failed at t=220: deployment "web" exceeded its progress deadline (Progressing=False ProgressDeadlineExceeded (ReplicaSet "web-2" has timed out progressing.))',
    });
    assert.deepEqual(check('rollout-completes-within 3m', stalled), {
      passed: false,
      t: 180,
      message:
        'rollout-completes-within 3m failed at t=180: 1 out of 3 new replicas have been updated (web-2-3 not ready: the readiness probe of app has not succeeded yet (failing since t=100) (Running)); not rolled out in the 5m simulated',
    });
    assert.deepEqual(check('fails', stalled), {
      passed: true,
      t: 220,
      message:
        'fails holds: its progress deadline was exceeded: Progressing=False ProgressDeadlineExceeded (ReplicaSet "web-2" has timed out progressing.)',
    });
    assert.equal(check('fails', healthy).passed, false);
  });

  it('never-below: the ready endpoints over time; a lost node takes its pod out at once', () => {
    // The stalled update keeps the three old pods ready: never below 3.
    assert.deepEqual(check('never-below 3 ready', stalled), {
      passed: true,
      t: 1,
      message: 'never-below 3 ready holds: at least 3 ready from t=1 to the end (5m)',
    });
    // node-2 stops reporting at 150; its pod is marked not ready at 200 (node-monitor-grace-period).
    const lost = rollout({}, { duration: 300, nodeLoss: [{ node: 'node-2', at: 150 }] });
    assert.deepEqual(check('never-below 3 ready', lost), {
      passed: false,
      t: 200,
      message:
        'never-below 3 ready failed at t=200: 2 ready (web-1-1 not ready: the node stopped reporting at t=150, and 50s later (node-monitor-grace-period) the node lifecycle controller set Ready to False; the other conditions and the containers keep what the kubelet last reported (Running))',
    });
    assert.equal(check('never-below 2 ready', lost).passed, true);
    assert.equal(check('no-evictions', lost).passed, true);
  });

  it('no-restarts and no-evictions: the first across the pods', () => {
    const crashing = rollout(
      {},
      { duration: 60, containers: { app: { exitAfter: [20, 'never'], exitCode: 1 } } },
    );
    assert.deepEqual(check('no-restarts', crashing), {
      passed: false,
      t: 21,
      message:
        'no-restarts failed at t=21: web-1-0: container app restarted (its previous run ended: Error, exit code 1)',
    });
    assert.deepEqual(check('no-restarts', healthy), {
      passed: true,
      t: null,
      message: 'no-restarts holds: no container of the 6 pods restarted',
    });
    const evicted = rollout({}, { duration: 600, nodeLoss: [{ node: 'node-3', at: 10 }] });
    assert.deepEqual(check('no-evictions', evicted), {
      passed: false,
      t: 360,
      message:
        'no-evictions failed at t=360: web-1-2 evicted by the taint eviction controller: its node node-3 stopped reporting',
    });
  });

  it('completes-within and fails for a Job: its Complete or Failed condition', () => {
    const job = (scenario: Scenario): AssertionTarget =>
      withController('Job', testJob, () => {
        const input = {
          kind: 'Job',
          name: 'pi',
          podSpec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'perl:5' }] },
          spec: { backoffLimit: 2 },
        };
        const outcome = simulateWorkload(input, scenario);
        assert.ok(outcome.ok);
        return { level: 'workload', result: outcome.result, spec: input.spec };
      });
    // Each pod runs 20 s and fails: pi-0 at 21, pi-1 at 42, pi-2 at 63: the third failure is past
    // the backoffLimit of 2.
    const failing = job({ duration: 300, containers: { app: { exitAfter: 20, exitCode: 1 } } });
    assert.deepEqual(check('completes-within 5m', failing), {
      passed: false,
      t: 63,
      message:
        'completes-within 5m failed at t=63: the Job failed: Failed=True BackoffLimitExceeded (Job has reached the specified backoff limit)',
    });
    assert.deepEqual(check('fails', failing), {
      passed: true,
      t: 63,
      message:
        'fails holds: the Job failed at t=63: Failed=True BackoffLimitExceeded (Job has reached the specified backoff limit)',
    });
    // The host runs each pod as kind Pod, whose containers do not exit by default: say when.
    const succeeding = job({ duration: 300, containers: { app: { exitAfter: 10 } } });
    assert.deepEqual(check('completes-within 11s', succeeding), {
      passed: true,
      t: 11,
      message: 'completes-within 11s holds: Complete at t=11',
    });
    assert.deepEqual(check('completes-within 5s', succeeding), {
      passed: false,
      t: 5,
      message:
        'completes-within 5s failed at t=5: not complete (STATUS Running, COMPLETIONS 0/1); Complete only at t=11',
    });
    assert.deepEqual(check('fails', succeeding), {
      passed: false,
      t: null,
      message: 'fails failed: the Job did not fail in the 5m simulated (STATUS Complete, COMPLETIONS 1/1)',
    });
  });
});

describe('simulation assertions: rollouts of StatefulSets and DaemonSets (kubectl rollout status)', () => {
  /** A result written by hand: the snapshots given, and one pod per revision named. */
  function result(
    kind: string,
    snapshots: Partial<WorkloadSnapshot>[],
    revisions: [string, number][],
  ): WorkloadSimulationResult {
    const full = snapshots.map(
      (snapshot): WorkloadSnapshot => ({
        t: 0,
        status: {},
        columns: {},
        conditions: [],
        endpoints: [],
        ...snapshot,
      }),
    );
    const podResult = { snapshots: [], warnings: [] } as unknown as SimulationResult;
    return {
      workload: { kind, name: 'db', namespace: 'default' },
      duration: 600,
      warnings: [],
      notes: [],
      nodes: [],
      pods: revisions.map(([revision, createdAt], index) => ({
        name: `db-${index}`,
        node: 'node-1',
        revision,
        index,
        createdAt,
        deletedAt: null,
        result: podResult,
      })),
      events: [],
      snapshots: full,
      final: full[full.length - 1]!,
    };
  }

  it('a StatefulSet: every replica ready, and the pods past the partition updated', () => {
    const snapshots = [
      { t: 0, status: { readyReplicas: 0, updatedReplicas: 3 } },
      { t: 30, status: { readyReplicas: 3, updatedReplicas: 3 } },
      { t: 100, status: { readyReplicas: 3, updatedReplicas: 0 } },
      { t: 140, status: { readyReplicas: 2, updatedReplicas: 1 } },
      { t: 200, status: { readyReplicas: 3, updatedReplicas: 2 } },
      { t: 260, status: { readyReplicas: 3, updatedReplicas: 3 } },
    ];
    const target = (spec: unknown): AssertionTarget => ({
      level: 'workload',
      result: result('StatefulSet', snapshots, [
        ['db-a', 0],
        ['db-b', 100],
      ]),
      spec,
    });
    assert.deepEqual(check('rollout-completes-within 10m', target({ replicas: 3 })), {
      passed: true,
      t: 260,
      message:
        'rollout-completes-within 10m holds: revision db-b rolled out at t=260 (its first pod created at t=100)',
    });
    // partition: 1 leaves ordinal 0 at the old revision: done once two pods are updated.
    const partitioned = target({
      replicas: 3,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
    });
    assert.equal(check('rollout-completes-within 10m', partitioned).t, 200);
    assert.deepEqual(check('rollout-completes-within 150s', target({ replicas: 3 })), {
      passed: false,
      t: 150,
      message:
        'rollout-completes-within 150s failed at t=150: waiting for 1 pods to be ready; rolled out only at t=260',
    });
    assert.deepEqual(
      check('rollout-completes-within 10m', target({ replicas: 3, updateStrategy: { type: 'OnDelete' } })),
      {
        passed: false,
        t: null,
        message:
          'rollout-completes-within 10m failed: rollout status is only available for the RollingUpdate strategy (kubectl rollout status); this StatefulSet uses OnDelete',
      },
    );
  });

  it('a DaemonSet: updated and available on every node that should run it', () => {
    const target: AssertionTarget = {
      level: 'workload',
      result: result(
        'DaemonSet',
        [
          { t: 0, status: { desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 0 } },
          {
            t: 5,
            status: { desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2 },
            endpoints: ['a', 'b'],
          },
          {
            t: 9,
            status: { desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
            endpoints: ['a', 'b', 'c'],
          },
        ],
        [['ds-1', 0]],
      ),
      spec: {},
    };
    assert.equal(check('rollout-completes-within 9s', target).t, 9);
    assert.deepEqual(check('rollout-completes-within 8s', target), {
      passed: false,
      t: 8,
      message:
        'rollout-completes-within 8s failed at t=8: 2 of 3 updated pods are available; rolled out only at t=9',
    });
    // The DaemonSet's desired replicas are its status.desiredNumberScheduled.
    assert.deepEqual(check('ready-within 10s', target), {
      passed: true,
      t: 9,
      message: 'ready-within 10s holds: 3/3 ready at t=9',
    });
  });

  it('says so when the simulated status lacks a field the rule reads, rather than guess', () => {
    const target: AssertionTarget = {
      level: 'workload',
      result: result('Deployment', [{ t: 0, status: { replicas: 1 } }], [['web-1', 0]]),
      spec: { replicas: 1 },
    };
    assert.deepEqual(check('rollout-completes-within 1m', target), {
      passed: false,
      t: 0,
      message:
        "rollout-completes-within 1m failed at t=0: the simulated Deployment's status has no updatedReplicas",
    });
  });
});

describe("simulation assertions: with the simulator's own controllers", () => {
  /**
   * The assertions read the controllers' status by the API's field names (DeploymentStatus,
   * StatefulSetStatus, DaemonSetStatus) and the Job's conditions: a healthy workload of each kind
   * the simulator has a controller for must pass them. Pending until a controller is registered.
   */
  const template = {
    metadata: { labels: { app: 'web' } },
    spec: webPod,
  };
  const cases: { kind: string; spec: object; podSpec: object; scenario: Scenario; assertions: string[] }[] = [
    {
      kind: 'Deployment',
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      podSpec: webPod,
      scenario: { duration: 600 },
      assertions: [
        'ready-within 10m',
        'rollout-completes-within 10m',
        'never-below 2 ready',
        'no-restarts',
        'no-evictions',
      ],
    },
    {
      kind: 'ReplicaSet',
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
      podSpec: webPod,
      scenario: { duration: 600 },
      assertions: ['ready-within 10m', 'never-below 2 ready', 'no-restarts'],
    },
    {
      kind: 'StatefulSet',
      spec: { replicas: 2, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template },
      podSpec: webPod,
      scenario: { duration: 600 },
      assertions: ['ready-within 10m', 'rollout-completes-within 10m', 'never-below 2 ready', 'no-restarts'],
    },
    {
      kind: 'DaemonSet',
      spec: { selector: { matchLabels: { app: 'web' } }, template },
      podSpec: webPod,
      scenario: { duration: 600 },
      assertions: ['ready-within 10m', 'rollout-completes-within 10m', 'never-below 3 ready', 'no-restarts'],
    },
    {
      kind: 'Job',
      spec: {
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'perl:5' }] } },
      },
      podSpec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'perl:5' }] },
      scenario: { duration: 600, containers: { app: { exitAfter: 10 } } },
      assertions: ['completes-within 10m', 'no-restarts'],
    },
  ];

  it('a healthy workload of each kind with a controller passes its assertions', function () {
    const present = cases.filter(({ kind }) => hasWorkloadController(kind));
    if (present.length === 0) {
      this.skip();
    }
    for (const { kind, spec, podSpec, scenario, assertions } of present) {
      const outcome = simulateWorkload({ kind, name: 'web', podSpec, spec }, scenario);
      assert.ok(outcome.ok, kind);
      for (const expression of assertions) {
        const verdict = evaluateAssertion(parse(expression), {
          level: 'workload',
          result: outcome.result,
          spec,
        });
        assert.ok(verdict.passed, `${kind}: ${verdict.message}`);
      }
    }
  });
});
