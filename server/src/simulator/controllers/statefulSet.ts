import { isJsonObject, type JsonObject } from '../../common/guards';
import type { WorkloadSnapshot } from '../types';
import type { ControllerContext, HostedPod, WorkloadController, WorkloadHost } from '../workloadHost';
import {
  integerAt,
  intOrPercentAt,
  type IntOrPercent,
  isPodAvailable,
  isPodReady,
  objectAt,
  phaseOf,
  replicasAt,
  revisionsOf,
  scaledValue,
  SyncQueue,
  type TemplateRevision,
  type WorkloadChange,
  scheduleChanges,
} from './shared';

/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
 * updateStatefulSet, with stateful_set_utils.go): one pod per ordinal, named `<set>-<ordinal>`.
 * With podManagementPolicy OrderedReady it creates ordinal n+1 only once every lower ordinal is
 * Running and available (Ready for minReadySeconds), and scales down from the highest ordinal one
 * at a time; Parallel creates and deletes them all at once. A pod is replaced under the same name
 * only once the old pod object is gone: a pod stuck Terminating (on a lost node) is never
 * replaced. Updates go from the highest ordinal down to `partition`, at most `maxUnavailable` at a
 * time (RollingUpdate), or only when the user deletes a pod (OnDelete).
 *
 * maxUnavailable (feature gate MaxUnavailableStatefulSet, KEP-961): alpha and off by default from
 * 1.24 to 1.34, beta and on by default since 1.35. The simulation follows 1.35 and later
 * (updateStatefulSetAfterInvariantEstablished); on 1.33 and 1.34 without the gate the field is
 * ignored, as if it were 1.
 *
 * Simplified: no informer latency; controller revision hashes are deterministic stand-ins; no
 * PersistentVolumeClaims.
 */

interface StatefulSetSpec {
  replicas: number;
  parallel: boolean;
  onDelete: boolean;
  partition: number;
  maxUnavailable: IntOrPercent;
  minReadySeconds: number;
  startOrdinal: number;
}

function readSpec(raw: JsonObject | undefined, warnings: string[]): StatefulSetSpec {
  const strategy = objectAt(raw, 'updateStrategy');
  const rolling = objectAt(strategy, 'rollingUpdate');
  return {
    replicas: replicasAt(raw, warnings),
    // SetDefaults_StatefulSet: OrderedReady, RollingUpdate with partition 0.
    parallel: raw?.podManagementPolicy === 'Parallel',
    onDelete: strategy?.type === 'OnDelete',
    partition: integerAt(rolling, 'partition', 0),
    maxUnavailable: intOrPercentAt(rolling, 'maxUnavailable', 1),
    minReadySeconds: integerAt(raw, 'minReadySeconds', 0),
    // spec.ordinals.start (StatefulSetStartOrdinal, GA in 1.31).
    startOrdinal: integerAt(objectAt(raw, 'ordinals'), 'start', 0),
  };
}

/** A pod's ordinal and revision, as its labels say. */
interface OrdinalPod {
  pod: HostedPod;
  ordinal: number;
  /** The controller revision it was created from. */
  revision: TemplateRevision;
}

export function statefulSetController(context: ControllerContext): WorkloadController {
  return new StatefulSetController(context);
}

class StatefulSetController implements WorkloadController {
  private readonly spec: StatefulSetSpec;
  private updateRevision: TemplateRevision;
  private currentRevision: TemplateRevision;
  private readonly changes: WorkloadChange[];
  private readonly name: string;
  /** Pod objects that exist (not yet removed), by ordinal. */
  private readonly byOrdinal = new Map<number, OrdinalPod>();
  /** Pods stuck Terminating on a lost node, once noted. */
  private readonly notedStuck = new Set<HostedPod>();
  private queue: SyncQueue | undefined;
  private written: Record<string, number> = {
    replicas: 0,
    readyReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    availableReplicas: 0,
  };

