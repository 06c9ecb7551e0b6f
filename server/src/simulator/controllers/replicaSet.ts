import { isJsonObject } from '../../common/guards';
import type { WorkloadSnapshot } from '../types';
import type { ControllerContext, HostedPod, WorkloadController, WorkloadHost } from '../workloadHost';
import {
  integerAt,
  isPodActive,
  isPodAvailable,
  isPodReady,
  maxRestarts,
  nameSuffix,
  phaseOf,
  readySince,
  replicasAt,
  revisionsOf,
  SyncQueue,
  type TemplateRevision,
  scheduleChanges,
} from './shared';

/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps `spec.replicas`
 * active pods of its template, creating the missing ones and deleting the extra ones, the least
 * useful first. A Deployment drives ReplicaSets through their `replicas` (deployment.ts); a
 * ReplicaSet on its own is simulated by `replicaSetController`.
 */

/** A ReplicaSet as its controller and a Deployment's see it. */
export interface ReplicaSetObject {
  readonly name: string;
  /** The pod template it creates pods from (a Deployment's revision), and their behaviour. */
  template: TemplateRevision;
  /** spec.replicas */
  replicas: number;
  readonly minReadySeconds: number;
  readonly createdAt: number;
  /** The Deployment's revision annotation (deployment.kubernetes.io/revision). */
  readonly revision: number;
  /** Pods created so far, for their names. */
  created: number;
  /** Deleted by the Deployment's history cleanup. */
  deleted: boolean;
  /** Its pods, in creation order (every one it created, removed ones included). */
  readonly pods: HostedPod[];
  /** Pods stuck Terminating on a lost node that it has replaced, once noted. */
  readonly replacedStuck: Set<HostedPod>;
}

/** The ReplicaSet's status (replica_set_utils.go calculateStatus). */
export interface ReplicaSetStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/**
 * The most pods one sync creates or deletes (replica_set.go BurstReplicas). Creation goes in
 * slow-start batches of 1, 2, 4… (slowStartBatch), which only matters when a creation fails: the
 * simulated API server refuses none, so every batch goes through in the same instant.
 */
export const burstReplicas = 500;

/** The active pods of a ReplicaSet (controller.FilterActivePods). */
export function activePodsOf(set: ReplicaSetObject): HostedPod[] {
  return set.pods.filter(isPodActive);
}

/**
 * calculateStatus: over the active pods, how many are Ready, and how many have been Ready for
 * minReadySeconds (available).
 */
export function replicaSetStatus(set: ReplicaSetObject, now: number): ReplicaSetStatus {
  let readyReplicas = 0;
  let availableReplicas = 0;
  const active = activePodsOf(set);
  for (const pod of active) {
    if (isPodReady(pod)) {
      readyReplicas++;
      if (isPodAvailable(pod, set.minReadySeconds, now)) {
        availableReplicas++;
      }
    }
  }
  return { replicas: active.length, readyReplicas, availableReplicas };
}

/**
 * One sync of a ReplicaSet (syncReplicaSet, manageReplicas): creates or deletes the difference
 * between its active pods and `replicas`, recording SuccessfulCreate and SuccessfulDelete on the
 * ReplicaSet. `related` are the pods of every ReplicaSet of the same owner, for ranking the pods
 * to delete by how many share their node. Returns whether it created or deleted a pod.
 */
export function syncReplicaSet(
  host: WorkloadHost,
  set: ReplicaSetObject,
  related: readonly HostedPod[],
  requeue: (t: number) => void,
): boolean {
  const active = activePodsOf(set);
  const diff = active.length - set.replicas;
  let acted = false;
  if (diff < 0) {
    const stuck = set.pods.filter(
      (pod) =>
        pod.state.deleting &&
        !pod.state.finished &&
        pod.node !== null &&
        pod.node.lostAt !== null &&
        !set.replacedStuck.has(pod),
    );
    for (const pod of stuck) {
      set.replacedStuck.add(pod);
      host.notes.push(
        `t=${host.now}: ${pod.name} is being deleted on ${pod.node!.name}, which does not report, and stays Terminating there; the ReplicaSet counts only active pods, so it creates a replacement at once, on a node that reports.`,
      );
    }
    for (let n = 0; n < Math.min(-diff, burstReplicas); n++) {
      const name = `${set.name}-${nameSuffix(set.name, set.created++)}`;
      const pod = host.createPod({
        name,
        template: set.template.template,
        ...(set.template.containers ? { containers: set.template.containers } : {}),
        revision: set.name,
        labels: { 'pod-template-hash': set.template.hash },
      });
      set.pods.push(pod);
      host.emit(
        'Normal',
        'SuccessfulCreate',
        `replicaset/${set.name}`,
        `Created pod: ${name}`,
        undefined,
        pod,
      );
      acted = true;
    }
  } else if (diff > 0) {
    for (const pod of podsToDelete(active, related, Math.min(diff, burstReplicas), host.now)) {
      host.deletePod(pod);
      host.emit(
        'Normal',
        'SuccessfulDelete',
        `replicaset/${set.name}`,
        `Deleted pod: ${pod.name}`,
        'The ReplicaSet has more pods than its replicas: it deletes the least useful first (unscheduled, then pending, then not ready, then those sharing a node with more of their kind, then the most recently ready, the most restarted, the newest).',
        pod,
      );
      acted = true;
    }
  }
  // updatePod: a pod that has just become ready is looked at again minReadySeconds later, plus a
  // second "to avoid milliseconds skew in AddAfter", to count it available.
  if (set.minReadySeconds > 0) {
    for (const pod of activePodsOf(set)) {
      const since = readySince(pod);
      if (since !== null && isPodReady(pod) && !isPodAvailable(pod, set.minReadySeconds, host.now)) {
        requeue(since + set.minReadySeconds + 1);
      }
    }
  }
  return acted;
}

