import { strict as assert } from 'node:assert';
import { formatIndexes, parseIndexes } from '../../server/src/simulator/controllers/jobSpec';
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';
import type { Scenario, WorkloadSimulationResult } from '../../server/src/simulator/types';

/**
 * The Job controller (server/src/simulator/controllers/job.ts) as pkg/controller/job runs it. Times
 * are seconds from the Job's creation. A pod is bound at once, pulls its image for 1 s on a node
 * that has not pulled it yet, and a Job's container exits after 10 s by default; the controller
 * syncs 1 s after a pod event (syncJobBatchPeriod, enqueueSyncJobBatched).
 */

const worker = (restartPolicy: 'Never' | 'OnFailure') => ({
  restartPolicy,
  containers: [{ name: 'worker', image: 'busybox:1.36' }],
});

function simulateJob(
  name: string,
  spec: Record<string, unknown>,
  restartPolicy: 'Never' | 'OnFailure',
  scenario: Scenario = {},
): WorkloadSimulationResult {
  const podSpec = worker(restartPolicy);
  const outcome = simulateWorkload(
    { kind: 'Job', name, podSpec, spec: { ...spec, template: { spec: podSpec } } },
    scenario,
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

const eventsOf = (result: WorkloadSimulationResult) =>
  result.events
    .filter((e) => e.object.startsWith('job/'))
    .map((e) => `${e.t} ${e.type} ${e.reason}: ${e.message}`);
const conditionsOf = (result: WorkloadSimulationResult) =>
  result.final.conditions.map((c) => `${c.type} ${c.reason ?? ''} @${c.lastTransitionTime}`);
const fails = { containers: { worker: { exitCode: 1 } } };

describe('the Job controller', () => {
  it('backoffLimit 2, restartPolicy Never: three pods, 10 s then 20 s of pod-failure back-off, Failed BackoffLimitExceeded (job_controller.go syncJob, backoff_utils.go)', () => {
    const result = simulateJob('pi', { backoffLimit: 2 }, 'Never', fails);
    // Each pod fails 11 s after its creation (1 s pull on a new node, 10 s run). The replacement
    // comes 10 s after the first failure (t=11 → 21), 20 s after the second (t=32 → 52).
    assert.deepEqual(
      result.pods.map((pod) => [pod.createdAt, pod.node, pod.result.final.phase]),
      [
        [0, 'node-1', 'Failed'],
        [21, 'node-2', 'Failed'],
        [52, 'node-3', 'Failed'],
      ],
    );
    assert.match(result.pods[0]!.name, /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    // The third failure (t=63) is seen at the next sync: failed 3 > backoffLimit 2. No pod is
    // terminating, so FailureTarget and Failed come in the same sync.
    assert.deepEqual(conditionsOf(result), [
      'FailureTarget BackoffLimitExceeded @64',
      'Failed BackoffLimitExceeded @64',
    ]);
    assert.deepEqual(eventsOf(result), [
      `0 Normal SuccessfulCreate: Created pod: ${result.pods[0]!.name}`,
      `21 Normal SuccessfulCreate: Created pod: ${result.pods[1]!.name}`,
      `52 Normal SuccessfulCreate: Created pod: ${result.pods[2]!.name}`,
      '64 Warning BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    assert.deepEqual(result.final.status, { active: 0, ready: 0, succeeded: 0, failed: 3, terminating: 0 });
    assert.deepEqual(result.final.columns, { STATUS: 'Failed', COMPLETIONS: '0/1', DURATION: '64s' });
    assert.deepEqual(
      result.snapshots.filter((s) => s.t === 12 || s.t === 33).map((s) => s.status.failed),
      [1, 2],
    );
  });

  it('the pod-failure back-off doubles up to MaxJobPodFailureBackOff, 10 min in the source (the documentation says six minutes)', () => {
    const result = simulateJob('cap', { backoffLimit: 8 }, 'Never', { ...fails, duration: 3600 });
    // Gaps between a failure and the next creation: 10, 20, 40, 80, 160, 320, then 600 (640 capped).
    const gaps = result.pods.slice(1).map((pod, n) => {
      const previous = result.pods[n]!.result.snapshots.find((s) => s.phase === 'Failed')!.t;
      return pod.createdAt - previous;
    });
    assert.deepEqual(gaps, [10, 20, 40, 80, 160, 320, 600, 600]);
  });

  it('restartPolicy OnFailure: the kubelet restarts the container in place and its restarts count against backoffLimit (pastBackoffLimitOnFailure)', () => {
    const result = simulateJob('pi', { backoffLimit: 2 }, 'OnFailure', fails);
    // One pod only: exits at 11 (restarted at once, restartCount 1), at 21 (back-off 10 s → restarted
    // at 31, restartCount 2 = backoffLimit). The sync at 32 fails the Job and deletes the pod;
    // Failed waits for it to stop terminating (the sync after its deletion, t=33).
    assert.equal(result.pods.length, 1);
    assert.equal(result.pods[0]!.result.final.restarts, 2);
    assert.equal(result.pods[0]!.deletedAt, 32);
    assert.deepEqual(conditionsOf(result), [
      'FailureTarget BackoffLimitExceeded @32',
      'Failed BackoffLimitExceeded @33',
    ]);
    assert.deepEqual(eventsOf(result).slice(1), [
      `32 Normal SuccessfulDelete: Deleted pod: ${result.pods[0]!.name}`,
      '33 Warning BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    assert.deepEqual(result.final.status, { active: 0, ready: 0, succeeded: 0, failed: 1, terminating: 0 });
    // While the pod terminated, the Job showed FailureTarget.
    assert.equal(result.snapshots.find((s) => s.t === 32)?.columns.STATUS, 'FailureTarget');
  });

  it('completions 3, parallelism 2: two pods, then one for the last completion; SuccessCriteriaMet and Complete (manageJob, newSuccessCondition)', () => {
    const result = simulateJob('work', { completions: 3, parallelism: 2 }, 'Never');
    assert.deepEqual(
      result.pods.map((pod) => pod.createdAt),
      [0, 0, 12],
    );
    assert.deepEqual(conditionsOf(result), [
      'SuccessCriteriaMet CompletionsReached @24',
      'Complete CompletionsReached @24',
    ]);
    assert.deepEqual(eventsOf(result).at(-1), '24 Normal Completed: Job completed');
    assert.deepEqual(result.final.columns, { STATUS: 'Complete', COMPLETIONS: '3/3', DURATION: '24s' });
    assert.deepEqual(
      result.snapshots.map((s) => s.columns.COMPLETIONS).filter((v, n, all) => all[n - 1] !== v),
      ['0/3', '2/3', '3/3'],
    );
  });

  it('no completions, parallelism 2 (a work queue): complete once a pod has succeeded and none is active', () => {
    const result = simulateJob('q', { parallelism: 2 }, 'Never', {
      attempts: [
        { containers: { worker: { exitAfter: 15 } } },
        { containers: { worker: { exitAfter: 40 } } },
      ],
    });
    assert.equal(result.pods.length, 2);
    assert.deepEqual(conditionsOf(result), [
      'SuccessCriteriaMet CompletionsReached @42',
      'Complete CompletionsReached @42',
    ]);
    assert.equal(result.final.columns.COMPLETIONS, '2/1 of 2');
  });

  it('Indexed with backoffLimitPerIndex 1: the failing index is retried once after 10 s, then the Job fails with FailedIndexes (indexed_job_utils.go, getRemainingTimePerIndex)', () => {
    const result = simulateJob(
      'idx',
      { completions: 3, parallelism: 3, completionMode: 'Indexed', backoffLimitPerIndex: 1 },
      'Never',
      { indexes: { '1': [fails] } },
    );
    assert.deepEqual(
      result.pods.map((pod) => [pod.index, pod.createdAt, pod.result.final.phase]),
      [
        [0, 0, 'Succeeded'],
        [1, 0, 'Failed'],
        [2, 0, 'Succeeded'],
        [1, 21, 'Failed'],
      ],
    );
    assert.match(result.pods[3]!.name, /^idx-1-[a-z0-9]{5}$/);
    assert.deepEqual(conditionsOf(result), ['FailureTarget FailedIndexes @32', 'Failed FailedIndexes @32']);
    assert.deepEqual(result.final.status, { active: 0, ready: 0, succeeded: 2, failed: 2, terminating: 0 });
    assert.equal(result.final.columns.COMPLETIONS, '2/3');
    assert.ok(
      result.notes.includes(
        't=32: job idx is Failed (FailedIndexes): 2 succeeded (completedIndexes "0,2", failedIndexes "1"), 2 failed.',
      ),
    );
  });

  it('podFailurePolicy FailIndex: the index fails at once, without its retries; past maxFailedIndexes the Job fails (MaxFailedIndexesExceeded)', () => {
    const spec = (maxFailedIndexes: number) => ({
      completions: 4,
      parallelism: 2,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 3,
      maxFailedIndexes,
      podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }] },
    });
    const exit3 = [{ containers: { worker: { exitCode: 3 } } }];
    const one = simulateJob('fi', spec(1), 'Never', { indexes: { '1': exit3 } });
    // Index 1 fails at 11 and is not retried; indexes 2 and 3 follow 0 and 1 (t=12), done at 23/24.
    assert.deepEqual(
      one.pods.map((pod) => [pod.index, pod.createdAt, pod.result.final.phase]),
      [
        [0, 0, 'Succeeded'],
        [1, 0, 'Failed'],
        [2, 12, 'Succeeded'],
        [3, 12, 'Succeeded'],
      ],
    );
    assert.deepEqual(conditionsOf(one), ['FailureTarget FailedIndexes @24', 'Failed FailedIndexes @24']);
    assert.ok(
      one.notes.at(-1)!.endsWith('3 succeeded (completedIndexes "0,2,3", failedIndexes "1"), 1 failed.'),
    );
    const two = simulateJob('fi', spec(1), 'Never', { indexes: { '0': exit3, '1': exit3 } });
    assert.equal(two.pods.length, 2);
    assert.deepEqual(conditionsOf(two), [
      'FailureTarget MaxFailedIndexesExceeded @12',
      'Failed MaxFailedIndexesExceeded @12',
    ]);
    assert.ok(
      two.notes.at(-1)!.endsWith('0 succeeded (completedIndexes "", failedIndexes "0,1"), 2 failed.'),
    );
  });

  it('podFailurePolicy: Ignore on DisruptionTarget (a lost node) does not count, FailJob on exit code 42 fails the Job (pod_failure_policy.go)', () => {
    const result = simulateJob(
      'pfp',
      {
        podFailurePolicy: {
          rules: [
            { action: 'FailJob', onExitCodes: { containerName: 'worker', operator: 'In', values: [42] } },
            { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
          ],
        },
      },
      'Never',
      {
        duration: 900,
        containers: { worker: { exitAfter: 'never' } },
        attempts: [{}, { containers: { worker: { exitAfter: 20, exitCode: 42 } } }],
        nodeLoss: [{ node: 'node-1', at: 30, returnsAt: 500 }],
      },
    );
    const [evicted, second] = result.pods;
    // Taint eviction at 30 + 50 + 300 = 380 marks the pod DisruptionTarget; podReplacementPolicy
    // defaults to Failed with a podFailurePolicy, so the Job waits until the pod has failed: when
    // the node returns (t=500) and its kubelet stops it.
    assert.equal(
      evicted!.result.final.podConditions.find((c) => c.type === 'DisruptionTarget')?.lastTransitionTime,
      380,
    );
    assert.equal(evicted!.deletedAt, 500);
    assert.equal(result.snapshots.find((s) => s.t === 501)?.status.failed, 0);
    // The ignored failure still counts for the back-off: the replacement comes 10 s later.
    assert.equal(second!.createdAt, 510);
    assert.deepEqual(conditionsOf(result), [
      'FailureTarget PodFailurePolicy @531',
      'Failed PodFailurePolicy @531',
    ]);
    assert.equal(
      result.final.conditions[1]!.message,
      `Container worker for pod default/${second!.name} failed with exit code 42 matching FailJob rule at index 0`,
    );
    assert.deepEqual(result.final.status, { active: 0, ready: 0, succeeded: 0, failed: 1, terminating: 0 });
  });

  it('activeDeadlineSeconds counts from the Job start: its pods are deleted and the Job fails with DeadlineExceeded (pastActiveDeadline)', () => {
    const result = simulateJob('dl', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }, 'Never', {
      containers: { worker: { exitAfter: 100 } },
    });
    assert.deepEqual(
      result.pods.map((pod) => pod.deletedAt),
      [30, 30],
    );
    assert.deepEqual(conditionsOf(result), [
      'FailureTarget DeadlineExceeded @30',
      'Failed DeadlineExceeded @31',
    ]);
    assert.deepEqual(eventsOf(result).slice(2), [
      `30 Normal SuccessfulDelete: Deleted pod: ${result.pods[0]!.name}`,
      `30 Normal SuccessfulDelete: Deleted pod: ${result.pods[1]!.name}`,
      '31 Warning DeadlineExceeded: Job was active longer than specified deadline',
    ]);
    assert.deepEqual(result.final.status, { active: 0, ready: 0, succeeded: 0, failed: 2, terminating: 0 });
  });

  it('ttlSecondsAfterFinished: the TTL-after-finished controller deletes the Job and its pods that long after Complete (ttlafterfinished)', () => {
    const result = simulateJob('ttl', { ttlSecondsAfterFinished: 100 }, 'Never');
    assert.deepEqual(conditionsOf(result).at(-1), 'Complete CompletionsReached @12');
    assert.equal(result.pods[0]!.deletedAt, 112);
    assert.ok(
      result.notes.some((note) =>
        note.startsWith('t=112: ttlSecondsAfterFinished (100s) after the Job finished at t=12'),
      ),
    );
  });

  it('successPolicy: index 0 succeeding meets it; the other pods are deleted, then Complete with reason SuccessPolicy (success_policy.go)', () => {
    const result = simulateJob(
      'sp',
      {
        completions: 5,
        parallelism: 5,
        completionMode: 'Indexed',
        successPolicy: { rules: [{ succeededIndexes: '0', succeededCount: 1 }] },
      },
      'Never',
      {
        containers: { worker: { exitAfter: 60 } },
        indexes: { '0': [{ containers: { worker: { exitAfter: 15 } } }] },
      },
    );
    assert.deepEqual(
      result.pods.map((pod) => pod.deletedAt),
      [null, 17, 17, 17, 17],
    );
    assert.deepEqual(
      result.final.conditions.map((c) => `${c.type} ${c.reason} ${c.message} @${c.lastTransitionTime}`),
      [
        'SuccessCriteriaMet SuccessPolicy Matched rules at index 0 @17',
        'Complete SuccessPolicy Matched rules at index 0 @18',
      ],
    );
    assert.equal(result.final.columns.COMPLETIONS, '1/5');
    // printJob has no STATUS for SuccessCriteriaMet alone: Running while the other pods stop.
    assert.equal(result.snapshots.find((s) => s.t === 17)?.columns.STATUS, 'Running');
  });

  it('suspend: no pod, the Suspended condition and event (manageJob)', () => {
    const result = simulateJob('s', { suspend: true }, 'Never');
    assert.equal(result.pods.length, 0);
    assert.deepEqual(conditionsOf(result), ['Suspended JobSuspended @0']);
    assert.deepEqual(eventsOf(result), ['0 Normal Suspended: Job suspended']);
    assert.deepEqual(result.final.columns, { STATUS: 'Suspended', COMPLETIONS: '0/1', DURATION: '' });
  });

  it('refuses an Indexed Job without completions (parallelism set, so SetDefaults_Job leaves completions unset), as the API server does', () => {
    const podSpec = worker('Never');
    const outcome = simulateWorkload({
      kind: 'Job',
      name: 'bad',
      podSpec,
      spec: { completionMode: 'Indexed', parallelism: 2, template: { spec: podSpec } },
    });
    assert.deepEqual(outcome, {
      ok: false,
      error: 'spec.completions is required when completionMode is Indexed',
    });
  });

  it('checks the Job scenario knobs: a wrong field inside an attempt is reported by its path and left at its default', () => {
    const result = simulateJob('j', {}, 'Never', {
      attempts: [{ containers: { worker: { exitCode: 'a' as unknown as number } } }, fails],
      indexes: 'x' as unknown as Record<string, never>,
    });
    assert.deepEqual(result.warnings, [
      'scenario: attempts[0].containers.worker.exitCode: must be an integer from 0 to 255, not "a" (ignored)',
      'scenario: indexes: must be a mapping from completion index to a list of pods, not "x" (ignored)',
    ]);
    // The first attempt keeps the default behaviour (exit 0 after 10 s).
    assert.deepEqual(conditionsOf(result).at(-1), 'Complete CompletionsReached @12');
  });

  it('index sets as the Job API writes them (orderedIntervals.String, parseIndexesFromString)', () => {
    assert.equal(formatIndexes([8, 0, 1, 2, 5, 7]), '0-2,5,7,8');
    assert.equal(formatIndexes([]), '');
    assert.deepEqual(parseIndexes('0-2,5,x,7-20', 9), [0, 1, 2, 5, 7, 8]);
  });

  it('reads a malformed spec without failing, and is deterministic', () => {
    const odd = simulateJob(
      'odd',
      { backoffLimit: 'x', parallelism: -1, podFailurePolicy: { rules: [7] } },
      'Never',
      fails,
    );
    assert.ok(odd.warnings.some((w) => w.includes('spec.backoffLimit is not an integer')));
    const again = simulateJob(
      'odd',
      { backoffLimit: 'x', parallelism: -1, podFailurePolicy: { rules: [7] } },
      'Never',
      fails,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(odd)), JSON.parse(JSON.stringify(again)));
  });
});