  constructor(context: ControllerContext) {
    this.name = context.input.name;
    this.spec = readSpec(isJsonObject(context.input.spec) ? context.input.spec : undefined, context.warnings);
    const { first, changes } = revisionsOf(this.name, context.template, context.scenario, context.warnings);
    this.updateRevision = first;
    this.currentRevision = first;
    this.changes = changes;
  }

  start(host: WorkloadHost): void {
    const queue = (this.queue = new SyncQueue(host, () => this.sync(host)));
    scheduleChanges(host, this.changes, queue, {
      revision: (revision) => {
        this.updateRevision = revision;
        return (
          `the pod template changes: update revision ${this.revisionName(revision)}.` +
          (this.spec.onDelete
            ? ' updateStrategy is OnDelete: a pod takes the new revision only when it is deleted and created again.'
            : ` The controller replaces the pods from the highest ordinal down to partition ${this.spec.partition}.`)
        );
      },
      replicas: (replicas) => {
        this.spec.replicas = replicas;
        host.notes.push(`t=${host.now}: spec.replicas becomes ${replicas}.`);
      },
    });
    this.sync(host);
  }

  podChanged(host: WorkloadHost): void {
    this.queue?.request(host.now);
  }

  /** Forgets the pods whose objects the API server has removed: their names are free again. */
  private forgetRemoved(): void {
    for (const [ordinal, entry] of this.byOrdinal) {
      if (entry.pod.state.finished) {
        this.byOrdinal.delete(ordinal);
      }
    }
  }

