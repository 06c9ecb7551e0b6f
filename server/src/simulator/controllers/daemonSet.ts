import { isJsonObject, type JsonObject } from '../../common/guards';
import { nodeMonitorGracePeriodSeconds } from '../cluster';
import type { WorkloadSnapshot } from '../types';
import type {
  ControllerContext,
  HostedPod,
  SimulatedNode,
  WorkloadController,
  WorkloadHost,
} from '../workloadHost';
import {
  integerAt,
  intOrPercentAt,
  type IntOrPercent,
  isPodAvailable,
  isPodReady,
  nameSuffix,
  objectAt,
  phaseOf,
  revisionsOf,
  scaledValue,
  SyncQueue,
  type TemplateRevision,
  type WorkloadChange,
  scheduleChanges,
} from './shared';

/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go manage and
 * podsShouldBeOnNode, update.go rollingUpdate, updateDaemonSetStatus): one pod on every node that
 * should run one, bound there (the controller sets node affinity to the node; the scheduler binds
 * it). Its pods tolerate `node.kubernetes.io/unreachable:NoExecute` for ever
 * (util/daemonset_util.go AddOrUpdateDaemonPodTolerations; podSpec.ts reads it from the template),
 * so a lost node's pod is never evicted; but a node tainted unreachable (NoSchedule too) no longer
 * should run one: it leaves desiredNumberScheduled and gets no new pod. A rolling update replaces
 * at most maxUnavailable pods at a time (the new pod once the old one is gone), or with maxSurge
 * starts the new pod beside the old one and deletes the old one once the new one is available.
 *
 * Simplified: no informer latency; the source walks the nodes in Go map order (random), the
 * simulation in node order; pod names and the revision hash are deterministic stand-ins.
 */

const unreachableTaintKey = 'node.kubernetes.io/unreachable';

interface DaemonSetSpec {
  rolling: boolean;
  maxUnavailable: IntOrPercent;
  maxSurge: IntOrPercent;
  minReadySeconds: number;
  /** The template tolerates the unreachable NoSchedule taint: it still should run on such a node. */
  toleratesUnreachableNoSchedule: boolean;
}

function readSpec(raw: JsonObject | undefined, podSpec: unknown): DaemonSetSpec {
  const strategy = objectAt(raw, 'updateStrategy');
  const rolling = objectAt(strategy, 'rollingUpdate');
  const tolerations = isJsonObject(podSpec) && Array.isArray(podSpec.tolerations) ? podSpec.tolerations : [];
  return {
    // SetDefaults_DaemonSet: RollingUpdate, maxUnavailable 1, maxSurge 0.
    rolling: strategy?.type !== 'OnDelete',
    maxUnavailable: intOrPercentAt(rolling, 'maxUnavailable', 1),
    maxSurge: intOrPercentAt(rolling, 'maxSurge', 0),
    minReadySeconds: integerAt(raw, 'minReadySeconds', 0),
    // v1.Toleration.ToleratesTaint for node.kubernetes.io/unreachable:NoSchedule.
    toleratesUnreachableNoSchedule: tolerations.some((toleration) => {
      if (!isJsonObject(toleration)) {
        return false;
      }
      const { key, effect, operator, value } = toleration;
      const keyMatches =
        key === undefined || key === null || key === '' ? operator === 'Exists' : key === unreachableTaintKey;
      const effectMatches =
        effect === undefined || effect === null || effect === '' || effect === 'NoSchedule';
      const valueMatches = operator === 'Exists' || !value;
      return keyMatches && effectMatches && valueMatches;
    }),
  };
}

interface DaemonPod {
  pod: HostedPod;
  revision: TemplateRevision;
}

export function daemonSetController(context: ControllerContext): WorkloadController {
  return new DaemonSetController(context);
}

class DaemonSetController implements WorkloadController {
  private readonly spec: DaemonSetSpec;
  private revision: TemplateRevision;
  private readonly changes: WorkloadChange[];
  private readonly name: string;
  private readonly pods: DaemonPod[] = [];
  /** Lost nodes whose taint has been noted. */
  private readonly notedTainted = new Set<SimulatedNode>();
  private created = 0;
  private queue: SyncQueue | undefined;
  private written: Record<string, number> = {
    desiredNumberScheduled: 0,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
    updatedNumberScheduled: 0,
  };

