import { strict as assert } from 'node:assert';
import type { Scenario, WorkloadSimulationResult } from '../../server/src/simulator/types';
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';

/**
 * The DaemonSet controller over the kubelet model (controllers/daemonSet.ts), following
 * kubernetes/kubernetes pkg/controller/daemon/daemon_controller.go (manage, podsShouldBeOnNode,
 * NodeShouldRunDaemonPod, updateDaemonSetStatus), update.go (rollingUpdate,
 * updatedDesiredNodeCounts) and util/daemonset_util.go (UnavailableCount and SurgeCount round up;
 * AddOrUpdateDaemonPodTolerations).
 */
const podSpec = {
  containers: [
    {
      name: 'agent',
      image: 'fluentd:1.16',
      readinessProbe: { httpGet: { path: '/', port: 24231 }, periodSeconds: 5 },
    },
  ],
};

function simulate(
  spec: object,
  scenario: Scenario,
  podSpecOverride: object = podSpec,
): WorkloadSimulationResult {
  const outcome = simulateWorkload(
    { kind: 'DaemonSet', name: 'logs', podSpec: podSpecOverride, spec },
    scenario,
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

/** `t reason node` for the DaemonSet's own events. */
function podEvents(result: WorkloadSimulationResult): string[] {
  return result.events
    .filter((event) => event.object === 'daemonset/logs')
    .map((event) => `${event.t} ${event.reason} ${result.pods[event.pod!]!.node}`);
}

// The new revision's pods answer 20 s after they start: Ready at +21 (pull 1 s, probe every 5 s).
const slowNewRevision: Scenario['update'] = { at: 100, containers: { agent: { startSeconds: 20 } } };

describe('the DaemonSet controller', () => {
  it('runs one pod on each of 3 nodes, bound there, named <daemonset>-<5 characters>', () => {
    const result = simulate({}, { duration: 60 });
    assert.deepEqual(
      result.pods.map((pod) => [pod.node, pod.createdAt]),
      [
        ['node-1', 0],
        ['node-2', 0],
        ['node-3', 0],
      ],
    );
    for (const pod of result.pods) {
      assert.match(pod.name, /^logs-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(
        pod.result.events.find((event) => event.reason === 'Scheduled')?.message,
        `Successfully assigned default/${pod.name} to ${pod.node}`,
      );
    }
    assert.deepEqual(result.final.columns, {
      DESIRED: '3',
      CURRENT: '3',
      READY: '3',
      'UP-TO-DATE': '3',
      AVAILABLE: '3',
    });
    assert.deepEqual(result.final.status, {
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      numberReady: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
      updatedNumberScheduled: 3,
    });
  });

  it("follows the scenario's nodes: 5 nodes, 5 pods", () => {
    const result = simulate({}, { duration: 30, nodes: 5 });
    assert.deepEqual(
      result.pods.map((pod) => pod.node),
      ['node-1', 'node-2', 'node-3', 'node-4', 'node-5'],
    );
  });

  it('rolling update with maxUnavailable 1 (the default): one node at a time, the new pod once the old one is gone (rollingUpdate without surge)', () => {
    const result = simulate({}, { duration: 300, update: slowNewRevision });
    assert.deepEqual(podEvents(result).slice(3), [
      '100 SuccessfulDelete node-1',
      '100 SuccessfulCreate node-1',
      '121 SuccessfulDelete node-2',
      '121 SuccessfulCreate node-2',
      '142 SuccessfulDelete node-3',
      '142 SuccessfulCreate node-3',
    ]);
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.columns['UP-TO-DATE'],
        snapshot.columns.AVAILABLE,
        snapshot.endpoints.length,
      ]),
      [
        [0, '3', '0', 0],
        [1, '3', '3', 3],
        [100, '1', '2', 2],
        [121, '2', '2', 2],
        [142, '3', '2', 2],
        [163, '3', '3', 3],
      ],
    );
  });

  it('rolling update with maxUnavailable 50% of 5 nodes: 3 at a time, rounded up (util.UnavailableCount)', () => {
    const result = simulate(
      { updateStrategy: { rollingUpdate: { maxUnavailable: '50%' } } },
      { duration: 300, nodes: 5, update: slowNewRevision },
    );
    assert.deepEqual(
      podEvents(result)
        .slice(5)
        .filter((line) => line.includes('Delete')),
      [
        '100 SuccessfulDelete node-1',
        '100 SuccessfulDelete node-2',
        '100 SuccessfulDelete node-3',
        '121 SuccessfulDelete node-4',
        '121 SuccessfulDelete node-5',
      ],
    );
    assert.equal(Math.min(...result.snapshots.filter((s) => s.t >= 1).map((s) => s.endpoints.length)), 2);
  });

  it('rolling update with maxSurge 1 and maxUnavailable 0: the new pod starts beside the old one, which goes once the new one is available (rollingUpdate with surge)', () => {
    const result = simulate(
      { updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } },
      { duration: 300, update: slowNewRevision },
    );
    assert.deepEqual(podEvents(result).slice(3), [
      '100 SuccessfulCreate node-1',
      '121 SuccessfulDelete node-1',
      '121 SuccessfulCreate node-2',
      '142 SuccessfulDelete node-2',
      '142 SuccessfulCreate node-3',
      '163 SuccessfulDelete node-3',
    ]);
    // Never fewer than 3 available: the old pod serves until its replacement does.
    for (const snapshot of result.snapshots.filter((s) => s.t >= 1)) {
      assert.equal(snapshot.endpoints.length >= 3, true, `${snapshot.t}`);
    }
  });

  it('OnDelete: a new template replaces no pod', () => {
    const result = simulate(
      { updateStrategy: { type: 'OnDelete' } },
      { duration: 200, update: slowNewRevision },
    );
    assert.equal(result.pods.length, 3);
    assert.equal(result.final.columns['UP-TO-DATE'], '0');
  });

  it('node loss: the daemon pod tolerates the unreachable taint for ever and is never evicted; the tainted node leaves the desired count and holds a misscheduled pod (NodeShouldRunDaemonPod)', () => {
    const result = simulate({}, { duration: 900, nodeLoss: [{ node: 'node-2', at: 100 }] });
    const lost = result.pods.find((pod) => pod.node === 'node-2')!;
    assert.equal(lost.result.events.filter((event) => event.reason === 'TaintManagerEviction').length, 0);
    assert.equal(lost.result.final.deleting, false);
    assert.ok(lost.result.notes.some((note) => note.includes('tolerates the taint for ever')));
    assert.equal(result.notes.length, 1);
    assert.match(
      result.notes[0]!,
      /^t=150: node-2 is tainted node\.kubernetes\.io\/unreachable .* leaves desiredNumberScheduled/,
    );
    assert.equal(result.pods.length, 3);
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.status.desiredNumberScheduled,
        snapshot.status.numberMisscheduled,
        snapshot.endpoints.length,
      ]),
      [
        [0, 3, 0, 0],
        [1, 3, 0, 3],
        [150, 2, 1, 2],
      ],
    );
  });

  it('a lost node that returns is desired again, and its pod was never replaced', () => {
    const result = simulate({}, { duration: 900, nodeLoss: [{ node: 'node-2', at: 100, returnsAt: 600 }] });
    assert.equal(result.pods.length, 3);
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.status.desiredNumberScheduled,
        snapshot.status.numberReady,
      ]),
      [
        [0, 3, 0],
        [1, 3, 3],
        [150, 2, 2],
        [600, 3, 3],
      ],
    );
  });

  it('a template that tolerates every taint still should run on the tainted node', () => {
    const tolerant = { ...podSpec, tolerations: [{ operator: 'Exists' }] };
    const result = simulate({}, { duration: 300, nodeLoss: [{ node: 'node-2', at: 100 }] }, tolerant);
    assert.deepEqual(
      [result.final.status.desiredNumberScheduled, result.final.status.numberMisscheduled],
      [3, 0],
    );
  });

  it('ignores update.replicas, with a warning', () => {
    const result = simulate({}, { duration: 30, update: { at: 10, replicas: 5 } });
    assert.deepEqual(result.warnings, [
      'scenario: a DaemonSet has no replicas (one pod per node): update.replicas is ignored',
    ]);
    assert.equal(result.pods.length, 3);
  });
});
