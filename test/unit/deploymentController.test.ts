import { strict as assert } from 'node:assert';
import { resolveFenceposts } from '../../server/src/simulator/controllers/deployment';
import { nextImage } from '../../server/src/simulator/controllers/shared';
import type { Scenario, WorkloadSimulationResult, WorkloadSnapshot } from '../../server/src/simulator/types';
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';

/**
 * The Deployment and ReplicaSet controllers over the kubelet model (controllers/deployment.ts,
 * controllers/replicaSet.ts). Each test names the behaviour and the source it follows in
 * kubernetes/kubernetes pkg/controller/deployment and pkg/controller/replicaset.
 *
 * The pods: nginx with a readiness probe every 5 s. A new image takes 1 s to pull on a node (the
 * scenario's default), so a first pod is Ready at t=1 (the probe runs as the container starts).
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

function simulate(kind: string, spec: object, scenario: Scenario): WorkloadSimulationResult {
  const outcome = simulateWorkload({ kind, name: 'web', podSpec, spec }, scenario);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

/** The events of the workload as `t reason message`. */
function events(result: WorkloadSimulationResult, reasons?: readonly string[]): string[] {
  return result.events
    .filter((event) => !reasons || reasons.includes(event.reason))
    .map((event) => `${event.t} ${event.reason} ${event.message}`);
}

function condition(snapshot: WorkloadSnapshot, type: string) {
  return snapshot.conditions.find((entry) => entry.type === type);
}

/** The snapshot in force at t. */
function at(result: WorkloadSimulationResult, t: number): WorkloadSnapshot {
  return [...result.snapshots].reverse().find((snapshot) => snapshot.t <= t)!;
}

const readinessFails = { app: { probes: { readiness: { failFrom: 0 } } } };

