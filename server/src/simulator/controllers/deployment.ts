import { isJsonObject, type JsonObject } from '../../common/guards';
import type { WorkloadCondition, WorkloadSnapshot } from '../types';
import type { ControllerContext, WorkloadController, WorkloadHost } from '../workloadHost';
import {
  activePodsOf,
  replicaSetStatus,
  syncReplicaSet,
  type ReplicaSetObject,
  type ReplicaSetStatus,
} from './replicaSet';
import {
  integerAt,
  intOrPercentAt,
  type IntOrPercent,
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
 * The Deployment controller (pkg/controller/deployment): each version of the pod template gets a
 * ReplicaSet named `<deployment>-<pod-template-hash>`, and the controller moves replicas from the
 * old ReplicaSets to the new one, RollingUpdate (rolling.go) within maxSurge and maxUnavailable or
 * Recreate (recreate.go) all at once, then writes the status and the Available and Progressing
 * conditions (sync.go calculateStatus, progress.go syncRolloutStatus). The ReplicaSets' own
 * controller (replicaSet.ts) creates and deletes the pods.
 *
 * Simplified: no informer latency (the controllers see every change in the instant it happens);
 * pod-template-hash and pod names are deterministic stand-ins; a scale while two ReplicaSets have
 * pods is not spread proportionally (sync.go scale): the rollout absorbs it.
 */

/** spec.progressDeadlineSeconds's default (pkg/apis/apps/v1/defaults.go SetDefaults_Deployment). */
export const defaultProgressDeadlineSeconds = 600;
/** spec.revisionHistoryLimit's default (apps/v1). */
export const defaultRevisionHistoryLimit = 10;

interface DeploymentSpec {
  replicas: number;
  strategy: 'RollingUpdate' | 'Recreate';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  minReadySeconds: number;
  progressDeadlineSeconds: number;
  revisionHistoryLimit: number;
  paused: boolean;
}

/** The Deployment's status as its controller writes it. */
interface DeploymentStatus {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

interface Condition extends WorkloadCondition {
  lastUpdateTime: number;
}

/** The Deployment's spec with the API server's defaults (SetDefaults_Deployment). */
function readSpec(raw: JsonObject | undefined, warnings: string[]): DeploymentSpec {
  const strategy = objectAt(raw, 'strategy');
  const type = strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
  const rolling = objectAt(strategy, 'rollingUpdate');
  let maxSurge = intOrPercentAt(rolling, 'maxSurge', '25%');
  let maxUnavailable = intOrPercentAt(rolling, 'maxUnavailable', '25%');
  if (
    type === 'RollingUpdate' &&
    scaledValue(maxSurge, 100, true) === 0 &&
    scaledValue(maxUnavailable, 100, false) === 0
  ) {
    // ValidateRollingUpdateDeployment: "may not be 0 when maxSurge is 0".
    warnings.push(
      'strategy.rollingUpdate: maxSurge and maxUnavailable are both 0, which the API server rejects; simulated with the defaults (25%, 25%)',
    );
    maxSurge = '25%';
    maxUnavailable = '25%';
  }
  return {
    replicas: replicasAt(raw, warnings),
    strategy: type,
    maxSurge,
    maxUnavailable,
    minReadySeconds: integerAt(raw, 'minReadySeconds', 0),
    progressDeadlineSeconds: integerAt(raw, 'progressDeadlineSeconds', defaultProgressDeadlineSeconds, 1),
    revisionHistoryLimit: integerAt(raw, 'revisionHistoryLimit', defaultRevisionHistoryLimit),
    paused: raw?.paused === true,
  };
}

/**
 * ResolveFenceposts (deployment/util/deployment_util.go): maxSurge rounded up and maxUnavailable
 * rounded down against the desired replicas; when both come to 0, maxUnavailable is 1.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) {
    unavailable = 1;
  }
  return { surge, unavailable };
}

export function deploymentController(context: ControllerContext): WorkloadController {
  return new DeploymentController(context);
}

class DeploymentController implements WorkloadController {
  private readonly spec: DeploymentSpec;
  private template: TemplateRevision;
  private readonly changes: WorkloadChange[];
  private readonly replicaSets: ReplicaSetObject[] = [];
  private queue: SyncQueue | undefined;
  /** The status last written, and the conditions. */
  private written: DeploymentStatus = {
    replicas: 0,
    updatedReplicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    unavailableReplicas: 0,
  };
  private readonly conditions = new Map<string, Condition>();
  private readonly name: string;

  constructor(context: ControllerContext) {
    this.name = context.input.name;
    const raw = isJsonObject(context.input.spec) ? context.input.spec : undefined;
    this.spec = readSpec(raw, context.warnings);
    const { first, changes } = revisionsOf(this.name, context.template, context.scenario, context.warnings);
    this.template = first;
    this.changes = changes;
  }

  start(host: WorkloadHost): void {
    const queue = (this.queue = new SyncQueue(host, () => this.sync(host)));
    scheduleChanges(host, this.changes, queue, {
      revision: (revision) => {
        this.template = revision;
        return `the pod template changes (revision ${revision.number}: ${revision.template.containers.map((container) => `${container.name}=${container.image}`).join(', ')}); the Deployment controller starts a rollout.`;
      },
      replicas: (replicas) => {
        this.spec.replicas = replicas;
        host.notes.push(`t=${host.now}: spec.replicas becomes ${replicas}.`);
      },
    });
    if (this.spec.paused) {
      host.notes.push(
        'The Deployment is paused: the controller neither creates a ReplicaSet for a new template nor rolls one out until it is resumed (sync.go: a paused Deployment is only scaled).',
      );
    }
    this.sync(host);
  }

  podChanged(): void {
    this.queue?.request();
  }

  status(): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const status = this.written;
    return {
      status: { ...status },
      // kubectl get deployment: READY (ready/spec.replicas), UP-TO-DATE, AVAILABLE (printers.go printDeployment).
      columns: {
        READY: `${status.readyReplicas}/${this.spec.replicas}`,
        'UP-TO-DATE': String(status.updatedReplicas),
        AVAILABLE: String(status.availableReplicas),
      },
      conditions: ['Available', 'Progressing']
        .map((type) => this.conditions.get(type))
        .filter((condition): condition is Condition => condition !== undefined)
        .map((condition) => ({ ...condition })),
    };
  }

  // -------------------------------------------------------------------------------------------
  // The sync

  /**
   * One round of the controllers for the Deployment: the Deployment controller's sync, the
   * ReplicaSet controller's syncs that its scaling triggers, and again until nothing changes, as
   * their informers would make them do without latency; then the status.
   */
  private sync(host: WorkloadHost): void {
    for (let round = 0; round < 20; round++) {
      let acted = this.rollout(host);
      const related = this.replicaSets.flatMap((set) => set.pods);
      for (const set of this.replicaSets) {
        if (!set.deleted) {
          acted = syncReplicaSet(host, set, related, (t) => this.queue?.request(t)) || acted;
        }
      }
      const statusChanged = this.syncRolloutStatus(host);
      if (!acted && !statusChanged) {
        break;
      }
    }
  }

  private newReplicaSet(): ReplicaSetObject | undefined {
    return this.replicaSets.find((set) => !set.deleted && set.template === this.template);
  }

  private oldReplicaSets(): ReplicaSetObject[] {
    const current = this.newReplicaSet();
    return this.replicaSets.filter((set) => !set.deleted && set !== current);
  }

  private statusOf(set: ReplicaSetObject, now: number): ReplicaSetStatus {
    return replicaSetStatus(set, now);
  }

  /** deploymentutil.MaxSurge / MaxUnavailable (capped at replicas; 0 for Recreate). */
  private fenceposts(): { surge: number; unavailable: number } {
    if (this.spec.strategy !== 'RollingUpdate') {
      return { surge: 0, unavailable: 0 };
    }
    const { surge, unavailable } = resolveFenceposts(
      this.spec.maxSurge,
      this.spec.maxUnavailable,
      this.spec.replicas,
    );
    return { surge, unavailable: this.spec.replicas === 0 ? 0 : Math.min(unavailable, this.spec.replicas) };
  }

  /** The Deployment controller's part of one sync (sync.go syncDeployment). Returns whether it scaled. */
  private rollout(host: WorkloadHost): boolean {
    if (this.spec.paused) {
      // sync.go: a paused Deployment is only scaled (dc.sync), never rolled out; its new template
      // gets no ReplicaSet (getAllReplicaSetsAndSyncRevision without creating one).
      const active = this.replicaSets.filter((set) => !set.deleted && set.replicas > 0);
      const target = active.length === 1 ? active[0] : undefined;
      if (target && target.replicas !== this.spec.replicas) {
        return this.scale(host, target, this.spec.replicas);
      }
      return false;
    }
    if (this.isScalingEvent()) {
      // sync.go scale: with one active ReplicaSet, it takes the new count at once.
      const active = this.replicaSets.filter((set) => !set.deleted && set.replicas > 0);
      if (active.length === 1 && active[0]!.replicas !== this.spec.replicas) {
        return this.scale(host, active[0]!, this.spec.replicas);
      }
      if (active.length > 1) {
        host.warnings.push(
          `t=${host.now}: spec.replicas changes while ${active.length} ReplicaSets have replicas: the controller spreads the change over them in proportion (sync.go scale, getProportion); the simulation lets the rollout absorb it instead`,
        );
      }
    }
    const scaled = this.spec.strategy === 'Recreate' ? this.rolloutRecreate(host) : this.rolloutRolling(host);
    // The desired-replicas annotation of every active ReplicaSet follows spec.replicas.
    for (const set of this.replicaSets) {
      if (!set.deleted) {
        this.desiredReplicas.set(set, this.spec.replicas);
      }
    }
    return scaled;
  }

  /** isScalingEvent: an active ReplicaSet's desired-replicas annotation differs from spec.replicas. */
  private desiredReplicas = new Map<ReplicaSetObject, number>();
  private isScalingEvent(): boolean {
    return this.replicaSets.some(
      (set) => !set.deleted && set.replicas > 0 && this.desiredReplicas.get(set) !== this.spec.replicas,
    );
  }

  /** rolling.go rolloutRolling: scale the new ReplicaSet up, else the old ones down, else clean up. */
  private rolloutRolling(host: WorkloadHost): boolean {
    const newSet = this.newReplicaSet() ?? this.createReplicaSet(host);
    if (!newSet) {
      return false;
    }
    if (this.reconcileNewReplicaSet(host, newSet)) {
      return true;
    }
    if (this.reconcileOldReplicaSets(host, newSet)) {
      return true;
    }
    if (this.complete(this.written)) {
      this.cleanupDeployment(host);
    }
    return false;
  }

  /** rolling.go reconcileNewReplicaSet, with deploymentutil.NewRSNewReplicas. */
  private reconcileNewReplicaSet(host: WorkloadHost, newSet: ReplicaSetObject): boolean {
    const desired = this.spec.replicas;
    if (newSet.replicas === desired) {
      return false;
    }
    if (newSet.replicas > desired) {
      return this.scale(host, newSet, desired);
    }
    return this.scale(host, newSet, this.newReplicaSetReplicas(newSet));
  }

  /**
   * NewRSNewReplicas: for RollingUpdate, up to replicas + maxSurge pods counted by the ReplicaSets'
   * spec.replicas (pods being deleted are not counted), never beyond replicas; for Recreate, replicas.
   */
  private newReplicaSetReplicas(newSet: ReplicaSetObject): number {
    const desired = this.spec.replicas;
    if (this.spec.strategy === 'Recreate') {
      return desired;
    }
    const current = this.replicaSets
      .filter((set) => !set.deleted)
      .reduce((sum, set) => sum + set.replicas, 0);
    const maxTotal = desired + this.fenceposts().surge;
    if (current >= maxTotal) {
      return newSet.replicas;
    }
    return newSet.replicas + Math.max(0, Math.min(maxTotal - current, desired - newSet.replicas));
  }

  /**
   * rolling.go reconcileOldReplicaSets: scale old ReplicaSets down as far as maxUnavailable allows,
   * counting the new ReplicaSet's unavailable pods; unhealthy old replicas go first
   * (cleanupUnhealthyReplicas), then available ones down to replicas - maxUnavailable
   * (scaleDownOldReplicaSetsForRollingUpdate), oldest ReplicaSet first.
   */
  private reconcileOldReplicaSets(host: WorkloadHost, newSet: ReplicaSetObject): boolean {
    const now = host.now;
    const old = this.oldReplicaSets().filter((set) => set.replicas > 0);
    const oldCount = old.reduce((sum, set) => sum + set.replicas, 0);
    if (oldCount === 0) {
      return false;
    }
    const all = [...old, newSet];
    const allCount = all.reduce((sum, set) => sum + set.replicas, 0);
    const minAvailable = this.spec.replicas - this.fenceposts().unavailable;
    const newUnavailable = newSet.replicas - this.statusOf(newSet, now).availableReplicas;
    const maxScaledDown = allCount - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return false;
    }
    let scaled = false;
    // cleanupUnhealthyReplicas
    let cleaned = 0;
    for (const set of old) {
      if (cleaned >= maxScaledDown) {
        break;
      }
      const available = this.statusOf(set, now).availableReplicas;
      if (set.replicas === 0 || set.replicas === available) {
        continue;
      }
      const count = Math.min(maxScaledDown - cleaned, set.replicas - available);
      scaled = this.scale(host, set, set.replicas - count) || scaled;
      cleaned += count;
    }
    // scaleDownOldReplicaSetsForRollingUpdate
    const availableCount = all.reduce((sum, set) => sum + this.statusOf(set, now).availableReplicas, 0);
    if (availableCount > minAvailable) {
      const toScaleDown = availableCount - minAvailable;
      let scaledDown = 0;
      for (const set of old) {
        if (scaledDown >= toScaleDown) {
          break;
        }
        if (set.replicas === 0) {
          continue;
        }
        const count = Math.min(set.replicas, toScaleDown - scaledDown);
        scaled = this.scale(host, set, set.replicas - count) || scaled;
        scaledDown += count;
      }
    }
    return scaled;
  }

  /**
   * recreate.go rolloutRecreate: scale every old ReplicaSet to 0; wait until none of their pods is
   * left (oldPodsRunning: a pod being deleted still runs); only then create the new ReplicaSet
   * with all the replicas.
   */
  private rolloutRecreate(host: WorkloadHost): boolean {
    let scaled = false;
    for (const set of this.oldReplicaSets()) {
      if (set.replicas !== 0) {
        scaled = this.scale(host, set, 0) || scaled;
      }
    }
    if (scaled) {
      return true;
    }
    if (this.oldPodsRunning()) {
      return false;
    }
    const newSet = this.newReplicaSet() ?? this.createReplicaSet(host);
    if (!newSet) {
      return false;
    }
    if (newSet.replicas !== this.spec.replicas) {
      return this.scale(host, newSet, this.spec.replicas);
    }
    if (this.complete(this.written)) {
      this.cleanupDeployment(host);
    }
    return false;
  }

  /** recreate.go oldPodsRunning: an old ReplicaSet counts an active pod, or any old pod is not Succeeded or Failed. */
  private oldPodsRunning(): boolean {
    return this.oldReplicaSets().some(
      (set) =>
        activePodsOf(set).length > 0 ||
        set.pods.some(
          (pod) => !pod.state.finished && phaseOf(pod) !== 'Succeeded' && phaseOf(pod) !== 'Failed',
        ),
    );
  }

  /**
   * sync.go getNewReplicaSet: creates the ReplicaSet of the current template, named
   * `<deployment>-<pod-template-hash>`, with the revision after the highest, at
   * NewRSNewReplicas; records ScalingReplicaSet when it starts with pods, and sets Progressing to
   * NewReplicaSetCreated.
   */
  private createReplicaSet(host: WorkloadHost): ReplicaSetObject | undefined {
    const revision = this.replicaSets.reduce((max, set) => Math.max(max, set.revision), 0) + 1;
    const set: ReplicaSetObject = {
      name: `${this.name}-${this.template.hash}`,
      template: this.template,
      replicas: 0,
      minReadySeconds: this.spec.minReadySeconds,
      createdAt: host.now,
      revision,
      created: 0,
      deleted: false,
      pods: [],
      replacedStuck: new Set(),
    };
    this.replicaSets.push(set);
    const replicas = this.newReplicaSetReplicas(set);
    set.replicas = replicas;
    this.desiredReplicas.set(set, this.spec.replicas);
    if (replicas > 0) {
      host.emit(
        'Normal',
        'ScalingReplicaSet',
        `deployment/${this.name}`,
        `Scaled up replica set ${set.name} from 0 to ${replicas}`,
        this.spec.strategy === 'Recreate'
          ? 'Recreate: the new ReplicaSet is created once every old pod is gone, with all the replicas at once.'
          : `The new ReplicaSet starts with as many pods as replicas + maxSurge (${this.spec.replicas} + ${this.fenceposts().surge}) allows beside the old ReplicaSets' replicas.`,
      );
    }
    this.setCondition(
      host,
      'Progressing',
      'True',
      'NewReplicaSetCreated',
      `Created new replica set "${set.name}"`,
      'The Deployment controller created the ReplicaSet of the current pod template.',
    );
    return set;
  }

  /** scaleReplicaSetAndRecordEvent: sets a ReplicaSet's replicas, with ScalingReplicaSet. */
  private scale(host: WorkloadHost, set: ReplicaSetObject, replicas: number): boolean {
    this.desiredReplicas.set(set, this.spec.replicas);
    if (set.replicas === replicas) {
      return false;
    }
    const direction = replicas > set.replicas ? 'up' : 'down';
    const from = set.replicas;
    set.replicas = replicas;
    const { surge, unavailable } = this.fenceposts();
    host.emit(
      'Normal',
      'ScalingReplicaSet',
      `deployment/${this.name}`,
      `Scaled ${direction} replica set ${set.name} from ${from} to ${replicas}`,
      this.spec.strategy === 'Recreate'
        ? 'Recreate: every old pod is stopped before the new ReplicaSet gets any.'
        : set.template === this.template
          ? `RollingUpdate: at most replicas + maxSurge = ${this.spec.replicas + surge} pods (counted by the ReplicaSets' replicas).`
          : `RollingUpdate: the old ReplicaSets shrink as far as keeping replicas - maxUnavailable = ${this.spec.replicas - unavailable} pods available allows, counting the new ReplicaSet's unavailable pods.`,
    );
    return true;
  }

  /**
   * sync.go cleanupDeployment: once the rollout is complete, deletes the oldest old ReplicaSets
   * beyond revisionHistoryLimit that have no replicas and no pods.
   */
  private cleanupDeployment(host: WorkloadHost): void {
    const old = this.oldReplicaSets();
    const diff = old.length - this.spec.revisionHistoryLimit;
    if (diff <= 0) {
      return;
    }
    for (const set of old.sort((a, b) => a.revision - b.revision).slice(0, diff)) {
      if (set.replicas !== 0 || replicaSetStatus(set, host.now).replicas !== 0) {
        continue;
      }
      set.deleted = true;
      host.notes.push(
        `t=${host.now}: the rollout is complete and revisionHistoryLimit is ${this.spec.revisionHistoryLimit}: the Deployment controller deletes the old ReplicaSet ${set.name} (revision ${set.revision}); its revision can no longer be rolled back to.`,
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Status and conditions

  /** DeploymentComplete (deployment_util.go): every replica updated, counted and available. */
  private complete(status: DeploymentStatus): boolean {
    const desired = this.spec.replicas;
    return (
      status.updatedReplicas === desired &&
      status.replicas === desired &&
      status.availableReplicas === desired
    );
  }

  /** sync.go calculateStatus, over the ReplicaSets' status. */
  private calculateStatus(now: number): DeploymentStatus {
    const sets = this.replicaSets.filter((set) => !set.deleted);
    const newSet = this.newReplicaSet();
    let replicas = 0;
    let readyReplicas = 0;
    let availableReplicas = 0;
    let specReplicas = 0;
    for (const set of sets) {
      const status = this.statusOf(set, now);
      replicas += status.replicas;
      readyReplicas += status.readyReplicas;
      availableReplicas += status.availableReplicas;
      specReplicas += set.replicas;
    }
    return {
      replicas,
      updatedReplicas: newSet ? this.statusOf(newSet, now).replicas : 0,
      readyReplicas,
      availableReplicas,
      unavailableReplicas: Math.max(0, specReplicas - availableReplicas),
    };
  }

  /**
   * progress.go syncRolloutStatus with sync.go calculateStatus: the status, Available
   * (MinimumReplicasAvailable while availableReplicas ≥ replicas - maxUnavailable), and Progressing:
   * NewReplicaSetAvailable once the rollout is complete, ReplicaSetUpdated with a new lastUpdateTime
   * whenever it progresses (more updated, ready or available replicas, or fewer old ones:
   * DeploymentProgressing), ProgressDeadlineExceeded once progressDeadlineSeconds have passed since
   * then (DeploymentTimedOut: strictly after). The controller looks again one second after the
   * deadline (requeueStuckDeployment: "add a second to avoid milliseconds skew"). Returns whether
   * anything changed.
   */
  private syncRolloutStatus(host: WorkloadHost): boolean {
    const now = host.now;
    const previous = this.written;
    const status = this.calculateStatus(now);
    const before = JSON.stringify([previous, [...this.conditions.values()]]);
    const newSet = this.newReplicaSet();
    const subject = newSet ? `ReplicaSet "${newSet.name}"` : `Deployment "${this.name}"`;
    const { unavailable } = this.fenceposts();
    if (status.availableReplicas >= this.spec.replicas - unavailable) {
      this.setCondition(
        host,
        'Available',
        'True',
        'MinimumReplicasAvailable',
        'Deployment has minimum availability.',
        `${status.availableReplicas} of ${this.spec.replicas} replicas are available, at least replicas - maxUnavailable (${this.spec.replicas - unavailable}).`,
      );
    } else {
      this.setCondition(
        host,
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        `${status.availableReplicas} of ${this.spec.replicas} replicas are available, fewer than replicas - maxUnavailable (${this.spec.replicas - unavailable}).`,
      );
    }
    const progressing = this.conditions.get('Progressing');
    if (this.spec.paused) {
      if (progressing?.reason !== 'DeploymentPaused') {
        this.setCondition(
          host,
          'Progressing',
          'Unknown',
          'DeploymentPaused',
          'Deployment is paused',
          'A paused Deployment is not rolled out, and its progress is not estimated.',
        );
      }
    } else {
      const alreadyComplete =
        status.replicas === status.updatedReplicas && progressing?.reason === 'NewReplicaSetAvailable';
      if (!alreadyComplete) {
        if (this.complete(status)) {
          this.setCondition(
            host,
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `${subject} has successfully progressed.`,
            'Every replica runs the current template and is available.',
          );
        } else if (this.progressed(previous, status)) {
          // The Progressing condition is rewritten with a new lastUpdateTime on every progress,
          // keeping its lastTransitionTime while it stays True.
          const condition: Condition = {
            type: 'Progressing',
            status: 'True',
            reason: 'ReplicaSetUpdated',
            message: `${subject} is progressing.`,
            lastTransitionTime: progressing?.status === 'True' ? progressing.lastTransitionTime : now,
            lastUpdateTime: now,
            explanation: `The rollout made progress at t=${now}; it fails if it makes none for progressDeadlineSeconds (${this.spec.progressDeadlineSeconds}s).`,
          };
          this.conditions.set('Progressing', condition);
        } else if (progressing && this.timedOut(progressing, now)) {
          this.setCondition(
            host,
            'Progressing',
            'False',
            'ProgressDeadlineExceeded',
            `${subject} has timed out progressing.`,
            `The rollout made no progress since t=${progressing.lastUpdateTime} for more than progressDeadlineSeconds (${this.spec.progressDeadlineSeconds}s). The controller only reports it: the rollout is not stopped or rolled back, and the old pods keep serving.`,
          );
        }
      }
    }
    this.written = status;
    const current = this.conditions.get('Progressing');
    if (
      current &&
      !this.spec.paused &&
      current.reason !== 'NewReplicaSetAvailable' &&
      current.reason !== 'ProgressDeadlineExceeded' &&
      !this.complete(status)
    ) {
      // requeueStuckDeployment: look again just after the deadline.
      this.queue?.request(current.lastUpdateTime + this.spec.progressDeadlineSeconds + 1);
    }
    return JSON.stringify([status, [...this.conditions.values()]]) !== before;
  }

  /** DeploymentProgressing (deployment_util.go). */
  private progressed(previous: DeploymentStatus, status: DeploymentStatus): boolean {
    return (
      status.updatedReplicas > previous.updatedReplicas ||
      status.replicas - status.updatedReplicas < previous.replicas - previous.updatedReplicas ||
      status.readyReplicas > previous.readyReplicas ||
      status.availableReplicas > previous.availableReplicas
    );
  }

  /** DeploymentTimedOut: lastUpdateTime + progressDeadlineSeconds is before now. */
  private timedOut(progressing: Condition, now: number): boolean {
    if (progressing.reason === 'NewReplicaSetAvailable') {
      return false;
    }
    if (progressing.reason === 'ProgressDeadlineExceeded') {
      return true;
    }
    return progressing.lastUpdateTime + this.spec.progressDeadlineSeconds < now;
  }

  /**
   * SetDeploymentCondition: nothing changes when the status and reason are the same; the
   * lastTransitionTime is kept when only the reason changes.
   */
  private setCondition(
    host: WorkloadHost,
    type: string,
    status: WorkloadCondition['status'],
    reason: string,
    message: string,
    explanation: string,
  ): void {
    const current = this.conditions.get(type);
    if (current && current.status === status && current.reason === reason) {
      return;
    }
    const now = host.now;
    this.conditions.set(type, {
      type,
      status,
      reason,
      message,
      lastTransitionTime: current && current.status === status ? current.lastTransitionTime : now,
      lastUpdateTime: now,
      explanation,
    });
  }
}
