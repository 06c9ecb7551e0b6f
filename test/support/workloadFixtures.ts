/**
 * Workload simulations for the webview's tests, from the real workload host driven by a scripted
 * controller (the real controllers are tested in their own modules).
 */
import * as assert from 'node:assert/strict';
import { normalizePod } from '../../server/src/simulator/podSpec';
import type {
  ContainerScenario,
  NormalizedPod,
  WorkloadCondition,
  WorkloadSimulationResult,
  WorkloadSnapshot,
} from '../../server/src/simulator/types';
import {
  type HostedPod,
  isReadyEndpoint,
  type WorkloadController,
  WorkloadHost,
} from '../../server/src/simulator/workloadHost';

function template(): NormalizedPod {
  const normalized = normalizePod({
    kind: 'Deployment',
    name: 'web',
    podSpec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        },
      ],
    },
  });
  assert.ok(normalized.ok);
  return normalized.pod;
}

/**
 * A scripted rollout: two pods of revision web-a at t=0; at t=60 a pod of revision web-b whose
 * readiness probe never passes, and one web-a pod deleted when web-b's would be ready (never, so
 * the rollout stalls); Progressing turns False at 60 + 90 s.
 */
class ScriptedRollout implements WorkloadController {
  private readonly pod = template();
  private stalledAt: number | null = null;
  start(host: WorkloadHost): void {
    for (const name of ['web-a-0', 'web-a-1']) {
      const pod = host.createPod({ name, template: this.pod, revision: 'web-a' });
      host.emit('Normal', 'SuccessfulCreate', 'replicaset/web-a', `Created pod: ${pod.name}`, undefined, pod);
    }
    host.schedule(60, () => {
      const failing: Record<string, ContainerScenario> = { web: { probes: { readiness: { failFrom: 0 } } } };
      const pod = host.createPod({
        name: 'web-b-0',
        template: this.pod,
        revision: 'web-b',
        containers: failing,
      });
      host.emit('Normal', 'SuccessfulCreate', 'replicaset/web-b', `Created pod: ${pod.name}`, undefined, pod);
    });
    host.schedule(150, () => {
      this.stalledAt = host.now;
      host.emit(
        'Warning',
        'ProgressDeadlineExceeded',
        'deployment/web',
        'Deployment "web" has timed out progressing.',
        'No new pod became available within progressDeadlineSeconds (90).',
      );
    });
  }
  podChanged(_host: WorkloadHost, _pod: HostedPod): void {}
  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const live = host.livePods();
    const ready = live.filter(isReadyEndpoint).length;
    const updated = live.filter((pod) => pod.revision === 'web-b').length;
    const progressing: WorkloadCondition =
      this.stalledAt === null
        ? {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: null,
            lastTransitionTime: 0,
          }
        : {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-b" has timed out progressing.',
            lastTransitionTime: this.stalledAt,
            explanation: 'No new pod became available within progressDeadlineSeconds (90).',
          };
    return {
      status: { replicas: live.length, readyReplicas: ready, updatedReplicas: updated },
      columns: { READY: `${ready}/2`, 'UP-TO-DATE': String(updated), AVAILABLE: String(ready) },
      conditions: [
        {
          type: 'Available',
          status: ready >= 2 ? 'True' : 'False',
          reason: ready >= 2 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
          message: null,
          lastTransitionTime: 0,
        },
        progressing,
      ],
    };
  }
}

/** A Deployment "web" whose update stalls: its new pod is never ready, the endpoints hold at 2. */
export function stalledRollout(): WorkloadSimulationResult {
  const host = new WorkloadHost(
    { kind: 'Deployment', name: 'web', namespace: 'default' },
    { nodes: 3, warnings: [] },
  );
  const controller = new ScriptedRollout();
  host.run(controller, 300);
  return host.result(controller, 300);
}
