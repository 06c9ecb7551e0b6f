import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { WorkloadPod, WorkloadSimulationResult } from '../../server/src/simulator/types';
import { runPodscope } from '../support/cliRunner';
import { repoRoot } from '../support/paths';
import { testJob, testRollout, withController } from '../support/testControllers';

/**
 * `podscope simulate` on a workload simulated with its controller, and its assertions as a check
 * in CI. The controllers are the tests' own (test/support/testControllers.ts), registered for each
 * test in place of the simulator's, so that every time is known here.
 */

function fixture(name: string): string {
  return path.join(repoRoot, 'test/fixtures/simulator', name);
}

const web = fixture('web-deployment.yaml');

/**
 * web-1's three pods are Ready at 1; at 100 the update to web-2 starts with one surge pod whose
 * readiness probe always fails, and the progress deadline passes at 220.
 */
const stalledUpdate = testRollout({
  updateAt: 100,
  updateContainers: { app: { probes: { readiness: { failFrom: 0 } } } },
  progressDeadlineSeconds: 120,
});

function simulate(...args: string[]) {
  return withController('Deployment', stalledUpdate, () => runPodscope('simulate', ...args));
}

describe('podscope simulate: a workload with its controller', () => {
  it("prints the workload's timeline, its pods, its final status and the verdicts of the assertions", () => {
    const run = simulate(
      web,
      '--scenario',
      fixture('web-ci.scenario.yaml'),
      '--assert',
      'rollout-completes-within 4m',
    );
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        'Deployment shop/web on 3 nodes (node-1 … node-3), simulated for 5m',
        '',
        'T       READY   UP-TO-DATE   AVAILABLE   ENDPOINTS',
        '  |   0s  Normal  SuccessfulCreate   deployment/web  Created pod: web-1-0',
        '  |   0s  Normal  SuccessfulCreate   deployment/web  Created pod: web-1-1',
        '  |   0s  Normal  SuccessfulCreate   deployment/web  Created pod: web-1-2',
        '0s      0/3     3            0           0',
        '  ~ Available    False  MinimumReplicasUnavailable',
        '1s      3/3     3            3           3',
        '  ~ Available    True   MinimumReplicasAvailable',
        '  | 100s  Normal  ScalingReplicaSet  deployment/web  Rolling out web-2',
        '  | 100s  Normal  SuccessfulCreate   deployment/web  Created pod: web-2-3',
        '100s    3/3     1            3           3',
        '3m40s   3/3     1            3           3',
        '  ~ Progressing  False  ProgressDeadlineExceeded    ReplicaSet "web-2" has timed out progressing.',
        '',
        "Pods (4; podscope simulate --pod <name> prints one pod's timeline):",
        'NAME      NODE     REVISION   CREATED   READY AT   PHASE     STATUS    RESTARTS   DELETED',
        'web-1-0   node-1   web-1      0s        1s         Running   Running   0          -',
        'web-1-1   node-2   web-1      0s        1s         Running   Running   0          -',
        'web-1-2   node-3   web-1      0s        1s         Running   Running   0          -',
        'web-2-3   node-1   web-2      100s      -          Running   Running   0          -',
        '',
        'Final (at 5m): READY 3/3, UP-TO-DATE 1, AVAILABLE 3, 3 ready endpoints (web-1-0, web-1-1, web-1-2)',
        'Status: replicas 4, updatedReplicas 1, readyReplicas 3, availableReplicas 3',
        'Conditions:',
        '  Type          Status   Since   Reason                     Message',
        '  Available     True     0s      MinimumReplicasAvailable',
        '  Progressing   False    3m40s   ProgressDeadlineExceeded   ReplicaSet "web-2" has timed out progressing.',
        '',
        'Assertions:',
        '  ✖ rollout-completes-within 4m failed at t=220: deployment "web" exceeded its progress deadline (Progressing=False ProgressDeadlineExceeded (ReplicaSet "web-2" has timed out progressing.))',
        '  ✔ ready-within 1m holds: 3/3 ready at t=1',
        '  ✔ never-below 3 ready holds: at least 3 ready from t=1 to the end (5m)',
        '1 of 3 assertions failed.',
        '',
      ].join('\n'),
    );
  });

  it('exits 0 when every assertion holds, and prints the timeline alone without assertions', () => {
    const holds = simulate(web, '--assert', 'ready-within 1m', '--assert', 'no-restarts');
    assert.equal(holds.code, 0);
    assert.ok(
      holds.stdout.endsWith(
        '\nAssertions:\n  ✔ ready-within 1m holds: 3/3 ready at t=1\n  ✔ no-restarts holds: no container of the 4 pods restarted\nAll 2 assertions hold.\n',
      ),
    );
    const plain = simulate(web);
    assert.equal(plain.code, 0);
    assert.ok(
      plain.stdout.startsWith('Deployment shop/web on 3 nodes (node-1 … node-3), simulated for 10m\n'),
    );
    assert.ok(!plain.stdout.includes('Assertions:'));
  });

  it("prints one pod's timeline with --pod: AGE is the pod's, event times the workload's", () => {
    const run = simulate(web, '--pod', 'web-2-3', '--scenario', fixture('web-ci.scenario.yaml'));
    // The scenario's assertions are about the workload, whatever is printed.
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 12), [
      'Pod shop/web-2-3 of Deployment shop/web on node-1, created at 100s, restartPolicy Always, simulated until 5m',
      "Times at the left of events are from the workload's creation; AGE is the pod's.",
      '',
      'NAME      READY   STATUS              RESTARTS   AGE',
      'web-2-3   0/1     Pending             0          0s',
      '  |  100s  Normal   Scheduled  pod  Successfully assigned shop/web-2-3 to node-1',
      'web-2-3   0/1     ContainerCreating   0          0s',
      // node-1 pulled web:1.0 for web-1-0.
      '  |  100s  Normal   Pulled     app  Container image "web:1.0" already present on machine',
      '  |  100s  Normal   Created    app  Created container: app',
      '  |  100s  Normal   Started    app  Started container app',
      'web-2-3   0/1     Running             0          0s',
      '  |  100s  Warning  Unhealthy  app  Readiness probe failed: HTTP probe failed with statuscode: 500',
    ]);
    assert.ok(run.stdout.includes('\nAssertions:\n  ✔ ready-within 1m holds: 3/3 ready at t=1\n'));
    const json = simulate(web, '--pod', 'web-1-0', '--format', 'json');
    const pod = JSON.parse(json.stdout) as WorkloadPod;
    assert.deepEqual(Object.keys(pod), [
      'name',
      'node',
      'revision',
      'index',
      'createdAt',
      'deletedAt',
      'result',
    ]);
    assert.equal(pod.result.pod.name, 'web-1-0');
  });

  it('says which pods there are when --pod names none, and refuses --pod without a controller', () => {
    assert.deepEqual(simulate(web, '--pod', 'web-9'), {
      code: 1,
      stdout: '',
      stderr: 'error: Deployment web has no pod "web-9"; its pods: web-1-0, web-1-1, web-1-2, web-2-3\n',
    });
    assert.deepEqual(simulate(web, '--pod', 'web-1-0', '--single-pod'), {
      code: 1,
      stdout: '',
      stderr: 'error: --pod and --single-pod cannot be used together\n',
    });
    assert.deepEqual(runPodscope('simulate', fixture('crashloop.yaml'), '--pod', 'crash'), {
      code: 1,
      stdout: '',
      stderr:
        'error: --pod names a pod of a workload simulated with its controller; Pod crash is simulated as one pod\n',
    });
  });

  it('keeps the single-pod simulation with --single-pod (and for kinds the simulator has no controller for)', () => {
    const run = simulate(web, '--single-pod', '--assert', 'ready-within 1s');
    assert.equal(run.code, 0);
    assert.ok(
      run.stdout.startsWith('Deployment shop/web on node-1, restartPolicy Always, simulated for 10m\n'),
    );
    assert.ok(
      run.stdout.endsWith(
        '\nAssertions:\n  ✔ ready-within 1s holds: web Ready at t=1\nThe assertion holds.\n',
      ),
    );
    // rollout-completes-within needs the controller.
    assert.deepEqual(simulate(web, '--single-pod', '--assert', 'rollout-completes-within 5m'), {
      code: 1,
      stdout: '',
      stderr:
        'error: --assert "rollout-completes-within 5m": rollout-completes-within 5m applies to a Deployment, StatefulSet or DaemonSet simulated with its controller, not to a single pod\n',
    });
  });

  it('prints the whole result as JSON in a stable order, with the verdicts last', () => {
    const run = simulate(
      web,
      '--format',
      'json',
      '--scenario',
      fixture('web-ci.scenario.yaml'),
      '--assert',
      'fails',
    );
    assert.equal(run.code, 0);
    const result = JSON.parse(run.stdout) as WorkloadSimulationResult & { assertions: unknown[] };
    assert.deepEqual(Object.keys(result), [
      'workload',
      'duration',
      'warnings',
      'notes',
      'nodes',
      'pods',
      'events',
      'snapshots',
      'final',
      'assertions',
    ]);
    assert.deepEqual(result.workload, { kind: 'Deployment', name: 'web', namespace: 'shop' });
    assert.deepEqual(result.assertions, [
      {
        assertion: 'fails',
        rule: 'simulate/fails',
        passed: true,
        t: 220,
        message:
          'fails holds: its progress deadline was exceeded: Progressing=False ProgressDeadlineExceeded (ReplicaSet "web-2" has timed out progressing.)',
        source: { from: 'command line' },
      },
      {
        assertion: 'ready-within 1m',
        rule: 'simulate/ready-within',
        passed: true,
        t: 1,
        message: 'ready-within 1m holds: 3/3 ready at t=1',
        source: { from: 'scenario', file: fixture('web-ci.scenario.yaml'), line: 4, column: 5 },
      },
      {
        assertion: 'never-below 3 ready',
        rule: 'simulate/never-below',
        passed: true,
        t: 1,
        message: 'never-below 3 ready holds: at least 3 ready from t=1 to the end (5m)',
        source: { from: 'scenario', file: fixture('web-ci.scenario.yaml'), line: 5, column: 5 },
      },
    ]);
    // Without assertions, the result alone.
    const plain = JSON.parse(simulate(web, '--format', 'json').stdout) as object;
    assert.ok(!('assertions' in plain));
  });

  it("writes the failed assertions as SARIF, an --assert located at the workload's metadata.name", () => {
    const scenario = fixture('web-ci.scenario.yaml');
    const run = withController('Deployment', testRollout({}), () =>
      runPodscope(
        'simulate',
        web,
        '--scenario',
        scenario,
        '--assert',
        'no-evictions',
        '--assert',
        'ready-within 1m',
        '--format',
        'sarif',
      ),
    );
    // The scenario has no node loss: every assertion holds and the log has no results.
    assert.equal(run.code, 0);
    const empty = JSON.parse(run.stdout) as {
      runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[];
    };
    assert.deepEqual(empty.runs[0]?.results, []);
    assert.deepEqual(empty.runs[0]?.tool.driver.rules, []);

    const failing = simulate(
      web,
      '--scenario',
      scenario,
      '--assert',
      'rollout-completes-within 4m',
      '--assert',
      'no-restarts',
      '--format',
      'sarif',
    );
    assert.equal(failing.code, 1);
    assert.equal(failing.stderr, '');
    const sarif = JSON.parse(failing.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; shortDescription: { text: string }; helpUri: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: object } }[];
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0]?.tool.driver.rules, [
      {
        id: 'simulate/rollout-completes-within',
        shortDescription: {
          text: 'A Deployment, StatefulSet or DaemonSet is rolled out at its last revision (as kubectl rollout status decides) within the time given',
        },
        helpUri: 'https://github.com/podscope/podscope/blob/main/README.md#simulation-as-a-check-in-ci',
      },
    ]);
    assert.deepEqual(sarif.runs[0]?.results, [
      {
        ruleId: 'simulate/rollout-completes-within',
        level: 'error',
        message: {
          text: 'rollout-completes-within 4m failed at t=220: deployment "web" exceeded its progress deadline (Progressing=False ProgressDeadlineExceeded (ReplicaSet "web-2" has timed out progressing.))',
        },
        // metadata.name of the Deployment: line 5, "web".
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: web.split(path.sep).join('/') },
              region: { startLine: 5, startColumn: 9, endLine: 5, endColumn: 12 },
            },
          },
        ],
      },
    ]);
  });

  it("locates a failed assertion of the scenario at its line in the scenario's SARIF result", () => {
    const scenario = fixture('web-ci.scenario.yaml');
    // The readiness probe starts 90 s after the container (initialDelaySeconds): Ready at 91.
    const failing = withController('Deployment', testRollout({}), () =>
      runPodscope(
        'simulate',
        fixture('web-deployment-slow.yaml'),
        '--scenario',
        scenario,
        '--format',
        'sarif',
      ),
    );
    assert.equal(failing.code, 1);
    const sarif = JSON.parse(failing.stdout) as {
      runs: { results: { ruleId: string; message: { text: string }; locations: object[] }[] }[];
    };
    assert.deepEqual(
      sarif.runs[0]?.results.map(({ ruleId, message, locations }) => ({
        ruleId,
        message: message.text,
        locations,
      })),
      [
        {
          ruleId: 'simulate/ready-within',
          message:
            'ready-within 1m failed at t=60: 0/3 ready (web-1-0 not ready: the readiness probe of app has not succeeded yet (Running); web-1-1 not ready: the readiness probe of app has not succeeded yet (Running); web-1-2 not ready: the readiness probe of app has not succeeded yet (Running)); all ready only at t=91',
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: scenario.split(path.sep).join('/') },
                region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 5 },
              },
            },
          ],
        },
      ],
    );
  });

  it('a lost node: the drop in ready endpoints in the timeline, the lost node, and never-below failing when it happens', () => {
    const run = withController('Deployment', testRollout({}), () =>
      runPodscope('simulate', web, '--scenario', fixture('web-node-loss.scenario.yaml')),
    );
    assert.equal(run.code, 1);
    const text = run.stdout;
    // node-2 stops reporting at 150; 50 s later (node-monitor-grace-period) its pod is not ready.
    assert.ok(
      text.includes(
        [
          '  | 3m20s  Normal  NodeNotReady      node/node-2     Node node-2 status is now: NodeNotReady',
          '3m20s   2/3     3            2           2',
          '  ~ Available  False  MinimumReplicasUnavailable',
        ].join('\n'),
      ),
      text,
    );
    assert.ok(text.includes('\nNodes lost:\n  node-2 stopped reporting at 2m30s, did not return\n'), text);
    assert.ok(
      text.endsWith(
        [
          'Assertions:',
          '  ✖ never-below 3 ready failed at t=200: 2 ready (web-1-1 not ready: the node stopped reporting at t=150, and 50s later (node-monitor-grace-period) the node lifecycle controller set Ready to False; the other conditions and the containers keep what the kubelet last reported (Running))',
          '  ✔ no-evictions holds: no pod was evicted',
          '1 of 2 assertions failed.',
          '',
        ].join('\n'),
      ),
      text,
    );
  });

  it('a Job: its timeline without endpoints, its failure, and completes-within', () => {
    const run = withController('Job', testJob, () =>
      runPodscope(
        'simulate',
        fixture('pi-job.yaml'),
        '--scenario',
        fixture('pi-fails.scenario.yaml'),
        '--assert',
        'completes-within 5m',
      ),
    );
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        'Job default/pi on 3 nodes (node-1 … node-3), simulated for 5m',
        '',
        'T     STATUS    COMPLETIONS',
        '  |  0s  Normal   SuccessfulCreate      job/pi  Created pod: pi-0',
        '0s    Running   0/1',
        '  | 21s  Normal   SuccessfulCreate      job/pi  Created pod: pi-1',
        '  | 42s  Normal   SuccessfulCreate      job/pi  Created pod: pi-2',
        '  | 63s  Warning  BackoffLimitExceeded  job/pi  Job has reached the specified backoff limit',
        '63s   Failed    0/1',
        '  ~ Failed  True  BackoffLimitExceeded  Job has reached the specified backoff limit',
        '',
        "Pods (3; podscope simulate --pod <name> prints one pod's timeline):",
        'NAME   NODE     REVISION   INDEX   CREATED   READY AT   PHASE    STATUS   RESTARTS   DELETED',
        'pi-0   node-1   pi         0       0s        1s         Failed   Error    0          -',
        'pi-1   node-2   pi         0       21s       22s        Failed   Error    0          -',
        'pi-2   node-3   pi         0       42s       43s        Failed   Error    0          -',
        '',
        'Final (at 5m): STATUS Failed, COMPLETIONS 0/1',
        'Status: active 0, succeeded 0, failed 3',
        'Conditions:',
        '  Type     Status   Since   Reason                 Message',
        '  Failed   True     63s     BackoffLimitExceeded   Job has reached the specified backoff limit',
        '',
        'Assertions:',
        '  ✖ completes-within 5m failed at t=63: the Job failed: Failed=True BackoffLimitExceeded (Job has reached the specified backoff limit)',
        '1 of 1 assertion failed.',
        '',
      ].join('\n'),
    );
  });

  it('prints the warnings of the workload and of its pods once each, on stderr', () => {
    const run = withController('Job', testJob, () =>
      runPodscope('simulate', fixture('job-without-policy.yaml'), '--format', 'json'),
    );
    assert.equal(
      run.stderr,
      'warning: spec.template.spec.restartPolicy is missing: the API server requires OnFailure or Never for a Job; simulating OnFailure\n',
    );
  });
});

