import { isJsonObject, type JsonObject } from '../../common/guards';
import { maxReplicas } from '../scenarioSchema';
import type { ContainerScenario, NormalizedPod, Scenario, WorkloadUpdate } from '../types';
import type { HostedPod, WorkloadHost } from '../workloadHost';

/**
 * What the Deployment, ReplicaSet, StatefulSet and DaemonSet controllers share: reading the
 * workload's spec as the API server defaults it, the pod predicates of
 * pkg/api/v1/pod/util.go and pkg/controller/controller_utils.go, the revisions a scenario's
 * updates make, and the names the controllers give (with deterministic stand-ins for their
 * hashes and random suffixes).
 */

// ---------------------------------------------------------------------------------------------
// The spec

/** An integer field of the spec, or its API default when missing or not a whole number ≥ min. */
export function integerAt(spec: JsonObject | undefined, key: string, fallback: number, min = 0): number {
  const value = spec?.[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fallback;
}

/**
 * spec.replicas (default 1), at most the simulator's `maxReplicas`: each replica is a pod run by
 * the kubelet model, and the simulation runs on the language server's thread.
 */
export function replicasAt(spec: JsonObject | undefined, warnings: string[]): number {
  const replicas = integerAt(spec, 'replicas', 1);
  if (replicas > maxReplicas) {
    warnings.push(`spec.replicas is ${replicas}: the simulation runs ${maxReplicas} of them`);
    return maxReplicas;
  }
  return replicas;
}

export type IntOrPercent = number | string;

/** An int-or-string field (maxSurge, maxUnavailable): a whole number or "N%", else the fallback. */
export function intOrPercentAt(
  spec: JsonObject | undefined,
  key: string,
  fallback: IntOrPercent,
): IntOrPercent {
  const value = spec?.[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return value;
  }
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    return value;
  }
  return fallback;
}

/**
 * apimachinery intstr.GetScaledValueFromIntOrPercent: an integer as is, a percentage of `total`
 * rounded up or down.
 */
export function scaledValue(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof value === 'number') {
    return value;
  }
  const percent = Number(value.slice(0, -1));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function objectAt(spec: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = spec?.[key];
  return isJsonObject(value) ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Pods, as the controllers read them

/** The pod's Ready condition is True (podutil.IsPodReady). */
export function isPodReady(pod: HostedPod): boolean {
  const last = pod.state.snapshots[pod.state.snapshots.length - 1];
  return last?.conditions.Ready === true;
}

/** When the Ready condition last became True (podReadyTime), or null. */
export function readySince(pod: HostedPod): number | null {
  const ready = pod.state.conditionSince.get('Ready');
  return ready?.status === 'True' ? ready.since : null;
}

/**
 * podutil.IsPodAvailable: ready, and ready for minReadySeconds. The source asks that the Ready
 * condition's lastTransitionTime plus minReadySeconds be before now; the API keeps that time to the
 * second, and the controllers look again minReadySeconds (the ReplicaSet controller: one more
 * second) after the pod became ready, so a pod is available minReadySeconds after it became
 * ready. The simulation, whose times are exact, counts it available from then on.
 */
export function isPodAvailable(pod: HostedPod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) {
    return false;
  }
  const since = readySince(pod);
  return minReadySeconds === 0 || (since !== null && since + minReadySeconds <= now);
}

/** The pod's phase as the API server holds it. */
export function phaseOf(pod: HostedPod): string {
  return pod.state.snapshots[pod.state.snapshots.length - 1]?.phase ?? 'Pending';
}

/** The pod object is being deleted (has a deletionTimestamp) or is gone. */
export function isTerminating(pod: HostedPod): boolean {
  return pod.state.deleting || pod.state.finished;
}

/**
 * controller.IsPodActive: not Succeeded or Failed, and no deletionTimestamp. A pod on a lost node
 * that taint eviction has deleted is not active: its controller replaces it at once.
 */
export function isPodActive(pod: HostedPod): boolean {
  const phase = phaseOf(pod);
  return !isTerminating(pod) && phase !== 'Succeeded' && phase !== 'Failed';
}