  constructor(context: ControllerContext) {
    this.name = context.input.name;
    this.spec = readSpec(
      isJsonObject(context.input.spec) ? context.input.spec : undefined,
      context.input.podSpec,
    );
    const { first, changes } = revisionsOf(this.name, context.template, context.scenario, context.warnings);
    this.revision = first;
    this.changes = changes;
    if (changes.some((change) => change.replicas !== null)) {
      context.warnings.push(
        'scenario: a DaemonSet has no replicas (one pod per node): update.replicas is ignored',
      );
    }
  }

  start(host: WorkloadHost): void {
    const queue = (this.queue = new SyncQueue(host, () => this.sync(host)));
    scheduleChanges(host, this.changes, queue, {
      revision: (revision) => {
        this.revision = revision;
        return (
          `the pod template changes (controller-revision-hash ${revision.hash}).` +
          (this.spec.rolling
            ? ' The DaemonSet controller replaces the pods node by node within maxUnavailable and maxSurge.'
            : ' updateStrategy is OnDelete: a node gets the new revision only when its pod is deleted.')
        );
      },
    });
    this.sync(host);
  }

  podChanged(host: WorkloadHost): void {
    this.queue?.request(host.now);
  }

  status(): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const status = this.written;
    return {
      status: { ...status },
      // kubectl get daemonset: DESIRED CURRENT READY UP-TO-DATE AVAILABLE (printers.go printDaemonSet).
      columns: {
        DESIRED: String(status.desiredNumberScheduled),
        CURRENT: String(status.currentNumberScheduled),
        READY: String(status.numberReady),
        'UP-TO-DATE': String(status.updatedNumberScheduled),
        AVAILABLE: String(status.numberAvailable),
      },
      conditions: [],
    };
  }

  /**
   * NodeShouldRunDaemonPod: a node tainted unreachable (NoSchedule and NoExecute) should not get a
   * new daemon pod unless the template tolerates NoSchedule; its pod should continue running
   * (the pod tolerates the NoExecute taint).
   */
  private shouldRun(host: WorkloadHost, node: SimulatedNode): boolean {
    return host.schedulable(node) || this.spec.toleratesUnreachableNoSchedule;
  }

  /** The pod objects on a node (getNodesToDaemonPods: terminating ones too, until removed). */
  private podsOn(node: SimulatedNode): DaemonPod[] {
    return this.pods.filter((entry) => entry.pod.node === node && !entry.pod.state.finished);
  }

  private sync(host: WorkloadHost): void {
    this.manage(host);
    if (this.spec.rolling) {
      this.rollingUpdate(host);
    }
    this.updateStatus(host);
    // A lost node is tainted node-monitor-grace-period later: look again then.
    for (const node of host.nodes) {
      if (node.lostAt !== null && host.schedulable(node)) {
        this.queue?.request(node.lostAt + nodeMonitorGracePeriodSeconds);
      } else if (
        node.lostAt !== null &&
        !this.notedTainted.has(node) &&
        !this.spec.toleratesUnreachableNoSchedule
      ) {
        this.notedTainted.add(node);
        host.notes.push(
          `t=${host.now}: ${node.name} is tainted node.kubernetes.io/unreachable (NoSchedule and NoExecute). The DaemonSet's pod there tolerates the NoExecute taint for ever, so it is never evicted; but the node no longer should run a daemon pod (NodeShouldRunDaemonPod: the NoSchedule taint is not tolerated), so it leaves desiredNumberScheduled and its pod counts as misscheduled until the node reports again.`,
        );
      }
    }
  }

  /** manage with podsShouldBeOnNode. */
  private manage(host: WorkloadHost): void {
    const now = host.now;
    for (const node of host.nodes) {
      const shouldRun = this.shouldRun(host, node);
      const onNode = this.podsOn(node);
      if (shouldRun && onNode.length === 0) {
        this.createPod(host, node);
        continue;
      }
      const running: DaemonPod[] = [];
      for (const entry of onNode) {
        if (entry.pod.state.deleting) {
          continue;
        }
        const phase = phaseOf(entry.pod);
        if (phase === 'Failed') {
          host.emit(
            'Warning',
            'FailedDaemonPod',
            `daemonset/${this.name}`,
            `Found failed daemon pod ${host.workload.namespace}/${entry.pod.name} on node ${node.name}, will try to kill it`,
          );
          this.deletePod(host, entry);
        } else if (phase === 'Succeeded') {
          this.deletePod(host, entry);
        } else {
          running.push(entry);
        }
      }
      const surge = this.maxSurgeConfigured();
      if (!surge) {
        // Without surge, more than one pod on a node: all but the oldest go.
        for (const entry of running.slice(1)) {
          this.deletePod(host, entry);
        }
        continue;
      }
      if (running.length === 0) {
        if (shouldRun) {
          this.createPod(host, node);
        }
        continue;
      }
      if (running.length === 1) {
        continue;
      }
      // With surge: keep the oldest new pod and the oldest old pod only while the new one is not
      // available and the old one is ready.
      const oldestNew = running.find((entry) => entry.revision === this.revision);
      const oldestOld = running.find((entry) => entry.revision !== this.revision);
      for (const entry of running) {
        if (entry !== oldestNew && entry !== oldestOld) {
          this.deletePod(host, entry);
        }
      }
      if (oldestNew && oldestOld) {
        if (!isPodReady(oldestOld.pod) || isPodAvailable(oldestNew.pod, this.spec.minReadySeconds, now)) {
          this.deletePod(host, oldestOld);
        }
      }
    }
  }

  /** util.AllowsSurge: a RollingUpdate with a maxSurge that is not 0. */
  private maxSurgeConfigured(): boolean {
    return this.spec.rolling && scaledValue(this.spec.maxSurge, 100, true) > 0;
  }

  /**
   * update.go rollingUpdate with updatedDesiredNodeCounts: maxUnavailable and maxSurge against the
   * nodes that should run a pod, both rounded up (util.UnavailableCount, SurgeCount); both 0 gives
   * maxUnavailable 1.
   */
  private rollingUpdate(host: WorkloadHost): void {
    const now = host.now;
    const nodes = host.nodes.filter((node) => this.shouldRun(host, node) || this.podsOn(node).length > 0);
    const desired = host.nodes.filter((node) => this.shouldRun(host, node)).length;
    let maxUnavailable = scaledValue(this.spec.maxUnavailable, desired, true);
    const maxSurge = scaledValue(this.spec.maxSurge, desired, true);
    if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) {
      maxUnavailable = 1;
    }
    const available = (entry: DaemonPod): boolean =>
      isPodAvailable(entry.pod, this.spec.minReadySeconds, now);
    if (maxSurge === 0) {
      let unavailable = 0;
      const replacements: DaemonPod[] = [];
      const candidates: DaemonPod[] = [];
      for (const node of nodes) {
        const split = this.newAndOld(node);
        if (!split) {
          unavailable++;
          continue;
        }
        const { newPod, oldPod } = split;
        if ((!oldPod && !newPod) || (oldPod && newPod)) {
          unavailable++;
        } else if (newPod) {
          if (!available(newPod)) {
            unavailable++;
          }
        } else if (oldPod) {
          if (!available(oldPod)) {
            replacements.push(oldPod);
            unavailable++;
          } else if (unavailable < maxUnavailable) {
            candidates.push(oldPod);
          }
        }
      }
      const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
      for (const entry of [...replacements, ...candidates.slice(0, remaining)]) {
        this.deletePod(
          host,
          entry,
          `Rolling update: at most maxUnavailable (${maxUnavailable}) nodes without an available pod; the new pod is created once this one is gone.`,
        );
      }
      return;
    }
    let surged = 0;
    const allowedNew: SimulatedNode[] = [];
    const candidateNew: SimulatedNode[] = [];
    const toDelete: DaemonPod[] = [];
    for (const node of nodes) {
      const split = this.newAndOld(node);
      if (!split) {
        surged++;
        continue;
      }
      const { newPod, oldPod } = split;
      if (!oldPod) {
        continue;
      }
      if (!newPod) {
        if (!available(oldPod)) {
          if (!this.shouldRun(host, node)) {
            toDelete.push(oldPod);
          } else {
            allowedNew.push(node);
          }
        } else if (this.shouldRun(host, node) && surged < maxSurge) {
          candidateNew.push(node);
        }
        continue;
      }
      if (!available(newPod)) {
        surged++;
        continue;
      }
      toDelete.push(oldPod);
    }
    const remaining = Math.min(Math.max(0, maxSurge - surged), candidateNew.length);
    for (const entry of toDelete) {
      this.deletePod(
        host,
        entry,
        'Rolling update with maxSurge: the new pod on this node is available, so the old one goes.',
      );
    }
    for (const node of [...allowedNew, ...candidateNew.slice(0, remaining)]) {
      this.createPod(host, node);
    }
  }

  /** findUpdatedPodsOnNode: the node's one new and one old pod (not terminating); null when it has more. */
  private newAndOld(node: SimulatedNode): { newPod: DaemonPod | null; oldPod: DaemonPod | null } | null {
    let newPod: DaemonPod | null = null;
    let oldPod: DaemonPod | null = null;
    for (const entry of this.podsOn(node)) {
      if (entry.pod.state.deleting) {
        continue;
      }
      if (entry.revision === this.revision) {
        if (newPod) {
          return null;
        }
        newPod = entry;
      } else {
        if (oldPod) {
          return null;
        }
        oldPod = entry;
      }
    }
    return { newPod, oldPod };
  }

  private createPod(host: WorkloadHost, node: SimulatedNode): void {
    const name = `${this.name}-${nameSuffix(this.name, this.created++)}`;
    const pod = host.createPod({
      name,
      template: this.revision.template,
      ...(this.revision.containers ? { containers: this.revision.containers } : {}),
      revision: `${this.name}-${this.revision.hash}`,
      labels: { 'controller-revision-hash': this.revision.hash },
      node: node.name,
    });
    this.pods.push({ pod, revision: this.revision });
    host.emit(
      'Normal',
      'SuccessfulCreate',
      `daemonset/${this.name}`,
      `Created pod: ${name}`,
      `One daemon pod on ${node.name}: the controller sets node affinity to the node and the scheduler binds the pod there.`,
      pod,
    );
  }

  private deletePod(host: WorkloadHost, entry: DaemonPod, explanation?: string): void {
    host.deletePod(entry.pod);
    host.emit(
      'Normal',
      'SuccessfulDelete',
      `daemonset/${this.name}`,
      `Deleted pod: ${entry.pod.name}`,
      explanation,
      entry.pod,
    );
  }

  /**
   * updateDaemonSetStatus: over the nodes that should run a pod, whether one is there (the oldest
   * counts for ready, available and updated); a pod on a node that should not run one is
   * misscheduled. Looks again after minReadySeconds while some ready pod is not yet available.
   */
  private updateStatus(host: WorkloadHost): void {
    const now = host.now;
    let desired = 0;
    let current = 0;
    let misscheduled = 0;
    let ready = 0;
    let availableCount = 0;
    let updated = 0;
    for (const node of host.nodes) {
      const onNode = this.podsOn(node);
      if (!this.shouldRun(host, node)) {
        if (onNode.length > 0) {
          misscheduled++;
        }
        continue;
      }
      desired++;
      const oldest = onNode[0];
      if (!oldest) {
        continue;
      }
      current++;
      if (isPodReady(oldest.pod)) {
        ready++;
        if (isPodAvailable(oldest.pod, this.spec.minReadySeconds, now)) {
          availableCount++;
        } else {
          const since = oldest.pod.state.conditionSince.get('Ready')?.since;
          if (since !== undefined) {
            this.queue?.request(since + this.spec.minReadySeconds);
          }
        }
      }
      if (oldest.revision === this.revision) {
        updated++;
      }
    }
    this.written = {
      desiredNumberScheduled: desired,
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      numberAvailable: availableCount,
      numberUnavailable: desired - availableCount,
      updatedNumberScheduled: updated,
    };
  }
}