describe('podscope simulate --assert: mistakes and exit codes', () => {
  it('exits 1 for an assertion it cannot read, with its column, before simulating', () => {
    assert.deepEqual(simulate(web, '--assert', 'ready-within 5 minutes', '--assert', 'never-below 2'), {
      code: 1,
      stdout: '',
      stderr:
        'error: --assert "ready-within 5 minutes": column 14: a duration needs a unit (h, m or s): 5s, 5m…, not "5"\n' +
        'error: --assert "never-below 2": column 15: expected "ready" after "never-below 2"\n',
    });
  });

  it('exits 1 for an assertion that does not apply to the kind, naming where it was written', () => {
    const scenario = fixture('job-assert.scenario.yaml');
    assert.deepEqual(simulate(web, '--scenario', scenario, '--assert', 'completes-within 5m'), {
      code: 1,
      stdout: '',
      stderr:
        'error: --assert "completes-within 5m": completes-within does not apply to a Deployment (use rollout-completes-within); it applies to Job\n' +
        `error: ${scenario}:3:5: completes-within does not apply to a Deployment (use rollout-completes-within); it applies to Job\n`,
    });
  });

  it('exits 1 for a wrong assertion in the scenario, at its line and column', () => {
    const scenario = fixture('bad-assert.scenario.yaml');
    assert.deepEqual(simulate(web, '--scenario', scenario), {
      code: 1,
      stdout: '',
      stderr:
        `error: ${scenario}:3:18: assert[0]: a duration needs a unit (h, m or s): 1s, 1m…, not "1"\n` +
        `error: ${scenario}:4:5: assert[1]: unknown assertion "rollout-complete-within" (did you mean "rollout-completes-within"?); ` +
        'use one of: ready-within <duration>, no-restarts, completes-within <duration>, rollout-completes-within <duration>, never-below <n> ready, fails, no-evictions\n',
    });
  });

  it('checks a single pod: a crash loop fails no-restarts at the first restart', () => {
    const run = runPodscope(
      'simulate',
      fixture('crashloop.yaml'),
      '--scenario',
      fixture('crashloop-30s.scenario.yaml'),
      '--assert',
      'no-restarts',
      '--assert',
      'never-below 1 ready',
    );
    assert.equal(run.code, 1);
    assert.ok(
      run.stdout.endsWith(
        [
          '',
          'Assertions:',
          '  ✖ no-restarts failed at t=6: crash: container app restarted (its previous run ended: Error, exit code 1)',
          // The restart at 6 is in the same instant as the exit: Ready again; the back-off from 11 is not.
          '  ✖ never-below 1 ready failed at t=11: 0 ready (crash not ready: app is waiting (CrashLoopBackOff))',
          '2 of 2 assertions failed.',
          '',
        ].join('\n'),
      ),
      run.stdout,
    );
  });

  it('documents the assertions, the formats and the exit codes in --help', () => {
    const help = runPodscope('simulate', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /\n {2}--assert <expr> {9}Checks the simulation; repeat it for several\./);
    assert.match(
      help.stdout,
      /\n {2}never-below <n> ready {16}once n pods are ready endpoints, never fewer afterwards\n/,
    );
    assert.match(
      help.stdout,
      /\n {2}--pod <name> {12}For a workload: print the detailed timeline of one of its pods\./,
    );
    assert.match(
      help.stdout,
      /\nExit codes: 0 when the simulation ran and every assertion holds; 1 when an assertion fails,/,
    );
  });

  it("prints a row when the workload changes, not when its elapsed-time columns tick (the simulator's Job controller)", () => {
    const job = runPodscope(
      'simulate',
      fixture('failing-job.yaml'),
      '--scenario',
      fixture('failing-job-scenario.yaml'),
    );
    assert.equal(job.code, 0, job.stderr);
    const lines = job.stdout.split('\n');
    assert.deepEqual(lines.slice(2, 11), [
      'T     STATUS    COMPLETIONS   DURATION',
      '0s    Running   0/1',
      '  |  0s  Normal   SuccessfulCreate      job/pi  Created pod: pi-qq8vd',
      '  | 19s  Normal   SuccessfulCreate      job/pi  Created pod: pi-6mx2n',
      '  | 48s  Normal   SuccessfulCreate      job/pi  Created pod: pi-hrgkq',
      '  | 58s  Warning  BackoffLimitExceeded  job/pi  Job has reached the specified backoff limit',
      '58s   Failed    0/1           58s',
      '  ~ FailureTarget  True  BackoffLimitExceeded  Job has reached the specified backoff limit',
      '  ~ Failed         True  BackoffLimitExceeded  Job has reached the specified backoff limit',
    ]);
  });
});