/** The highest restart count of the pod's containers (controller_utils.go maxContainerRestarts). */
export function maxRestarts(pod: HostedPod): number {
  const last = pod.state.snapshots[pod.state.snapshots.length - 1];
  return Math.max(0, ...(last?.containers.map((container) => container.restartCount) ?? []));
}

// ---------------------------------------------------------------------------------------------
// Revisions: what the scenario's updates do to the pod template

/** One version of the pod template: the workload's own, then one per update that changes it. */
export interface TemplateRevision {
  /** 1 for the workload as written, then 2, 3… */
  number: number;
  /** When it becomes the workload's template. */
  at: number;
  template: NormalizedPod;
  /** How its pods' containers behave. */
  containers: Record<string, ContainerScenario> | undefined;
  /** Stand-in hash of the template: the same alphabet and length as the controller's. */
  hash: string;
}

/** A change of the workload at a time: a new template, a new replica count, or both. */
export interface WorkloadChange {
  at: number;
  revision: TemplateRevision | null;
  replicas: number | null;
}

/**
 * Applies the scenario's changes of a workload at their times, as the API server takes an edit of
 * the object: a new pod template (`revision`, which returns the note saying what the controller
 * does with it), a new `spec.replicas` (`replicas`, for the kinds that have it), then a sync of
 * the controller, which hears of its object's update.
 */
export function scheduleChanges(
  host: WorkloadHost,
  changes: readonly WorkloadChange[],
  queue: SyncQueue,
  apply: { revision(revision: TemplateRevision): string | undefined; replicas?(replicas: number): void },
): void {
  for (const change of changes) {
    if (!change.revision && (change.replicas === null || !apply.replicas)) {
      continue;
    }
    host.schedule(change.at, () => {
      if (change.revision) {
        const note = apply.revision(change.revision);
        if (note !== undefined) {
          host.notes.push(`t=${host.now}: ${note}`);
        }
      }
      if (change.replicas !== null && apply.replicas) {
        apply.replicas(change.replicas);
      }
      queue.request();
    });
  }
}

/** The scenario's `update`, as a list. */
export function updatesOf(scenario: Scenario, warnings: string[] = []): WorkloadUpdate[] {
  const update = scenario.update;
  if (update === undefined) {
    return [];
  }
  const list = Array.isArray(update) ? update : [update];
  const timed = list.filter((entry) => typeof entry.at === 'number');
  if (timed.length < list.length) {
    warnings.push('scenario: an update without at says nothing of when it happens (ignored)');
  }
  // Stable: updates at the same time apply in the order written.
  return timed
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.at - b.entry.at || a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * The image a template change gives a container that the update does not name: the same
 * repository with the tag `revision-N`, as `kubectl set image app=nginx:revision-2` would.
 */
export function nextImage(image: string, revision: number): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  return `${repository}:revision-${revision}`;
}

/**
 * The workload's revisions and changes over time, from the scenario. The first revision is the
 * template as written, whose pods behave as the scenario's `containers`; an update with
 * `containers` (or `images`), or without `replicas`, changes the template: its app containers get
 * new images (`images`, else `nextImage`), and its pods behave as the previous revision's with the
 * update's `containers` in place of theirs.
 */
