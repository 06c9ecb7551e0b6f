import { strict as assert } from 'node:assert';
import { normalizePod } from '../../server/src/simulator/podSpec';
import type { NormalizedPod, WorkloadSnapshot } from '../../server/src/simulator/types';
import {
  type HostedPod,
  isReadyEndpoint,
  type WorkloadController,
  WorkloadHost,
} from '../../server/src/simulator/workloadHost';

/**
 * The host that drives a workload's pods, with a controller written for the test: it keeps
 * `replicas` live pods, replacing any that is removed, as a ReplicaSet does.
 */
function template(spec: object): NormalizedPod {
  const normalized = normalizePod({ kind: 'ReplicaSet', name: 'web', podSpec: spec });
  assert.ok(normalized.ok);
  return normalized.pod;
}

const readyPod = {
  containers: [
    {
      name: 'app',
      image: 'nginx:1.27',
      readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
    },
  ],
};

class KeepReplicas implements WorkloadController {
  private created = 0;
  readonly changes: string[] = [];
  constructor(
    private readonly replicas: number,
    private readonly pod: NormalizedPod,
  ) {}
  start(host: WorkloadHost): void {
    this.sync(host);
  }
  podChanged(host: WorkloadHost, pod: HostedPod): void {
    this.changes.push(`${host.now} ${pod.name}`);
    host.schedule(host.now, () => this.sync(host));
  }
  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const live = host.livePods();
    const ready = live.filter(isReadyEndpoint).length;
    return {
      status: { replicas: live.length, readyReplicas: ready },
      columns: { READY: `${ready}/${this.replicas}` },
      conditions: [],
    };
  }
  private sync(host: WorkloadHost): void {
    const live = host.livePods().filter((pod) => !pod.state.deleting);
    for (let n = live.length; n < this.replicas; n++) {
      const pod = host.createPod({ name: `web-${this.created++}`, template: this.pod, revision: 'web' });
      host.emit('Normal', 'SuccessfulCreate', 'replicaset/web', `Created pod: ${pod.name}`, undefined, pod);
    }
  }
}

function runHost(replicas: number, duration: number, setup?: (host: WorkloadHost) => void) {
  const host = new WorkloadHost(
    { kind: 'ReplicaSet', name: 'web', namespace: 'default' },
    { nodes: 3, warnings: [] },
  );
  const controller = new KeepReplicas(replicas, template(readyPod));
  setup?.(host);
  host.run(controller, duration);
  return { host, controller, result: host.result(controller, duration) };
}

describe('the workload host', () => {
  it('spreads new pods over the nodes, and every pod runs with the kubelet model on the shared clock', () => {
    const { result } = runHost(4, 60);
    assert.deepEqual(
      result.pods.map((pod) => `${pod.name}@${pod.node}`),
      ['web-0@node-1', 'web-1@node-2', 'web-2@node-3', 'web-3@node-1'],
    );
    // Ready after the first readiness probe (t=1 pull, start, probe at once), all four endpoints.
    assert.deepEqual(result.final.endpoints, ['web-0', 'web-1', 'web-2', 'web-3']);
    assert.deepEqual(result.final.columns, { READY: '4/4' });
    const firstReady = result.snapshots.find((snapshot) => snapshot.status.readyReplicas === 4);
    assert.equal(firstReady?.t, result.pods[0]!.result.snapshots.find((s) => s.conditions.Ready === true)?.t);
  });

  it('loses a node: its pod is evicted after node-monitor-grace-period and the default toleration, and replaced on another node', () => {
    const { result } = runHost(3, 600, (host) => host.loseNode('node-2', 100));
    const lost = result.pods.find((pod) => pod.name === 'web-1')!;
    assert.equal(lost.node, 'node-2');
    // 100 + 50 s (node-monitor-grace-period) + 300 s (DefaultTolerationSeconds) = 450.
    const eviction = lost.result.events.find((event) => event.reason === 'TaintManagerEviction');
    assert.equal(eviction?.t, 450);
    assert.equal(lost.result.final.deleting, true);
    // Not ready from t=150: no longer an endpoint.
    assert.deepEqual(
      result.snapshots.filter((s) => s.t >= 150 && s.t < 450).map((s) => s.endpoints),
      [['web-0', 'web-2']],
    );
    // The controller sees the deletion at 450 and creates a replacement on a node that reports.
    const replacement = result.pods.find((pod) => pod.name === 'web-3')!;
    assert.equal(replacement.createdAt, 450);
    assert.notEqual(replacement.node, 'node-2');
    // Its node pulled the image for the first pod there: the replacement finds it.
    const pulled = replacement.result.events.find((event) => event.reason === 'Pulled');
    assert.match(pulled?.message ?? '', /already present on machine/);
    assert.deepEqual(result.nodes[1], { name: 'node-2', lostAt: 100, returnsAt: null });
    assert.ok(result.events.some((event) => event.reason === 'NodeNotReady' && event.t === 150));
  });

  it('keeps a pod Pending while no node can take it, and binds it when a node returns', () => {
    const { result } = runHost(1, 900, (host) => {
      host.loseNode('node-1', 10, 700);
      host.loseNode('node-2', 10);
      host.loseNode('node-3', 10);
    });
    // web-0 on node-1 is evicted at 10 + 50 + 300 = 360; every node is tainted: the replacement waits.
    const replacement = result.pods[1]!;
    assert.equal(replacement.createdAt, 360);
    assert.ok(result.events.some((event) => event.reason === 'FailedScheduling' && event.t === 360));
    assert.equal(replacement.node, 'node-1');
    const scheduled = replacement.result.events.find((event) => event.reason === 'Scheduled');
    assert.equal(scheduled?.t, 700);
  });

  it('is deterministic: the same workload gives the same result', () => {
    const first = runHost(3, 300, (host) => host.loseNode('node-3', 40, 200)).result;
    const second = runHost(3, 300, (host) => host.loseNode('node-3', 40, 200)).result;
    assert.deepEqual(JSON.parse(JSON.stringify(first)), JSON.parse(JSON.stringify(second)));
  });
});
