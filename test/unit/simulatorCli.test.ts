import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { SimulationResult } from '../../server/src/simulator/types';
import { runPodscope } from '../support/cliRunner';
import { repoRoot } from '../support/paths';

function fixture(name: string): string {
  return path.join(repoRoot, 'test/fixtures/simulator', name);
}

describe('podscope simulate (CLI)', () => {
  it('prints a kubectl-style timeline of a crash loop, the events between the rows', () => {
    const run = runPodscope(
      'simulate',
      fixture('crashloop.yaml'),
      '--scenario',
      fixture('crashloop-30s.scenario.yaml'),
    );
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    // Pulled at 1; exits after 5 s each run: restart at once at 6, then after 10 s (11 → 21), and
    // the next back-off (26 → 46) ends after the 30 s simulated. RESTARTS shows kubectl's
    // "(… ago)", counted from the last termination.
    assert.equal(
      run.stdout,
      [
        'Pod default/crash on node-1, restartPolicy Always, simulated for 30s',
        '',
        'NAME    READY   STATUS              RESTARTS      AGE',
        'crash   0/1     Pending             0             0s',
        '  |  0s  Normal   Scheduled  pod  Successfully assigned default/crash to node-1',
        'crash   0/1     ContainerCreating   0             0s',
        '  |  0s  Normal   Pulling    app  Pulling image "busybox:1.36"',
        '  |  1s  Normal   Pulled     app  Successfully pulled image "busybox:1.36" in 1s (1s including waiting)',
        '  |  1s  Normal   Created    app  Created container: app',
        '  |  1s  Normal   Started    app  Started container app',
        'crash   1/1     Running             0             1s',
        'crash   0/1     Error               0             6s',
        '  |  6s  Normal   Pulled     app  Container image "busybox:1.36" already present on machine',
        '  |  6s  Normal   Created    app  Created container: app',
        '  |  6s  Normal   Started    app  Started container app',
        'crash   1/1     Running             1 (0s ago)    6s',
        'crash   0/1     Error               1 (5s ago)    11s',
        '  | 11s  Warning  BackOff    app  Back-off restarting failed container app in pod crash_default',
        'crash   0/1     CrashLoopBackOff    1 (0s ago)    11s',
        '  | 21s  Normal   Pulled     app  Container image "busybox:1.36" already present on machine',
        '  | 21s  Normal   Created    app  Created container: app',
        '  | 21s  Normal   Started    app  Started container app',
        'crash   1/1     Running             2 (10s ago)   21s',
        'crash   0/1     Error               2 (15s ago)   26s',
        '  | 26s  Warning  BackOff    app  Back-off restarting failed container app in pod crash_default',
        'crash   0/1     CrashLoopBackOff    2 (0s ago)    26s',
        '',
        'Final (at 30s): phase Running, status CrashLoopBackOff, 0/1 ready, 2 restarts',
        'Conditions:',
        '  Type                        Status   Since   Reason',
        '  PodScheduled                True     0s',
        '  PodReadyToStartContainers   True     0s',
        '  Initialized                 True     0s',
        '  ContainersReady             False    26s     ContainersNotReady',
        '  Ready                       False    26s     ContainersNotReady',
        '',
        'Note: On a real node the restart comes up to ~15s later: the kubelet retries a pod in back-off only when its pod worker syncs it again, 10-15s (10s with random jitter) after the failed sync; the simulation restarts it the moment the back-off ends.',
        '',
      ].join('\n'),
    );
  });

  it('prints a Job with init containers and a sidecar', () => {
    // --single-pod: the Job's pod template as one pod, whether or not the simulator has a Job controller.
    const run = runPodscope('simulate', fixture('job-sidecar.yaml'), '--single-pod');
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    // migrate runs 1–11, fetch 12–22 (10 s each by default, 1 s pulls between), the shipper sidecar
    // starts at 23 and its readiness probe passes at once; report runs 24–34. When it completes,
    // the kubelet stops the sidecar and the pod succeeds.
    assert.equal(
      run.stdout,
      [
        'Job default/report on node-1, restartPolicy OnFailure, simulated for 10m',
        '',
        'NAME     READY   STATUS            RESTARTS   AGE',
        'report   0/2     Pending           0          0s',
        '  |  0s  Normal  Scheduled  pod      Successfully assigned default/report to node-1',
        'report   0/2     Init:0/3          0          0s',
        '  |  0s  Normal  Pulling    migrate  Pulling image "migrate:1.4"',
        '  |  1s  Normal  Pulled     migrate  Successfully pulled image "migrate:1.4" in 1s (1s including waiting)',
        '  |  1s  Normal  Created    migrate  Created container: migrate',
        '  |  1s  Normal  Started    migrate  Started container migrate',
        'report   0/2     Init:1/3          0          11s',
        '  | 11s  Normal  Pulling    fetch    Pulling image "fetch:2.0"',
        '  | 12s  Normal  Pulled     fetch    Successfully pulled image "fetch:2.0" in 1s (1s including waiting)',
        '  | 12s  Normal  Created    fetch    Created container: fetch',
        '  | 12s  Normal  Started    fetch    Started container fetch',
        'report   0/2     Init:2/3          0          22s',
        '  | 22s  Normal  Pulling    shipper  Pulling image "fluent-bit:3.0"',
        '  | 23s  Normal  Pulled     shipper  Successfully pulled image "fluent-bit:3.0" in 1s (1s including waiting)',
        '  | 23s  Normal  Created    shipper  Created container: shipper',
        '  | 23s  Normal  Started    shipper  Started container shipper',
        '  | 23s  Normal  Pulling    report   Pulling image "report:2.1"',
        'report   0/2     PodInitializing   0          23s',
        'report   1/2     PodInitializing   0          23s',
        '  | 24s  Normal  Pulled     report   Successfully pulled image "report:2.1" in 1s (1s including waiting)',
        '  | 24s  Normal  Created    report   Created container: report',
        '  | 24s  Normal  Started    report   Started container report',
        'report   2/2     Running           0          24s',
        'report   1/2     Completed         0          34s',
        '  | 34s  Normal  Killing    shipper  Stopping container shipper',
        'report   0/2     Completed         0          34s',
        '',
        'Final (at 10m): phase Succeeded, status Completed, 0/2 ready, 0 restarts',
        // The sandbox is stopped with the pod at 34; a Succeeded pod's Initialized is PodCompleted.
        'Conditions:',
        '  Type                        Status   Since   Reason',
        '  PodScheduled                True     0s',
        '  PodReadyToStartContainers   False    34s',
        '  Initialized                 True     23s     PodCompleted',
        '  ContainersReady             False    34s     PodCompleted',
        '  Ready                       False    34s     PodCompleted',
        '',
      ].join('\n'),
    );
  });

  it('prints the whole timeline as JSON', () => {
    const run = runPodscope(
      'simulate',
      fixture('crashloop.yaml'),
      '--scenario',
      fixture('crashloop.scenario.yaml'),
      '--format',
      'json',
    );
    assert.equal(run.code, 0);
    const result = JSON.parse(run.stdout) as SimulationResult;
    assert.deepEqual(Object.keys(result), [
      'pod',
      'duration',
      'warnings',
      'notes',
      'events',
      'snapshots',
      'final',
      'deletedAt',
    ]);
    assert.deepEqual(result.events[0], {
      t: 0,
      type: 'Normal',
      reason: 'Scheduled',
      object: 'pod',
      message: 'Successfully assigned default/crash to node-1',
      explanation: 'The scheduler bound the pod to a node; the kubelet there starts it.',
      snapshot: 1,
    });
    assert.deepEqual(result.final, result.snapshots[result.snapshots.length - 1]);
    assert.deepEqual(
      {
        t: result.final.t,
        phase: result.final.phase,
        status: result.final.status,
        ready: result.final.ready,
        restarts: result.final.restarts,
      },
      { t: 346, phase: 'Running', status: 'CrashLoopBackOff', ready: '0/1', restarts: 6 },
    );
    assert.deepEqual(Object.keys(result.final.containers[0] ?? {}), [
      'name',
      'type',
      'state',
      'reason',
      'exitCode',
      'restartCount',
      'started',
      'ready',
      'lastState',
      'explanation',
    ]);
  });

  it('simulates the first document with a pod, and says which when there are several', () => {
    const file = fixture('multi.yaml');
    const run = runPodscope('simulate', file, '--single-pod');
    assert.equal(run.code, 0);
    assert.equal(
      run.stderr,
      `note: ${file} has 2 documents with a pod; simulating document 1 (Deployment web). Choose another with --doc.\n`,
    );
    assert.ok(
      run.stdout.startsWith('Deployment shop/web on node-1, restartPolicy Always, simulated for 10m\n'),
    );
    assert.ok(run.stdout.includes('Successfully assigned shop/web to node-1'));
  });

  it('picks a document with --doc, by index or by name', () => {
    const file = fixture('multi.yaml');
    for (const doc of ['2', 'nightly']) {
      const run = runPodscope('simulate', file, '--doc', doc, '--single-pod');
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
      assert.ok(
        run.stdout.startsWith('Job default/nightly on node-1, restartPolicy Never, simulated for 10m\n'),
      );
      // A Job's container exits 0 after 10 s by default: pulled 0–1, runs 1–11.
      assert.ok(
        run.stdout.includes(
          '\nFinal (at 10m): phase Succeeded, status Completed, 0/1 ready, 0 restarts\nConditions:\n',
        ),
      );
    }
    assert.deepEqual(runPodscope('simulate', file, '--doc', '7'), {
      code: 1,
      stdout: '',
      stderr: `error: ${file} has no document 7 (it has 3, numbered from 0)\n`,
    });
    assert.deepEqual(runPodscope('simulate', file, '--doc', 'nope'), {
      code: 1,
      stdout: '',
      stderr: `error: ${file} has no document named "nope"\n`,
    });
  });

  it('exits 1 for a document without a pod', () => {
    const multi = fixture('multi.yaml');
    assert.deepEqual(runPodscope('simulate', multi, '--doc', 'settings'), {
      code: 1,
      stdout: '',
      stderr:
        `error: ${multi}: document 0 (ConfigMap settings) has no pod to simulate; podscope simulate takes a Pod ` +
        'or a workload with a pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, ' +
        'Job, CronJob, PodTemplate)\n',
    });
    const notAPod = fixture('not-a-pod.yaml');
    assert.deepEqual(runPodscope('simulate', notAPod), {
      code: 1,
      stdout: '',
      stderr:
        `error: ${notAPod} has no pod to simulate (it has: ConfigMap, Service); podscope simulate takes a Pod ` +
        'or a workload with a pod template\n',
    });
  });

  it('exits 1 for a pod without containers', () => {
    const file = fixture('no-containers.yaml');
    assert.deepEqual(runPodscope('simulate', file), {
      code: 1,
      stdout: '',
      stderr: `error: ${file}: Pod empty has no containers: spec.containers must list at least one container\n`,
    });
  });

  it('exits 1 for a bad scenario, with each problem at its line and column', () => {
    const scenario = fixture('bad.scenario.yaml');
    const run = runPodscope('simulate', fixture('crashloop.yaml'), '--scenario', scenario);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      [
        `error: ${scenario}:1:1: duration: must be a number of seconds greater than 0 and at most 86400, not "ten minutes"`,
        `error: ${scenario}:4:5: containers.app.exitAfter: must be a number of seconds of at least 0 (or "never"), not -5`,
        `error: ${scenario}:5:5: containers.app.exitcode: unknown field "exitcode" (did you mean "exitCode"?)`,
        `error: ${scenario}:7:33: containers.app.probes.liveness.failUntil: must be greater than failFrom (30)`,
        '',
      ].join('\n'),
    );
  });

  it('exits 1 for a scenario that names a container the pod does not have', () => {
    const scenario = fixture('unknown-container.scenario.yaml');
    assert.deepEqual(runPodscope('simulate', fixture('crashloop.yaml'), '--scenario', scenario), {
      code: 1,
      stdout: '',
      stderr: `error: ${scenario}:2:3: unknown container "ap" (did you mean "app"?); the pod has: app\n`,
    });
  });

  it('prints the simulation warnings on stderr', () => {
    const run = runPodscope('simulate', fixture('job-without-policy.yaml'), '--single-pod');
    assert.equal(run.code, 0);
    assert.equal(
      run.stderr,
      'warning: spec.template.spec.restartPolicy is missing: the API server requires OnFailure or Never for a Job; simulating OnFailure\n',
    );
  });

  it('rejects a missing file, a bad format and a missing argument', () => {
    const missing = runPodscope('simulate', fixture('nope.yaml'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: cannot read .*nope\.yaml: ENOENT/);
    assert.deepEqual(runPodscope('simulate', fixture('crashloop.yaml'), '--format', 'xml'), {
      code: 1,
      stdout: '',
      stderr: 'error: --format must be text, json or sarif, not "xml"\n',
    });
    const none = runPodscope('simulate');
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /^error: give one manifest file to simulate\n\nUsage: podscope simulate <file>/,
    );
    const unknown = runPodscope('simulate', fixture('crashloop.yaml'), '--colour');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: Unknown option '--colour'/);
  });

  it('documents its options in --help and in the command list', () => {
    const help = runPodscope('simulate', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--doc <index or name> {3}The document to simulate/);
    assert.match(help.stdout, /when the file\n {26}has several, stderr says which one was used/);
    assert.match(runPodscope('--help').stdout, /\n {2}simulate <file> {17}Simulate how the kubelet runs/);
  });
});
