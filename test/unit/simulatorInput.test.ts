import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { formatAge } from '../../server/src/simulator/renderText';
import {
  checkScenarioContainers,
  parseScenario,
  validateScenario,
} from '../../server/src/simulator/scenario';
import { simulatePod } from '../../server/src/simulator/simulator';
import type { Scenario } from '../../server/src/simulator/types';
import { repoRoot } from '../support/paths';
import { everyScenarioField } from '../support/scenarios';

function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test/fixtures/simulator', name), 'utf8');
}

const healthyPod = { containers: [{ name: 'app', image: 'nginx:1.25' }] };

describe('simulator input: scenarios', () => {
  it('accepts every documented field and keeps it as given', () => {
    const scenario: Scenario = {
      ...everyScenarioField,
      containers: {
        ...everyScenarioField.containers,
        sidecar: { exitAfter: [5, 'never'] },
        quiet: null as never,
      },
    };
    const { scenario: checked, problems } = validateScenario(scenario);
    assert.deepEqual(problems, []);
    assert.deepEqual(checked, { ...scenario, containers: { ...scenario.containers, quiet: {} } });
  });

  it('reports wrong types, bad values and unknown fields with their paths', () => {
    const { problems } = validateScenario({
      duration: 'ten minutes',
      deleteAt: -1,
      containers: {
        app: {
          exitAfter: -5,
          exitcode: 1,
          exitCodes: [1, 300],
          imagePull: 'maybe',
          probes: { liveness: { failFrom: 30, failUntil: 10 }, readyness: {} },
          postStart: { seconds: 1, fail: 'no' },
        },
        web: 'crash',
      },
    });
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        'duration: must be a number of seconds greater than 0 and at most 86400, not "ten minutes"',
        'deleteAt: must be a number of seconds of at least 0, not -1',
        'containers.app.exitcode: unknown field "exitcode" (did you mean "exitCode"?)',
        'containers.app.exitAfter: must be a number of seconds of at least 0 (or "never"), not -5',
        'containers.app.exitCodes[1]: must be an integer from 0 to 255, not 300',
        'containers.app.imagePull: must be "ok" or "fail", not "maybe"',
        'containers.app.probes.readyness: unknown field "readyness" (did you mean "readiness"?)',
        'containers.app.probes.liveness.failUntil: must be greater than failFrom (30)',
        'containers.app.postStart.fail: must be true or false, not "no"',
        'containers.web: must be a mapping of the container\'s behaviour, not "crash"',
      ],
    );
    assert.ok(problems.every((problem) => problem.severity === 'error'));
  });

  it('rejects a scenario that is not a mapping', () => {
    assert.deepEqual(
      validateScenario([1, 2]).problems.map((problem) => problem.message),
      [
        'a scenario must be a mapping (duration, deleteAt, nodeLostAt, nodeReturnsAt, maxContainerRestartPeriod, containers, nodes, nodeLoss, attempts, indexes, startTime, assert, update), not a list',
      ],
    );
    assert.deepEqual(validateScenario(null), { scenario: {}, problems: [] });
  });

  it('points each problem of a scenario file at its line and column, in text order', () => {
    const { scenario, problems } = parseScenario(fixture('bad.scenario.yaml'), ['app']);
    assert.equal(scenario, undefined);
    assert.deepEqual(
      problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`),
      [
        '1:1 duration: must be a number of seconds greater than 0 and at most 86400, not "ten minutes"',
        '4:5 containers.app.exitAfter: must be a number of seconds of at least 0 (or "never"), not -5',
        '5:5 containers.app.exitcode: unknown field "exitcode" (did you mean "exitCode"?)',
        '7:33 containers.app.probes.liveness.failUntil: must be greater than failFrom (30)',
      ],
    );
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const broken = parseScenario('containers:\n  app: {exitAfter: 5\n');
    assert.equal(broken.scenario, undefined);
    assert.equal(broken.problems[0]?.line, 3);
    const duplicate = parseScenario('duration: 10\nduration: 20\n');
    assert.equal(duplicate.scenario, undefined);
    assert.match(duplicate.problems[0]?.message ?? '', /unique/);
    assert.equal(duplicate.problems[0]?.line, 2);
  });

  it('reads JSON scenarios and empty files', () => {
    assert.deepEqual(parseScenario('{"duration": 30, "containers": {"app": {"exitCode": 2}}}'), {
      scenario: { duration: 30, containers: { app: { exitCode: 2 } } },
      problems: [],
    });
    assert.deepEqual(parseScenario(''), { scenario: {}, problems: [] });
  });

  it('reports a container the pod does not have, with a suggestion', () => {
    assert.deepEqual(
      checkScenarioContainers({ containers: { ap: {}, app: {} } }, ['app', 'proxy']).map(
        (problem) => problem.message,
      ),
      ['unknown container "ap" (did you mean "app"?); the pod has: app, proxy'],
    );
    const parsed = parseScenario(fixture('unknown-container.scenario.yaml'), ['app']);
    assert.equal(parsed.scenario, undefined);
    assert.deepEqual(
      parsed.problems.map((problem) => [problem.line, problem.column, problem.severity]),
      [[2, 3, 'error']],
    );
  });

  it('turns problems of a scenario given in code into warnings, never errors', () => {
    const outcome = simulatePod(
      { kind: 'Pod', name: 'demo', podSpec: healthyPod },
      {
        duration: -3,
        containers: { ap: { exitAfter: 5 } },
      },
    );
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result.warnings, [
      'scenario: duration: must be a number of seconds greater than 0 and at most 86400, not -3 (ignored)',
      'scenario: unknown container "ap" (the pod has: app); ignored',
    ]);
    assert.equal(outcome.result.duration, 600);
  });

  it('warns about scenario behaviour for probes and hooks the container does not have', () => {
    const outcome = simulatePod(
      { kind: 'Pod', name: 'demo', podSpec: healthyPod },
      { containers: { app: { probes: { liveness: { failFrom: 1 } }, preStop: { seconds: 3 } } } },
    );
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result.warnings, [
      'scenario: container app has no livenessProbe; its probes.liveness is ignored',
      'scenario: container app has no preStop hook; its preStop is ignored',
    ]);
  });
});

describe('simulator input: pod specs', () => {
  const failure = (podSpec: unknown, kind = 'Pod'): string => {
    const outcome = simulatePod({ kind, name: 'demo', podSpec });
    assert.ok(!outcome.ok, 'expected the simulation to refuse the pod');
    return outcome.error;
  };

  it('refuses a pod without containers', () => {
    assert.equal(
      failure({ containers: [] }),
      'Pod demo has no containers: spec.containers must list at least one container',
    );
    assert.equal(
      failure({ initContainers: [{ name: 'setup', image: 'x' }] }, 'Deployment'),
      'Deployment demo has no containers: spec.template.spec.containers must list at least one container',
    );
  });

  it('refuses a missing or malformed pod spec, nameless and duplicate containers', () => {
    assert.equal(failure(undefined), 'Pod demo has no pod spec: spec is missing or is not a mapping');
    assert.equal(
      failure(['a'], 'CronJob'),
      'CronJob demo has no pod spec: spec.jobTemplate.spec.template.spec is missing or is not a mapping',
    );
    assert.equal(failure({ containers: ['app'] }), 'Pod demo: spec.containers[0] has no name');
    assert.equal(
      failure({ containers: [{ name: 'app' }], initContainers: [{ name: 'app' }] }),
      'Pod demo: two containers are named "app"',
    );
  });

  it('simulates malformed fields with their defaults and says so', () => {
    const outcome = simulatePod({
      kind: 'Pod',
      name: 'demo',
      podSpec: {
        restartPolicy: 'Sometimes',
        terminationGracePeriodSeconds: 'long',
        ephemeralContainers: 'debug',
        containers: [
          {
            name: 'app',
            livenessProbe: { httpGet: { port: 80 }, periodSeconds: 0, successThreshold: 2 },
            readinessProbe: 'yes',
          },
        ],
      },
    });
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result.warnings, [
      'spec.ephemeralContainers is not a list; ignored',
      'container app has no image',
      'container app: livenessProbe.periodSeconds must be an integer of at least 1, not 0; using 10',
      'container app: livenessProbe: successThreshold must be 1 for a liveness probe; using 1',
      'container app: readinessProbe is not a mapping; ignored',
      'spec.restartPolicy "Sometimes" is not Always, OnFailure or Never; simulating Always',
      'spec.terminationGracePeriodSeconds must be an integer of at least 0, not "long"; using 30',
    ]);
    assert.equal(outcome.result.pod.restartPolicy, 'Always');
  });

  it('never throws, whatever the pod spec and scenario', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.string(), (podSpec, scenario, kind) => {
        const outcome = simulatePod({ kind, name: 'fuzz', podSpec }, scenario as Scenario);
        assert.equal(typeof outcome.ok, 'boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('simulator: invariants of any timeline', () => {
  const probe = fc.record(
    {
      httpGet: fc.constant({ path: '/', port: 8080 }),
      initialDelaySeconds: fc.integer({ min: 0, max: 20 }),
      periodSeconds: fc.integer({ min: 1, max: 15 }),
      timeoutSeconds: fc.integer({ min: 1, max: 15 }),
      failureThreshold: fc.integer({ min: 1, max: 4 }),
    },
    { requiredKeys: ['httpGet'] },
  );
  const containerSpec = (name: string, sidecar: boolean) =>
    fc.record(
      {
        name: fc.constant(name),
        image: fc.constantFrom('app:1', 'busybox', 'shared:2'),
        ...(sidecar ? { restartPolicy: fc.constant('Always') } : {}),
        startupProbe: probe,
        livenessProbe: probe,
        readinessProbe: probe,
        lifecycle: fc.record(
          {
            postStart: fc.constant({ exec: { command: ['true'] } }),
            preStop: fc.constant({ sleep: { seconds: 2 } }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: sidecar ? ['name', 'image', 'restartPolicy'] : ['name', 'image'] },
    );
  const window = fc.record(
    {
      failFrom: fc.integer({ min: 0, max: 60 }),
      failUntil: fc.integer({ min: 61, max: 200 }),
      responseSeconds: fc.integer({ min: 0, max: 20 }),
    },
    { requiredKeys: [] },
  );
  const behaviour = fc.record(
    {
      exitAfter: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.constant('never' as const)),
      exitCodes: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
      startSeconds: fc.integer({ min: 0, max: 30 }),
      imagePull: fc.constantFrom('ok' as const, 'fail' as const),
      stopSeconds: fc.integer({ min: 0, max: 40 }),
      probes: fc.record({ liveness: window, readiness: window, startup: window }, { requiredKeys: [] }),
      postStart: fc.record({ seconds: fc.integer({ min: 0, max: 5 }), fail: fc.boolean() }),
      preStop: fc.record({ seconds: fc.integer({ min: 0, max: 40 }) }),
      addedAt: fc.integer({ min: 0, max: 300 }),
    },
    { requiredKeys: [] },
  );
  const cases = fc.record({
    kind: fc.constantFrom('Pod', 'Job', 'Deployment'),
    restartPolicy: fc.constantFrom('Always', 'OnFailure', 'Never'),
    grace: fc.integer({ min: 0, max: 40 }),
    deadline: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    init: containerSpec('init', false),
    sidecar: containerSpec('side', true),
    app: containerSpec('app', false),
    withInit: fc.boolean(),
    withSidecar: fc.boolean(),
    withDebug: fc.boolean(),
    scenario: fc.record(
      {
        duration: fc.integer({ min: 1, max: 900 }),
        deleteAt: fc.integer({ min: 0, max: 900 }),
        nodeLostAt: fc.integer({ min: 0, max: 900 }),
        nodeReturnsAt: fc.integer({ min: 0, max: 900 }),
        maxContainerRestartPeriod: fc.integer({ min: 1, max: 300 }),
        containers: fc.record(
          { init: behaviour, side: behaviour, app: behaviour, debug: behaviour },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
  });

  it('is deterministic, ordered in time, and never leaves a terminal phase', () => {
    fc.assert(
      fc.property(cases, (testCase) => {
        const initContainers = [
          ...(testCase.withInit ? [testCase.init] : []),
          ...(testCase.withSidecar ? [testCase.sidecar] : []),
        ];
        const podSpec = {
          restartPolicy: testCase.restartPolicy,
          terminationGracePeriodSeconds: testCase.grace,
          ...(testCase.deadline !== undefined ? { activeDeadlineSeconds: testCase.deadline } : {}),
          initContainers,
          containers: [testCase.app],
          // An ephemeral container: no probes or hooks (the simulation drops them, with warnings).
          ...(testCase.withDebug ? { ephemeralContainers: [{ name: 'debug', image: 'busybox' }] } : {}),
        };
        const scenario = {
          ...testCase.scenario,
          containers: Object.fromEntries(
            Object.entries(testCase.scenario.containers ?? {}).filter(([name]) =>
              [
                'app',
                ...initContainers.map((spec) => spec.name),
                ...(testCase.withDebug ? ['debug'] : []),
              ].includes(name),
            ),
          ),
        } as Scenario;
        const input = { kind: testCase.kind, name: 'prop', podSpec };
        const first = simulatePod(input, scenario);
        assert.ok(first.ok);
        assert.equal(JSON.stringify(simulatePod(input, scenario)), JSON.stringify(first));
        const { events, snapshots, final, duration } = first.result;
        assert.equal(final, snapshots[snapshots.length - 1]);
        const total = 1 + (testCase.withSidecar ? 1 : 0);
        let terminal: string | undefined;
        const restartCounts = new Map<string, number>();
        snapshots.forEach((snapshot, index) => {
          const apps = snapshot.containers.filter((container) => container.type === 'app');
          const inits = snapshot.containers.filter((container) => container.type === 'init');
          // App containers only ever run after every init container has completed.
          if (apps.some((container) => container.state !== 'waiting' || container.lastState !== null)) {
            assert.ok(
              inits.every((container) => container.state === 'terminated' && container.exitCode === 0),
            );
          }
          for (const container of snapshot.containers) {
            assert.ok(container.restartCount >= (restartCounts.get(container.name) ?? 0));
            restartCounts.set(container.name, container.restartCount);
            if (
              (testCase.restartPolicy === 'Never' && container.type !== 'sidecar') ||
              container.type === 'ephemeral'
            ) {
              assert.equal(container.restartCount, 0);
            }
          }
          if (snapshot.phase === 'Succeeded') {
            assert.ok(
              apps.every((container) => container.state === 'terminated' && container.exitCode === 0),
            );
          }
          if (snapshot.conditions.Ready === true) {
            assert.ok(
              snapshot.containers.every(
                (container) => container.type === 'init' || container.type === 'ephemeral' || container.ready,
              ),
            );
          }
          if (snapshot.status === 'Terminating') {
            assert.ok(snapshot.deleting);
          }

          assert.ok(snapshot.t >= (snapshots[index - 1]?.t ?? 0) && snapshot.t <= duration);
          assert.match(snapshot.ready, new RegExp(`^\\d+/${total}$`));
          // No component sets the phase Unknown, a lost node included.
          assert.notEqual(snapshot.phase, 'Unknown');
          if (terminal) {
            assert.equal(snapshot.phase, terminal);
          }
          if (snapshot.phase === 'Succeeded' || snapshot.phase === 'Failed') {
            terminal = snapshot.phase;
          }
        });
        // While the node is lost, only the control plane acts: no kubelet event.
        const { nodeLostAt, nodeReturnsAt } = testCase.scenario;
        const returnsAt =
          nodeLostAt !== undefined && nodeReturnsAt !== undefined && nodeReturnsAt > nodeLostAt
            ? nodeReturnsAt
            : Infinity;
        events.forEach((event, index) => {
          const previous = events[index - 1];
          if (nodeLostAt !== undefined && event.t > nodeLostAt && event.t < returnsAt) {
            assert.ok(['NodeNotReady', 'TaintManagerEviction'].includes(event.reason), event.reason);
          }
          assert.ok(event.t >= (previous?.t ?? 0) && event.t <= duration);
          assert.ok(event.snapshot >= (previous?.snapshot ?? 0) && event.snapshot <= snapshots.length);
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('simulator: time formatting', () => {
  it('prints ages as kubectl does, without rounding', () => {
    assert.deepEqual([0, 5, 119, 120, 125, 600, 645, 3600, 3725, 2.5, 130.25].map(formatAge), [
      '0s',
      '5s',
      '119s',
      '2m',
      '2m5s',
      '10m',
      '10m45s',
      '1h',
      '1h2m5s',
      '2.5s',
      '2m10.25s',
    ]);
  });
});