  status(): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    return {
      status: { ...this.written },
      // kubectl get statefulset: READY (readyReplicas/spec.replicas) (printers.go printStatefulSet).
      columns: { READY: `${this.written.readyReplicas}/${this.spec.replicas}` },
      conditions: [],
      revisions: {
        currentRevision: this.revisionName(this.currentRevision),
        updateRevision: this.revisionName(this.updateRevision),
      },
    };
  }

  /** A controller revision's name: `<set>-<hash>` (history.ControllerRevisionName). */
  private revisionName(revision: TemplateRevision): string {
    return `${this.name}-${revision.hash}`;
  }

  private get end(): number {
    return this.spec.startOrdinal + this.spec.replicas - 1;
  }

  private inRange(ordinal: number): boolean {
    return ordinal >= this.spec.startOrdinal && ordinal <= this.end;
  }

  /** isRunningAndReady */
  private runningAndReady(pod: HostedPod): boolean {
    return phaseOf(pod) === 'Running' && isPodReady(pod);
  }

  /** isRunningAndAvailable */
  private runningAndAvailable(pod: HostedPod, now: number): boolean {
    return phaseOf(pod) === 'Running' && isPodAvailable(pod, this.spec.minReadySeconds, now);
  }

  /** isHealthy: running, ready and not terminating. */
  private healthy(pod: HostedPod): boolean {
    return this.runningAndReady(pod) && !pod.state.deleting;
  }

  /**
   * updateStatefulSet: the replicas in ordinal order (creating a missing one), then the condemned
   * (ordinals beyond the range) from the highest down, then the rolling update; and the status.
   */
  private sync(host: WorkloadHost): void {
    const now = host.now;
    this.forgetRemoved();
    const monotonic = !this.spec.parallel;
    let blocked = false;
    // processReplica, in ordinal order; in monotonic mode the first that is not ready stops the rest.
    for (let ordinal = this.spec.startOrdinal; ordinal <= this.end && !blocked; ordinal++) {
      blocked = this.processReplica(host, ordinal, monotonic) && monotonic;
    }
    if (!blocked) {
      const condemned = [...this.byOrdinal.values()]
        .filter((entry) => !this.inRange(entry.ordinal))
        .sort((a, b) => b.ordinal - a.ordinal);
      const firstUnhealthy = this.firstUnhealthy(condemned);
      for (const entry of condemned) {
        if (this.processCondemned(host, entry, firstUnhealthy, monotonic) && monotonic) {
          blocked = true;
          break;
        }
      }
    }
    if (!blocked && !this.spec.onDelete) {
      this.rollingUpdate(host);
    }
    this.updateStatus(now);
    if (this.spec.minReadySeconds > 0 && this.written.availableReplicas !== this.spec.replicas) {
      // stateful_set.go sync: look again after minReadySeconds to count the pods available.
      for (const entry of this.byOrdinal.values()) {
        const ready = entry.pod.state.conditionSince.get('Ready');
        if (ready?.status === 'True' && ready.since + this.spec.minReadySeconds > now) {
          this.queue?.request(ready.since + this.spec.minReadySeconds);
        }
      }
    }
  }

  /** The first unhealthy pod: among the replicas in ordinal order, else among the condemned from the lowest. */
  private firstUnhealthy(condemned: readonly OrdinalPod[]): HostedPod | undefined {
    for (let ordinal = this.spec.startOrdinal; ordinal <= this.end; ordinal++) {
      const entry = this.byOrdinal.get(ordinal);
      if (!entry || !this.healthy(entry.pod)) {
        return entry?.pod;
      }
    }
    return [...condemned].reverse().find((entry) => !this.healthy(entry.pod))?.pod;
  }

  /** processReplica: returns whether the sync must stop here (in monotonic mode). */
  private processReplica(host: WorkloadHost, ordinal: number, monotonic: boolean): boolean {
    const entry = this.byOrdinal.get(ordinal);
    if (entry) {
      const phase = phaseOf(entry.pod);
      if (phase === 'Failed' || phase === 'Succeeded') {
        // A finished pod is deleted; its replacement comes once the object is gone.
        if (!entry.pod.state.deleting) {
          this.deletePod(
            host,
            entry,
            `The pod has finished (${phase}): the StatefulSet controller deletes it and creates it again once it is gone.`,
          );
        }
        return true;
      }
    } else {
      this.createPod(host, ordinal);
      return monotonic;
    }
    if (entry.pod.state.deleting) {
      // "StatefulSet is waiting for Pod to Terminate": the same name cannot be reused before.
      const node = entry.pod.node;
      if (node && node.lostAt !== null && !this.notedStuck.has(entry.pod)) {
        this.notedStuck.add(entry.pod);
        host.notes.push(
          `t=${host.now}: ${entry.pod.name} is being deleted on ${node.name}, which does not report: its kubelet cannot stop it, so the object stays (Terminating). The StatefulSet controller creates ${entry.pod.name} again only once the object is gone (the name is its identity): until ${node.name} returns, the Node object is deleted, or someone force-deletes the pod, ordinal ${ordinal} has no pod.`,
        );
      }
      return monotonic;
    }
    if (!this.runningAndAvailable(entry.pod, host.now)) {
      return monotonic;
    }
    return false;
  }

  /** processCondemned: scale down, from the highest ordinal. */
  private processCondemned(
    host: WorkloadHost,
    entry: OrdinalPod,
    firstUnhealthy: HostedPod | undefined,
    monotonic: boolean,
  ): boolean {
    if (entry.pod.state.deleting) {
      return monotonic;
    }
    if (monotonic && !this.runningAndAvailable(entry.pod, host.now) && entry.pod !== firstUnhealthy) {
      return true;
    }
    this.deletePod(
      host,
      entry,
      `Scale down: ordinal ${entry.ordinal} is beyond the replicas (${this.spec.replicas}); the highest ordinal goes first.`,
    );
    return true;
  }

  /**
   * updateStatefulSetAfterInvariantEstablished (1.35+): count the unavailable replicas (not
   * Running and available, or terminating); while fewer than maxUnavailable (rounded down, at
   * least 1), delete the pods of an old revision from the highest ordinal down to partition.
   */
  private rollingUpdate(host: WorkloadHost): void {
    const now = host.now;
    const maxUnavailable = Math.max(1, scaledValue(this.spec.maxUnavailable, this.spec.replicas, false));
    let unavailable = 0;
    for (let ordinal = this.spec.startOrdinal; ordinal <= this.end; ordinal++) {
      const entry = this.byOrdinal.get(ordinal);
      if (!entry || entry.pod.state.deleting || !this.runningAndAvailable(entry.pod, now)) {
        unavailable++;
      }
    }
    if (unavailable >= maxUnavailable) {
      return;
    }
    let toDelete = maxUnavailable - unavailable;
    for (
      let ordinal = this.end;
      ordinal >= this.spec.startOrdinal + this.spec.partition && toDelete > 0;
      ordinal--
    ) {
      const entry = this.byOrdinal.get(ordinal);
      if (entry && entry.revision !== this.updateRevision && !entry.pod.state.deleting) {
        this.deletePod(
          host,
          entry,
          `Rolling update: ${entry.pod.name} runs revision ${this.revisionName(entry.revision)}, not the update revision ${this.revisionName(this.updateRevision)}; the controller deletes it and creates it again under the same name once it is gone.`,
        );
        toDelete--;
      }
    }
  }

  /**
   * newVersionedStatefulSetPod: below the partition a pod is created at the current revision,
   * from it upwards at the update revision (OnDelete: always the update revision).
   */
  private createPod(host: WorkloadHost, ordinal: number): void {
    const belowPartition = !this.spec.onDelete && ordinal < this.spec.startOrdinal + this.spec.partition;
    const revision = belowPartition ? this.currentRevision : this.updateRevision;
    const name = `${this.name}-${ordinal}`;
    const pod = host.createPod({
      name,
      template: revision.template,
      ...(revision.containers ? { containers: revision.containers } : {}),
      revision: this.revisionName(revision),
      index: ordinal,
      labels: {
        'controller-revision-hash': this.revisionName(revision),
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ordinal),
      },
    });
    this.byOrdinal.set(ordinal, { pod, ordinal, revision });
    // stateful_pod_control.go recordPodEvent.
    host.emit(
      'Normal',
      'SuccessfulCreate',
      `statefulset/${this.name}`,
      `create Pod ${name} in StatefulSet ${this.name} successful`,
      undefined,
      pod,
    );
  }

  private deletePod(host: WorkloadHost, entry: OrdinalPod, explanation: string): void {
    host.deletePod(entry.pod);
    host.emit(
      'Normal',
      'SuccessfulDelete',
      `statefulset/${this.name}`,
      `delete Pod ${entry.pod.name} in StatefulSet ${this.name} successful`,
      explanation,
      entry.pod,
    );
  }

  /**
   * updateStatus / computeReplicaStatus: replicas counts every pod object (terminating ones
   * too); current and updated count those not terminating by revision. completeRollingUpdate: once
   * every replica is updated and ready, the update revision becomes the current one.
   */
  private updateStatus(now: number): void {
    let replicas = 0;
    let readyReplicas = 0;
    let availableReplicas = 0;
    let currentReplicas = 0;
    let updatedReplicas = 0;
    for (const entry of this.byOrdinal.values()) {
      replicas++;
      if (this.runningAndReady(entry.pod)) {
        readyReplicas++;
        if (this.runningAndAvailable(entry.pod, now)) {
          availableReplicas++;
        }
      }
      if (!entry.pod.state.deleting) {
        if (entry.revision === this.currentRevision) {
          currentReplicas++;
        }
        if (entry.revision === this.updateRevision) {
          updatedReplicas++;
        }
      }
    }
    if (
      !this.spec.onDelete &&
      updatedReplicas === replicas &&
      readyReplicas === replicas &&
      this.currentRevision !== this.updateRevision
    ) {
      this.currentRevision = this.updateRevision;
      currentReplicas = updatedReplicas;
    }
    this.written = { replicas, readyReplicas, currentReplicas, updatedReplicas, availableReplicas };
  }
}