describe('the Deployment controller', () => {
  it('resolves maxSurge up and maxUnavailable down, and 0/0 to unavailable 1 (deployment_util.go ResolveFenceposts)', () => {
    assert.deepEqual(resolveFenceposts('25%', '25%', 10), { surge: 3, unavailable: 2 });
    assert.deepEqual(resolveFenceposts('25%', '25%', 3), { surge: 1, unavailable: 0 });
    assert.deepEqual(resolveFenceposts('0%', '10%', 3), { surge: 0, unavailable: 1 });
    assert.deepEqual(resolveFenceposts(2, '50%', 5), { surge: 2, unavailable: 2 });
    assert.deepEqual(resolveFenceposts('34%', 0, 10), { surge: 4, unavailable: 0 });
  });

  it('rolls out 3 replicas: a ReplicaSet <deployment>-<hash>, its pods <replicaset>-<5 characters>, the conditions as sync.go and progress.go write them', () => {
    const result = simulate('Deployment', { replicas: 3 }, { duration: 60 });
    const rs = result.pods[0]!.revision;
    // pod-template-hash: the controller's alphabet for a decimal 32-bit sum (rand.SafeEncodeString).
    assert.match(rs, /^web-[4-9bcdf]{9,10}$/);
    assert.equal(result.pods.length, 3);
    for (const pod of result.pods) {
      assert.match(pod.name, new RegExp(`^${rs}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    }
    assert.deepEqual(
      result.pods.map((pod) => pod.node),
      ['node-1', 'node-2', 'node-3'],
    );
    assert.deepEqual(events(result), [
      `0 ScalingReplicaSet Scaled up replica set ${rs} from 0 to 3`,
      ...result.pods.map((pod) => `0 SuccessfulCreate Created pod: ${pod.name}`),
    ]);
    assert.deepEqual(
      result.events.filter((event) => event.reason === 'SuccessfulCreate').map((event) => event.object),
      [`replicaset/${rs}`, `replicaset/${rs}`, `replicaset/${rs}`],
    );
    assert.deepEqual(
      result.snapshots.map((snapshot) => [snapshot.t, snapshot.columns, snapshot.endpoints.length]),
      [
        [0, { READY: '0/3', 'UP-TO-DATE': '3', AVAILABLE: '0' }, 0],
        [1, { READY: '3/3', 'UP-TO-DATE': '3', AVAILABLE: '3' }, 3],
      ],
    );
    assert.deepEqual(result.final.status, {
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
    });
    const available = condition(result.final, 'Available')!;
    assert.deepEqual(
      [available.status, available.reason, available.message, available.lastTransitionTime],
      ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', 1],
    );
    const progressing = condition(result.final, 'Progressing')!;
    assert.deepEqual(
      [progressing.status, progressing.reason, progressing.message, progressing.lastTransitionTime],
      ['True', 'NewReplicaSetAvailable', `ReplicaSet "${rs}" has successfully progressed.`, 0],
    );
    // Before the pods were ready: MinimumReplicasUnavailable (3 available needed: 25% of 3 rounds down to 0).
    assert.equal(condition(result.snapshots[0]!, 'Available')!.reason, 'MinimumReplicasUnavailable');
    assert.equal(
      condition(result.snapshots[0]!, 'Available')!.message,
      'Deployment does not have minimum availability.',
    );
  });

  it('rolls 10 replicas over with 25%/25%: at most 13 pods and at least 8 available at every moment (rolling.go reconcileNewReplicaSet, reconcileOldReplicaSets)', () => {
    // The new pods answer 20 s after they start: ready at t=121 (pull 1 s, probe every 5 s).
    const result = simulate(
      'Deployment',
      { replicas: 10 },
      { duration: 400, update: { at: 100, containers: { app: { startSeconds: 20 } } } },
    );
    const oldRs = result.pods[0]!.revision;
    const newRs = result.pods[10]!.revision;
    assert.notEqual(oldRs, newRs);
    assert.deepEqual(events(result, ['ScalingReplicaSet']), [
      `0 ScalingReplicaSet Scaled up replica set ${oldRs} from 0 to 10`,
      // surge 3: 10 + 3 = 13 pods; the new ReplicaSet starts with 3.
      `100 ScalingReplicaSet Scaled up replica set ${newRs} from 0 to 3`,
      // maxUnavailable 2: 13 - 8 - 3 unavailable new = 2 old ones may go.
      `100 ScalingReplicaSet Scaled down replica set ${oldRs} from 10 to 8`,
      `100 ScalingReplicaSet Scaled up replica set ${newRs} from 3 to 5`,
      // t=121: the 5 new pods are available: 13 available, 5 above the 8 needed.
      `121 ScalingReplicaSet Scaled down replica set ${oldRs} from 8 to 3`,
      `121 ScalingReplicaSet Scaled up replica set ${newRs} from 5 to 10`,
      `141 ScalingReplicaSet Scaled down replica set ${oldRs} from 3 to 0`,
    ]);
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.status.replicas,
        snapshot.status.updatedReplicas,
        snapshot.status.availableReplicas,
        snapshot.endpoints.length,
      ]),
      [
        [0, 10, 10, 0, 0],
        [1, 10, 10, 10, 10],
        [100, 13, 5, 8, 8],
        [121, 13, 10, 8, 8],
        [141, 10, 10, 10, 10],
      ],
    );
    for (const snapshot of result.snapshots.filter((s) => s.t >= 1)) {
      assert.ok(snapshot.status.replicas! <= 13, `${snapshot.t}: ${snapshot.status.replicas} pods`);
      assert.ok(snapshot.endpoints.length >= 8, `${snapshot.t}: ${snapshot.endpoints.length} endpoints`);
    }
    const progressing = condition(result.final, 'Progressing')!;
    assert.deepEqual([progressing.reason, progressing.lastUpdateTime], ['NewReplicaSetAvailable', 141]);
    // The new revision's image changed, as kubectl set image would.
    assert.equal(result.pods[10]!.result.pod.containers[0]!.image, 'nginx:revision-2');
    assert.equal(
      nextImage('registry.example:5000/team/app@sha256:abc', 3),
      'registry.example:5000/team/app:revision-3',
    );
  });

  it('stalls an update whose new pods never become ready: the old pods keep serving and Progressing turns False ProgressDeadlineExceeded 600 s after the last progress (progress.go, DeploymentTimedOut, requeueStuckDeployment)', () => {
    const result = simulate(
      'Deployment',
      { replicas: 10 },
      { duration: 900, update: { at: 100, containers: readinessFails } },
    );
    const newRs = result.pods[10]!.revision;
    // Never below replicas - maxUnavailable = 8 endpoints once the first rollout is done.
    for (const snapshot of result.snapshots.filter((s) => s.t >= 1)) {
      assert.ok(snapshot.endpoints.length >= 8, `${snapshot.t}: ${snapshot.endpoints.length} endpoints`);
    }
    assert.deepEqual(result.final.status, {
      replicas: 13,
      updatedReplicas: 5,
      readyReplicas: 8,
      availableReplicas: 8,
      unavailableReplicas: 5,
    });
    assert.equal(result.final.endpoints.length, 8);
    assert.ok(result.final.endpoints.every((name) => !name.startsWith(newRs)));
    // The last progress is at t=100 (the new pods created, old ones scaled down); the deadline
    // passes at 700 and the controller's re-check comes a second later.
    const progressingAt700 = condition(at(result, 700), 'Progressing')!;
    assert.deepEqual(
      [progressingAt700.status, progressingAt700.reason, progressingAt700.lastUpdateTime],
      ['True', 'ReplicaSetUpdated', 100],
    );
    const timedOut = condition(result.final, 'Progressing')!;
    assert.deepEqual(
      [timedOut.status, timedOut.reason, timedOut.message, timedOut.lastTransitionTime],
      ['False', 'ProgressDeadlineExceeded', `ReplicaSet "${newRs}" has timed out progressing.`, 701],
    );
    // Still available: 8 ≥ 10 - 2.
    assert.equal(condition(result.final, 'Available')!.status, 'True');
    assert.deepEqual(
      result.snapshots.map((snapshot) => snapshot.t),
      [0, 1, 100, 701],
    );
  });

  it('counts progressDeadlineSeconds from the last progress, not from the update', () => {
    // The first new pod is ready at 121, the next batch never: progress at 121, timeout at 121 + 120 + 1.
    const result = simulate(
      'Deployment',
      {
        replicas: 4,
        progressDeadlineSeconds: 120,
        strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      },
      {
        duration: 600,
        update: {
          at: 100,
          containers: { app: { startSeconds: 20, probes: { readiness: { failFrom: 40 } } } },
        },
      },
    );
    const progressing = condition(result.final, 'Progressing')!;
    assert.equal(progressing.reason, 'ProgressDeadlineExceeded');
    const lastProgress = condition(
      at(result, progressing.lastTransitionTime - 1),
      'Progressing',
    )!.lastUpdateTime!;
    assert.equal(progressing.lastTransitionTime, lastProgress + 120 + 1);
    assert.ok(lastProgress > 100, `last progress at ${lastProgress}`);
  });

  it('an update away from pods that never became ready: the unhealthy old replicas are scaled down first, without waiting for availability (rolling.go cleanupUnhealthyReplicas)', () => {
    const result = simulate(
      'Deployment',
      { replicas: 4 },
      // Revision 1 never passes readiness; revision 2 (containers: app as by default) does.
      { duration: 300, containers: readinessFails, update: { at: 100, containers: { app: {} } } },
    );
    const oldRs = result.pods[0]!.revision;
    const newRs = result.pods[4]!.revision;
    assert.deepEqual(events(result, ['ScalingReplicaSet']), [
      `0 ScalingReplicaSet Scaled up replica set ${oldRs} from 0 to 4`,
      // 25% of 4: surge 1, unavailable 1; 5 pods - 3 needed - 1 new unavailable: one old may go,
      // and none of the old is available, so it goes at once.
      `100 ScalingReplicaSet Scaled up replica set ${newRs} from 0 to 1`,
      `100 ScalingReplicaSet Scaled down replica set ${oldRs} from 4 to 3`,
      `100 ScalingReplicaSet Scaled up replica set ${newRs} from 1 to 2`,
      // The 2 new pods are ready at 101: 5 - 3 - 0 = 2 more unhealthy old ones go.
      `101 ScalingReplicaSet Scaled down replica set ${oldRs} from 3 to 1`,
      `101 ScalingReplicaSet Scaled up replica set ${newRs} from 2 to 4`,
      `102 ScalingReplicaSet Scaled down replica set ${oldRs} from 1 to 0`,
    ]);
    assert.equal(condition(result.final, 'Progressing')!.reason, 'NewReplicaSetAvailable');
  });

  it('Recreate: every old pod is gone before the new ReplicaSet is created, a gap without endpoints (recreate.go rolloutRecreate, oldPodsRunning)', () => {
    const result = simulate(
      'Deployment',
      { replicas: 3, strategy: { type: 'Recreate' } },
      // The old pods take 10 s to stop after SIGTERM.
      { duration: 300, update: { at: 100 }, containers: { app: { stopSeconds: 10 } } },
    );
    const oldRs = result.pods[0]!.revision;
    const newRs = result.pods[3]!.revision;
    assert.deepEqual(events(result, ['ScalingReplicaSet']), [
      `0 ScalingReplicaSet Scaled up replica set ${oldRs} from 0 to 3`,
      `100 ScalingReplicaSet Scaled down replica set ${oldRs} from 3 to 0`,
      `110 ScalingReplicaSet Scaled up replica set ${newRs} from 0 to 3`,
    ]);
    assert.deepEqual(
      result.pods.slice(0, 3).map((pod) => pod.deletedAt),
      [110, 110, 110],
    );
    assert.deepEqual(
      result.snapshots.map((snapshot) => [snapshot.t, snapshot.endpoints.length]),
      [
        [0, 0],
        [1, 3],
        [100, 0],
        [110, 0],
        [111, 3],
      ],
    );
    // Recreate has no maxUnavailable: Available needs all 3.
    assert.equal(condition(at(result, 110), 'Available')!.reason, 'MinimumReplicasUnavailable');
    assert.equal(condition(result.final, 'Available')!.lastTransitionTime, 111);
  });

  it('minReadySeconds: a pod counts available once Ready that long, seen by the ReplicaSet controller a second later (replica_set.go updatePod, IsPodAvailable)', () => {
    const result = simulate('Deployment', { replicas: 3, minReadySeconds: 10 }, { duration: 60 });
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.status.readyReplicas,
        snapshot.status.availableReplicas,
      ]),
      [
        [0, 0, 0],
        [1, 3, 0],
        [12, 3, 3],
      ],
    );
    assert.equal(condition(result.final, 'Progressing')!.lastUpdateTime, 12);
  });

  it('revisionHistoryLimit 0: the old ReplicaSet is deleted once the rollout is complete (sync.go cleanupDeployment)', () => {
    const kept = simulate('Deployment', { replicas: 2 }, { duration: 60, update: { at: 20 } });
    assert.deepEqual(
      kept.notes.filter((note) => note.includes('deletes the old ReplicaSet')),
      [],
    );
    // 25% of 2: surge 1, unavailable 0. The first new pod is ready at 21, the second (pulling the
    // new image on another node) at 22, when the last old pod goes and the rollout is complete.
    const cleaned = simulate(
      'Deployment',
      { replicas: 2, revisionHistoryLimit: 0 },
      { duration: 60, update: { at: 20 } },
    );
    const oldRs = cleaned.pods[0]!.revision;
    assert.deepEqual(
      cleaned.notes.filter((note) => note.includes('deletes the old ReplicaSet')),
      [
        `t=22: the rollout is complete and revisionHistoryLimit is 0: the Deployment controller deletes the old ReplicaSet ${oldRs} (revision 1); its revision can no longer be rolled back to.`,
      ],
    );
  });

  it('scales with one ReplicaSet at once, and scales down the pod that shares a node with more of its kind (sync.go scale, replica_set.go getPodsToDelete)', () => {
    const result = simulate(
      'Deployment',
      { replicas: 4 },
      {
        duration: 200,
        update: [
          { at: 50, replicas: 6 },
          { at: 100, replicas: 3 },
        ],
      },
    );
    const rs = result.pods[0]!.revision;
    assert.deepEqual(events(result, ['ScalingReplicaSet']), [
      `0 ScalingReplicaSet Scaled up replica set ${rs} from 0 to 4`,
      `50 ScalingReplicaSet Scaled up replica set ${rs} from 4 to 6`,
      `100 ScalingReplicaSet Scaled down replica set ${rs} from 6 to 3`,
    ]);
    // 6 pods, 2 on each node: the node ranks tie; the two ready at 50 have a lower logarithmic
    // rank of ready time (50 s ago) than those ready at 1 (99 s ago) and go first; then among the
    // pods ready at 1, created together, the UID decides in the source: the newer one here.
    const deleted = result.events
      .filter((event) => event.reason === 'SuccessfulDelete')
      .map((event) => [event.pod, result.pods[event.pod!]!.createdAt]);
    assert.deepEqual(deleted, [
      [5, 50],
      [4, 50],
      [3, 0],
    ]);
    assert.deepEqual(result.final.columns, { READY: '3/3', 'UP-TO-DATE': '3', AVAILABLE: '3' });
  });

  it('node loss: the pod is evicted after 50 s + 300 s and replaced at once on another node while the old one stays Terminating (taint eviction; replica_set.go counts only active pods)', () => {
    const result = simulate(
      'Deployment',
      { replicas: 3 },
      { duration: 600, nodeLoss: [{ node: 'node-2', at: 100 }] },
    );
    const lost = result.pods.find((pod) => pod.node === 'node-2')!;
    assert.equal(lost.result.events.find((event) => event.reason === 'TaintManagerEviction')?.t, 450);
    assert.equal(lost.result.final.status, 'Terminating');
    assert.equal(lost.deletedAt, null);
    const replacement = result.pods[3]!;
    assert.equal(replacement.createdAt, 450);
    assert.notEqual(replacement.node, 'node-2');
    assert.deepEqual(result.notes, [
      `t=450: ${lost.name} is being deleted on node-2, which does not report, and stays Terminating there; the ReplicaSet counts only active pods, so it creates a replacement at once, on a node that reports.`,
    ]);
    assert.deepEqual(
      result.snapshots.map((snapshot) => [
        snapshot.t,
        snapshot.status.replicas,
        snapshot.endpoints.length,
        condition(snapshot, 'Available')!.status,
      ]),
      [
        [0, 3, 0, 'False'],
        [1, 3, 3, 'True'],
        // Not ready from 150 (node-monitor-grace-period): 2 of 3 available, and 25% of 3 is 0.
        [150, 3, 2, 'False'],
        [450, 3, 3, 'True'],
      ],
    );
  });

  it('two nodes lost: each lost pod is replaced on the node left', () => {
    const result = simulate(
      'Deployment',
      { replicas: 3 },
      {
        duration: 600,
        nodeLoss: [
          { node: 'node-1', at: 100 },
          { node: 'node-3', at: 130 },
        ],
      },
    );
    assert.deepEqual(
      result.pods.slice(3).map((pod) => [pod.createdAt, pod.node]),
      [
        [450, 'node-2'],
        [480, 'node-2'],
      ],
    );
    assert.deepEqual(result.final.endpoints.length, 3);
  });
});

describe('the workload controllers and bad input', () => {
  it('a paused Deployment gets no ReplicaSet for its template, and Progressing is Unknown DeploymentPaused (sync.go: a paused Deployment is only scaled; checkPausedConditions)', () => {
    const result = simulate('Deployment', { replicas: 3, paused: true }, { duration: 60 });
    assert.equal(result.pods.length, 0);
    const progressing = condition(result.final, 'Progressing')!;
    assert.deepEqual(
      [progressing.status, progressing.reason, progressing.message],
      ['Unknown', 'DeploymentPaused', 'Deployment is paused'],
    );
    assert.equal(condition(result.final, 'Available')!.reason, 'MinimumReplicasUnavailable');
  });

  it('simulates at most 200 replicas, and says so', () => {
    const result = simulate('Deployment', { replicas: 100000 }, { duration: 5 });
    assert.equal(result.pods.length, 200);
    assert.deepEqual(result.warnings, ['spec.replicas is 100000: the simulation runs 200 of them']);
  });

  it('warns that a scale in the middle of a rollout is not spread in proportion', () => {
    const result = simulate(
      'Deployment',
      { replicas: 4 },
      {
        duration: 200,
        update: [
          { at: 50, containers: readinessFails },
          { at: 60, replicas: 6 },
        ],
      },
    );
    assert.deepEqual(result.warnings, [
      't=60: spec.replicas changes while 2 ReplicaSets have replicas: the controller spreads the change over them in proportion (sync.go scale, getProportion); the simulation lets the rollout absorb it instead',
    ]);
  });

  it('never throws on malformed workload specs and scenarios', () => {
    const specs: unknown[] = [
      null,
      [],
      'web',
      { replicas: '3', minReadySeconds: -1, progressDeadlineSeconds: 0, revisionHistoryLimit: 'x' },
      { replicas: 2.5, strategy: 'fast' },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'abc', maxUnavailable: '150%' } } },
      { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      { replicas: 0, strategy: { type: 'Recreate' } },
      {
        updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 10, maxUnavailable: '0%' } },
        podManagementPolicy: 7,
        ordinals: { start: 5 },
      },
      { updateStrategy: { rollingUpdate: { maxSurge: '100%', maxUnavailable: 0 } } },
    ];
    const scenarios: unknown[] = [
      {},
      { update: { at: 10 } },
      {
        update: [
          { at: 10, replicas: 0 },
          { at: 20, replicas: 3, images: { app: '' } },
        ],
      },
      { update: { replicas: 2 } },
      { update: 'soon', nodeLoss: [{ node: 'node-9', at: 5 }] },
      {
        nodes: 1,
        nodeLoss: [{ node: 'node-1', at: 5 }],
        update: { at: 1, containers: { app: { exitAfter: 3, exitCode: 1 } } },
      },
    ];
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
      for (const spec of specs) {
        for (const scenario of scenarios) {
          const outcome = simulateWorkload(
            { kind, name: 'web', podSpec, spec },
            { duration: 120, ...(scenario as Scenario) },
          );
          assert.ok(outcome.ok, `${kind} ${JSON.stringify(spec)} ${JSON.stringify(scenario)}`);
          const times = outcome.result.snapshots.map((snapshot) => snapshot.t);
          assert.deepEqual(
            times,
            [...times].sort((a, b) => a - b),
          );
        }
      }
    }
  });

  it('gives the same result for the same input, byte for byte', () => {
    const run = () =>
      JSON.stringify(
        simulate(
          'Deployment',
          { replicas: 5 },
          {
            duration: 900,
            update: { at: 100, containers: readinessFails },
            nodeLoss: [{ node: 'node-3', at: 200 }],
          },
        ),
      );
    assert.equal(run(), run());
  });
});

describe('the ReplicaSet controller on its own', () => {
  it('keeps its replicas, and a new template reaches only the pods it creates afterwards (replica_set.go manageReplicas compares counts, not templates)', () => {
    const result = simulate(
      'ReplicaSet',
      { replicas: 2 },
      { duration: 600, update: { at: 50 }, nodeLoss: [{ node: 'node-1', at: 100 }] },
    );
    assert.deepEqual(
      result.pods.map((pod) => [pod.node, pod.createdAt, pod.result.pod.containers[0]!.image]),
      [
        ['node-1', 0, 'nginx:1.27'],
        ['node-2', 0, 'nginx:1.27'],
        ['node-3', 450, 'nginx:revision-2'],
      ],
    );
    assert.match(result.pods[0]!.name, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.deepEqual(result.final.columns, { DESIRED: '2', CURRENT: '2', READY: '2' });
    assert.deepEqual(
      events(result).map((line) => line.replace(/: web-\w+$/, '')),
      [
        '0 SuccessfulCreate Created pod',
        '0 SuccessfulCreate Created pod',
        '150 NodeNotReady Node node-1 status is now: NodeNotReady',
        '450 SuccessfulCreate Created pod',
      ],
    );
  });
});
