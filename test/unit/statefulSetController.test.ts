import { strict as assert } from 'node:assert';
import type { Scenario, WorkloadSimulationResult, WorkloadSnapshot } from '../../server/src/simulator/types';
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';

/**
 * The StatefulSet controller over the kubelet model (controllers/statefulSet.ts), following
 * kubernetes/kubernetes pkg/controller/statefulset/stateful_set_control.go (updateStatefulSet,
 * processReplica, processCondemned, updateStatefulSetAfterInvariantEstablished, updateStatus,
 * completeRollingUpdate) and stateful_pod_control.go (the events).
 *
 * The pods: nginx with a readiness probe every 5 s; a first pull takes 1 s on a node, so a pod is
 * Ready 1 s after it is created on a node without the image, at once on a node with it.
 */
const podSpec = {
  containers: [
    {
      name: 'app',
      image: 'nginx:1.27',
      readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
    },
  ],
};

function simulate(spec: object, scenario: Scenario): WorkloadSimulationResult {
  const outcome = simulateWorkload({ kind: 'StatefulSet', name: 'web', podSpec, spec }, scenario);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

function events(result: WorkloadSimulationResult): string[] {
  return result.events
    .filter((event) => event.object === 'statefulset/web')
    .map((event) => `${event.t} ${event.reason} ${event.message}`);
}

function at(result: WorkloadSimulationResult, t: number): WorkloadSnapshot {
  return [...result.snapshots].reverse().find((snapshot) => snapshot.t <= t)!;
}

describe('the StatefulSet controller', () => {
  it('OrderedReady: web-1 only once web-0 is Running and Ready, web-2 after web-1 (processReplica, monotonic)', () => {
    const result = simulate({ replicas: 3 }, { duration: 60 });
    assert.deepEqual(events(result), [
      '0 SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      '1 SuccessfulCreate create Pod web-1 in StatefulSet web successful',
      '2 SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
    assert.deepEqual(
      result.pods.map((pod) => [pod.name, pod.index, pod.node]),
      [
        ['web-0', 0, 'node-1'],
        ['web-1', 1, 'node-2'],
        ['web-2', 2, 'node-3'],
      ],
    );
    assert.deepEqual(
      result.snapshots.map((snapshot) => [snapshot.t, snapshot.columns.READY, snapshot.status.replicas]),
      [
        [0, '0/3', 1],
        [1, '1/3', 2],
        [2, '2/3', 3],
        [3, '3/3', 3],
      ],
    );
    // Controller revision names: <set>-<hash>, one revision while nothing changes.
    assert.match(result.final.revisions!.currentRevision!, /^web-[4-9bcdf]{9,10}$/);
    assert.equal(result.final.revisions!.updateRevision, result.final.revisions!.currentRevision);
  });

  it('OrderedReady with minReadySeconds: the next ordinal waits until the previous is available (isRunningAndAvailable)', () => {
    const result = simulate({ replicas: 3, minReadySeconds: 10 }, { duration: 60 });
    // web-0 ready at 1, available at 11; web-1 ready at 12, available at 22.
    assert.deepEqual(
      result.pods.map((pod) => pod.createdAt),
      [0, 11, 22],
    );
    assert.deepEqual(at(result, 32).status, {
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 2,
    });
    assert.equal(result.final.status.availableReplicas, 3);
    assert.equal(result.final.t, 33);
  });

  it('Parallel: every ordinal at once (allowsBurst)', () => {
    const result = simulate({ replicas: 3, podManagementPolicy: 'Parallel' }, { duration: 60 });
    assert.deepEqual(
      result.pods.map((pod) => [pod.name, pod.createdAt]),
      [
        ['web-0', 0],
        ['web-1', 0],
        ['web-2', 0],
      ],
    );
  });

  it('scales down from the highest ordinal, one at a time, each once the previous is gone (processCondemned)', () => {
    const result = simulate(
      { replicas: 3 },
      { duration: 200, update: { at: 100, replicas: 1 }, containers: { app: { stopSeconds: 5 } } },
    );
    assert.deepEqual(events(result).slice(3), [
      '100 SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      '105 SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
    ]);
    assert.deepEqual(
      result.pods.map((pod) => pod.deletedAt),
      [null, 110, 105],
    );
    assert.deepEqual(result.final.status, {
      replicas: 1,
      readyReplicas: 1,
      currentReplicas: 1,
      updatedReplicas: 1,
      availableReplicas: 1,
    });
  });

  it('a partitioned rolling update: from the highest ordinal down to the partition, the ordinals below keep the current revision (newVersionedStatefulSetPod)', () => {
    // The new pods answer 20 s after they start.
    const result = simulate(
      { replicas: 4, updateStrategy: { rollingUpdate: { partition: 2 } } },
      { duration: 300, update: { at: 100, containers: { app: { startSeconds: 20 } } } },
    );
    assert.deepEqual(events(result).slice(4), [
      '100 SuccessfulDelete delete Pod web-3 in StatefulSet web successful',
      '100 SuccessfulCreate create Pod web-3 in StatefulSet web successful',
      // web-3 (new) Ready at 121: the next one goes.
      '121 SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
      '121 SuccessfulCreate create Pod web-2 in StatefulSet web successful',
    ]);
    const { currentRevision, updateRevision } = result.final.revisions!;
    assert.notEqual(currentRevision, updateRevision);
    // A replaced pod keeps its name and ordinal; its revision is the update revision.
    assert.deepEqual(
      result.pods
        .filter((pod) => pod.deletedAt === null)
        .map((pod) => [pod.name, pod.revision === updateRevision]),
      [
        ['web-0', false],
        ['web-1', false],
        ['web-3', true],
        ['web-2', true],
      ],
    );
    // The update never completes below the partition: currentRevision stays.
    assert.deepEqual(result.final.status, {
      replicas: 4,
      readyReplicas: 4,
      currentReplicas: 2,
      updatedReplicas: 2,
      availableReplicas: 4,
    });
  });

  it('maxUnavailable 2 (MaxUnavailableStatefulSet, beta and on since 1.35) with Parallel: two pods at a time; the update revision becomes current once all are updated and ready (completeRollingUpdate)', () => {
    const result = simulate(
      {
        replicas: 4,
        podManagementPolicy: 'Parallel',
        updateStrategy: { rollingUpdate: { maxUnavailable: 2 } },
      },
      { duration: 300, update: { at: 100, containers: { app: { startSeconds: 20 } } } },
    );
    assert.deepEqual(
      events(result)
        .slice(4)
        .filter((line) => line.includes('SuccessfulDelete')),
      [
        '100 SuccessfulDelete delete Pod web-3 in StatefulSet web successful',
        '100 SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
        '121 SuccessfulDelete delete Pod web-1 in StatefulSet web successful',
        '121 SuccessfulDelete delete Pod web-0 in StatefulSet web successful',
      ],
    );
    // Never fewer than 4 - 2 ready.
    for (const snapshot of result.snapshots.filter((s) => s.t >= 1)) {
      assert.ok(snapshot.endpoints.length >= 2, `${snapshot.t}`);
    }
    const before = at(result, 141).revisions!;
    assert.notEqual(before.currentRevision, before.updateRevision);
    const after = result.final.revisions!;
    assert.equal(after.currentRevision, after.updateRevision);
    assert.equal(result.final.t, 142);
  });

  it('OnDelete: a new template replaces no pod (the short circuit for OnDelete in updateStatefulSet)', () => {
    const result = simulate(
      { replicas: 2, updateStrategy: { type: 'OnDelete' } },
      { duration: 200, update: { at: 100 } },
    );
    assert.equal(result.pods.length, 2);
    assert.deepEqual(result.final.status, {
      replicas: 2,
      readyReplicas: 2,
      currentReplicas: 2,
      updatedReplicas: 0,
      availableReplicas: 2,
    });
    assert.notEqual(result.final.revisions!.currentRevision, result.final.revisions!.updateRevision);
  });

  it('node loss: the evicted pod stays Terminating on the lost node and is never replaced, since its name is still taken', () => {
    const result = simulate({ replicas: 3 }, { duration: 900, nodeLoss: [{ node: 'node-2', at: 100 }] });
    assert.equal(result.pods.length, 3);
    const lost = result.pods.find((pod) => pod.name === 'web-1')!;
    assert.equal(lost.node, 'node-2');
    assert.equal(lost.result.events.find((event) => event.reason === 'TaintManagerEviction')?.t, 450);
    assert.equal(lost.result.final.status, 'Terminating');
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.columns.READY,
        snapshot.status.replicas,
        snapshot.status.currentReplicas,
      ]),
      [
        [0, '0/3', 1, 1],
        [1, '1/3', 2, 2],
        [2, '2/3', 3, 3],
        [3, '3/3', 3, 3],
        [150, '2/3', 3, 3],
        // Deleted: still counted in replicas (the object exists), no longer current.
        [450, '2/3', 3, 2],
      ],
    );
    assert.deepEqual(result.final.endpoints, ['web-0', 'web-2']);
    assert.deepEqual(result.notes, [
      't=450: web-1 is being deleted on node-2, which does not report: its kubelet cannot stop it, so the object stays (Terminating). The StatefulSet controller creates web-1 again only once the object is gone (the name is its identity): until node-2 returns, the Node object is deleted, or someone force-deletes the pod, ordinal 1 has no pod.',
    ]);
  });

  it('node loss with a return: the old web-1 is removed once its kubelet is back, and created again under the same name', () => {
    const result = simulate(
      { replicas: 3 },
      { duration: 900, nodeLoss: [{ node: 'node-2', at: 100, returnsAt: 600 }] },
    );
    const [first, second] = result.pods.filter((pod) => pod.name === 'web-1');
    assert.equal(first!.deletedAt, 600);
    assert.equal(second!.createdAt, 600);
    assert.deepEqual(result.final.columns, { READY: '3/3' });
  });
});