/** podPhaseToOrdinal in controller_utils.go: Pending < Unknown < Running. */
const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** floor(log2) of a duration in nanoseconds, -1 for none (controller_utils.go logarithmicRankDiff). */
function logarithmicRank(since: number, now: number): number {
  const nanoseconds = (now - since) * 1e9;
  return nanoseconds > 0 ? Math.floor(Math.log2(nanoseconds)) : -1;
}

/**
 * getPodsToDelete (replica_set.go) with getPodsRankedByRelatedPodsOnSameNode and
 * ActivePodsWithRanks.Less (pkg/controller/controller_utils.go), which deletes first: a pod not
 * yet scheduled; Pending before Unknown before Running; not ready before ready; (the
 * pod-deletion-cost annotation: the same for every pod of a template); on a node with more active
 * pods of the owner; ready more recently; more container restarts; created more recently. Ready
 * and creation times compare on a logarithmic scale (LogarithmicScaleDown, on by default since
 * 1.22); the source breaks the remaining ties by UID, which is random: the simulation takes the
 * newer pod first.
 */
export function podsToDelete(
  active: readonly HostedPod[],
  related: readonly HostedPod[],
  count: number,
  now: number,
): HostedPod[] {
  if (count >= active.length) {
    return [...active];
  }
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (isPodActive(pod) && pod.node) {
      onNode.set(pod.node.name, (onNode.get(pod.node.name) ?? 0) + 1);
    }
  }
  const rank = (pod: HostedPod): number => (pod.node ? (onNode.get(pod.node.name) ?? 0) : 0);
  const compare = (a: HostedPod, b: HostedPod): number => {
    if ((a.node === null) !== (b.node === null)) {
      return a.node === null ? -1 : 1;
    }
    const phaseA = phaseOrdinal[phaseOf(a)] ?? 2;
    const phaseB = phaseOrdinal[phaseOf(b)] ?? 2;
    if (phaseA !== phaseB) {
      return phaseA - phaseB;
    }
    const readyA = isPodReady(a);
    const readyB = isPodReady(b);
    if (readyA !== readyB) {
      return readyA ? 1 : -1;
    }
    if (rank(a) !== rank(b)) {
      return rank(b) - rank(a);
    }
    if (readyA && readyB) {
      const sinceA = readySince(a) ?? now;
      const sinceB = readySince(b) ?? now;
      if (sinceA !== sinceB) {
        const diff = logarithmicRank(sinceA, now) - logarithmicRank(sinceB, now);
        if (diff !== 0) {
          return diff;
        }
        return b.id - a.id;
      }
    }
    const restarts = maxRestarts(b) - maxRestarts(a);
    if (restarts !== 0) {
      return restarts;
    }
    if (a.createdAt !== b.createdAt) {
      const diff = logarithmicRank(a.createdAt, now) - logarithmicRank(b.createdAt, now);
      if (diff !== 0) {
        return diff;
      }
    }
    return b.id - a.id;
  };
  return [...active].sort(compare).slice(0, count);
}

/**
 * A ReplicaSet on its own: its pods, named `<replicaset>-<5 characters>`. A change of its template
 * (the scenario's update) does not touch the pods it has: only the pods it creates afterwards
 * (a replacement, a scale up) take the new template, as the ReplicaSet documentation says and
 * manageReplicas does (it compares counts, never templates).
 */
export function replicaSetController(context: ControllerContext): WorkloadController {
  return new ReplicaSetController(context);
}

class ReplicaSetController implements WorkloadController {
  private readonly set: ReplicaSetObject;
  private queue: SyncQueue | undefined;

  constructor(private readonly context: ControllerContext) {
    const spec = isJsonObject(context.input.spec) ? context.input.spec : undefined;
    const { first } = revisionsOf(context.input.name, context.template, context.scenario, context.warnings);
    this.set = {
      name: context.input.name,
      template: first,
      replicas: replicasAt(spec, context.warnings),
      minReadySeconds: integerAt(spec, 'minReadySeconds', 0),
      createdAt: 0,
      revision: 1,
      created: 0,
      deleted: false,
      pods: [],
      replacedStuck: new Set(),
    };
  }

  start(host: WorkloadHost): void {
    const queue = (this.queue = new SyncQueue(host, () => this.sync(host)));
    const { changes } = revisionsOf(
      this.context.input.name,
      this.context.template,
      this.context.scenario,
      [],
    );
    scheduleChanges(host, changes, queue, {
      revision: (revision) => {
        this.set.template = revision;
        return undefined;
      },
      replicas: (replicas) => {
        this.set.replicas = replicas;
      },
    });
    this.sync(host);
  }

  podChanged(): void {
    this.queue?.request();
  }

  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const status = replicaSetStatus(this.set, host.now);
    return {
      status: {
        replicas: status.replicas,
        readyReplicas: status.readyReplicas,
        availableReplicas: status.availableReplicas,
      },
      // kubectl get replicaset: DESIRED CURRENT READY (printers.go printReplicaSet).
      columns: {
        DESIRED: String(this.set.replicas),
        CURRENT: String(status.replicas),
        READY: String(status.readyReplicas),
      },
      conditions: [],
    };
  }

  private sync(host: WorkloadHost): void {
    syncReplicaSet(host, this.set, this.set.pods, (t) => this.queue?.request(t));
  }
}