export function revisionsOf(
  workloadName: string,
  template: NormalizedPod,
  scenario: Scenario,
  warnings: string[] = [],
): { first: TemplateRevision; changes: WorkloadChange[] } {
  const first: TemplateRevision = {
    number: 1,
    at: 0,
    template,
    containers: scenario.containers,
    hash: templateHash(`${workloadName}/1/${imagesKey(template)}`),
  };
  let current = first;
  const changes: WorkloadChange[] = [];
  for (const update of updatesOf(scenario, warnings)) {
    const changesTemplate =
      update.containers !== undefined || update.images !== undefined || update.replicas === undefined;
    let revision: TemplateRevision | null = null;
    if (changesTemplate) {
      const number = current.number + 1;
      const images: Record<string, unknown> = update.images ?? {};
      const imageOf = (name: string, fallback: string): string => {
        const image = images[name];
        return typeof image === 'string' && image !== '' ? image : fallback;
      };
      const next: NormalizedPod = {
        ...current.template,
        containers: current.template.containers.map((container) => ({
          ...container,
          image: imageOf(container.name, nextImage(container.image, number)),
        })),
        initContainers: current.template.initContainers.map((container) => ({
          ...container,
          image: imageOf(container.name, container.image),
        })),
      };
      revision = {
        number,
        at: update.at,
        template: next,
        containers:
          update.containers !== undefined
            ? { ...current.containers, ...update.containers }
            : current.containers,
        hash: templateHash(`${workloadName}/${number}/${imagesKey(next)}`),
      };
      current = revision;
    }
    changes.push({ at: update.at, revision, replicas: update.replicas ?? null });
  }
  return { first, changes };
}

function imagesKey(template: NormalizedPod): string {
  return [...template.initContainers, ...template.containers].map((container) => container.image).join(',');
}

// ---------------------------------------------------------------------------------------------
// Names

/** k8s.io/apimachinery/pkg/util/rand: the alphabet of generated names and encoded hashes. */
export const alphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** 32-bit FNV-1a, the hash family the controllers use (hash/fnv New32a). */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A stand-in for a pod-template-hash or a controller revision hash: the controllers hash the
 * template as spew prints the Go struct (controller_utils.go ComputeHash), which cannot be
 * reproduced here, then print the 32-bit sum in decimal and encode it with rand.SafeEncodeString.
 * This hashes a key of our own the same way, so the name has the same alphabet and length
 * (e.g. web-7c5ddbdf54) but not the cluster's value.
 */
export function templateHash(key: string): string {
  return [...String(fnv32a(key))].map((digit) => alphanums[digit.charCodeAt(0) % alphanums.length]).join('');
}

/**
 * A stand-in for the five random characters the API server appends to a generateName
 * (names.SimpleNameGenerator, rand.String(5)): deterministic, from the owner and a sequence.
 */
export function nameSuffix(owner: string, sequence: number): string {
  let suffix = '';
  for (let index = 0; index < 5; index++) {
    suffix += alphanums[fnv32a(`${owner}#${sequence}#${index}`) % alphanums.length];
  }
  return suffix;
}

// ---------------------------------------------------------------------------------------------
// The controller's work queue

/**
 * A controller's work queue for one workload: syncs requested for the same time run once, after
 * the pods' actions of that instant (the informer has no latency here).
 */
export class SyncQueue {
  private readonly queued = new Set<number>();

  constructor(
    private readonly host: WorkloadHost,
    private readonly sync: () => void,
  ) {}

  /** Queues a sync at `t` (now by default), once per time. */
  request(t: number = this.host.now): void {
    const at = Math.max(t, this.host.now);
    if (this.queued.has(at)) {
      return;
    }
    this.queued.add(at);
    this.host.schedule(at, () => {
      this.queued.delete(at);
      this.sync();
    });
  }
}

/**
 * A controller's delayed sync as the workqueue's AddAfter keeps it: a sync already due sooner
 * stays, a sooner one replaces it (the Job controller's enqueueSyncJobWithDelay, the CronJob
 * controller's requeue after the next schedule time).
 */
export class EarliestSync {
  private pendingAt: number | null = null;

  constructor(private readonly sync: (host: WorkloadHost) => void) {}

  /** Queues a sync `delay` seconds from now, unless one is already due by then. */
  request(host: WorkloadHost, delay: number): void {
    const at = host.now + delay;
    if (this.pendingAt !== null && this.pendingAt <= at) {
      return;
    }
    this.pendingAt = at;
    host.schedule(at, () => {
      if (this.pendingAt === at) {
        this.pendingAt = null;
        this.sync(host);
      }
    });
  }

  /** Drops the pending sync (the object is gone). */
  cancel(): void {
    this.pendingAt = null;
  }
}
