import { formatAge } from '../formatTime';
import type {
  ContainerScenario,
  EventType,
  NormalizedPod,
  PodPhase,
  PodSnapshot,
  Scenario,
  WorkloadCondition,
  WorkloadJobSnapshot,
} from '../types';
import type { HostedPod, WorkloadController, WorkloadHost } from '../workloadHost';
import { formatIndexes, type JobSpec, type PodFailurePolicyAction, readJobSpec } from './jobSpec';
import { alphanums, EarliestSync, fnv32a } from './shared';

/**
 * The Job controller (kubernetes/kubernetes pkg/controller/job/job_controller.go, as in 1.33+), over
 * the simulated pods of a WorkloadHost: syncJob, manageJob, the pod-failure back-off
 * (backoff_utils.go), the pod failure policy (pod_failure_policy.go), backoffLimitPerIndex
 * (indexed_job_utils.go), the success policy (success_policy.go), and the TTL-after-finished
 * controller (pkg/controller/ttlafterfinished). Simplified: the informer has no latency, pod
 * names take a deterministic suffix where the API server's generateName takes a random one, and
 * the finalizer bookkeeping (uncountedTerminatedPods) happens within the sync that counts a pod.
 */

/**
 * syncJobBatchPeriod: a pod event (creation, update, deletion) queues the Job's sync this much
 * later, so that several events share one sync (enqueueSyncJobBatched); the Job's own creation
 * syncs at once (enqueueSyncJobImmediately).
 */
export const syncJobBatchPeriodSeconds = 1;
/**
 * DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go): the delay before a
 * failed pod's replacement starts at 10 s and doubles per failure since the last success, capped at
 * 10 min. The Job documentation ("Pod backoff failure policy") says the cap is six minutes; the
 * source says 10 minutes, and the simulation follows the source.
 */
export const defaultPodFailureBackOffSeconds = 10;
export const maxPodFailureBackOffSeconds = 600;

type JobConditionType = 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet' | 'Failed' | 'Complete';

interface PendingCondition {
  type: JobConditionType;
  reason: string;
  message: string;
}

/** The failure policy's verdict on a failed pod (matchPodFailurePolicy). */
interface PolicyMatch {
  failJobMessage: string | null;
  countFailed: boolean;
  action: PodFailurePolicyAction | null;
}

/** What the Job controller needs to know about the Job it runs. */
export interface JobOptions {
  name: string;
  spec: JobSpec;
  /** The pod template, normalised. */
  template: NormalizedPod;
  scenario: Scenario;
  /** Called once the Job has its Complete or Failed condition (a CronJob's informer). */
  onFinished?: (job: JobController) => void;
  /** Called when the Job object is deleted (a CronJob's informer). */
  onDeleted?: (job: JobController) => void;
}

export class JobController implements WorkloadController {
  readonly name: string;
  readonly spec: JobSpec;
  readonly pods: HostedPod[] = [];
  readonly conditions: WorkloadCondition[] = [];
  createdAt = 0;
  startTime: number | null = null;
  completionTime: number | null = null;
  /** When the Job object was deleted (the TTL controller, a CronJob), or null. */
  deletedAt: number | null = null;
  private active = 0;
  private ready = 0;
  private succeeded = 0;
  private failed = 0;
  private terminating = 0;
  /** Pods whose end the controller has counted (the tracking finalizer removed). */
  private readonly counted = new Set<number>();
  /** backoff_utils.go backoffRecord. */
  private failuresAfterLastSuccess = 0;
  private lastFailureTime: number | null = null;
  private readonly succeededIndexes = new Set<number>();
  private readonly failedIndexes = new Set<number>();
  /** Per completion index: failures counted against backoffLimitPerIndex, ignored ones, the last's time. */
  private readonly indexFailures = new Map<number, { counted: number; ignored: number; lastAt: number }>();
  private readonly attemptsOfIndex = new Map<number, number>();
  private created = 0;
  /** The queue (workqueue AddAfter). */
  private readonly syncs = new EarliestSync((host) => this.sync(host));

  constructor(private readonly options: JobOptions) {
    this.name = options.name;
    this.spec = options.spec;
  }

  get object(): string {
    return `job/${this.name}`;
  }

  /** The Job's terminal condition, Complete or Failed, once it has one (util.IsJobFinished). */
  get finished(): WorkloadCondition | undefined {
    return this.conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  }

  start(host: WorkloadHost): void {
    this.createdAt = host.now;
    // addJob: enqueueSyncJobImmediately.
    this.syncs.request(host, 0);
  }

  podChanged(host: WorkloadHost, pod: HostedPod): void {
    if (pod.revision === this.name && this.deletedAt === null) {
      this.syncs.request(host, syncJobBatchPeriodSeconds);
    }
  }

  status(host: WorkloadHost): Omit<WorkloadJobSnapshot, 'name'> {
    const status: Record<string, number> = {
      active: this.active,
      ready: this.ready,
      succeeded: this.succeeded,
      failed: this.failed,
      terminating: this.terminating,
    };
    return { status, columns: this.columns(host.now), conditions: this.conditions.map((c) => ({ ...c })) };
  }

  /**
   * kubectl get job's columns (pkg/printers/internalversion/printers.go printJob): STATUS from the
   * conditions in this order (Complete, Failed, Terminating, Suspended, FailureTarget, else Running:
   * a Job that has only SuccessCriteriaMet shows Running), COMPLETIONS, DURATION (from
   * status.startTime to completionTime, or to now while it runs). AGE is the simulation's clock.
   */
  private columns(now: number): Record<string, string> {
    const has = (type: JobConditionType): boolean =>
      this.conditions.some((c) => c.type === type && c.status === 'True');
    const status = has('Complete')
      ? 'Complete'
      : has('Failed')
        ? 'Failed'
        : this.deletedAt !== null
          ? 'Terminating'
          : has('Suspended')
            ? 'Suspended'
            : has('FailureTarget')
              ? 'FailureTarget'
              : 'Running';
    const { completions, parallelism } = this.spec;
    const completionsColumn =
      completions !== null
        ? `${this.succeeded}/${completions}`
        : parallelism > 1
          ? `${this.succeeded}/1 of ${parallelism}`
          : `${this.succeeded}/1`;
    const duration = this.startTime === null ? '' : formatAge((this.completionTime ?? now) - this.startTime);
    return { STATUS: status, COMPLETIONS: completionsColumn, DURATION: duration };
  }

  /**
   * The Job object is deleted (the TTL controller, or a CronJob's history limit or Replace): the
   * garbage collector deletes its pods (graceful deletion; a finished pod goes at once).
   */
  delete(host: WorkloadHost): void {
    if (this.deletedAt !== null) {
      return;
    }
    this.deletedAt = host.now;
    this.syncs.cancel();
    for (const pod of this.pods) {
      host.deletePod(pod);
    }
    this.options.onDeleted?.(this);
  }

  /** syncJob. */
  private sync(host: WorkloadHost): void {
    if (this.deletedAt !== null || this.finished) {
      return;
    }
    const { spec } = this;
    const now = host.now;
    const activePods = this.pods.filter(isActive);
    const ctx = {
      active: activePods.length,
      ready: activePods.filter(isReady).length,
      terminating: this.pods.filter(isTerminating).length,
    };
    // getNewFinishedPods: pods that ended since the last count.
    const newSucceeded: HostedPod[] = [];
    const newFailed: HostedPod[] = [];
    for (const pod of this.pods) {
      if (this.counted.has(pod.id)) {
        continue;
      }
      if (phaseOf(pod) === 'Succeeded') {
        newSucceeded.push(pod);
      } else if (this.isPodFailed(pod)) {
        newFailed.push(pod);
      }
    }
    const matches = new Map(newFailed.map((pod) => [pod, this.matchPodFailurePolicy(pod)]));
    let succeeded = this.succeeded + (spec.indexed ? 0 : newSucceeded.length);
    // nonIgnoredFailedPodsCount: a pod an Ignore rule matches is not counted.
    let failed = this.failed + newFailed.filter((pod) => matches.get(pod)!.countFailed).length;
    if (this.startTime === null && !spec.suspend) {
      this.startTime = now;
    }
    // newBackoffRecord counts every new failure, ignored ones too.
    this.updateBackoffRecord(newSucceeded, newFailed);

    let finished: PendingCondition | null = this.condition('SuccessCriteriaMet')
      ? { type: 'SuccessCriteriaMet', reason: '', message: '' }
      : null;
    if (!finished) {
      const target = this.condition('FailureTarget');
      const failJobMessage = target ? null : this.failJobMessage();
      if (target) {
        finished = { type: 'Failed', reason: target.reason ?? '', message: target.message ?? '' };
      } else if (failJobMessage !== null) {
        finished = { type: 'FailureTarget', reason: 'PodFailurePolicy', message: failJobMessage };
      }
    }
    if (!finished) {
      if (failed > spec.backoffLimit || this.pastBackoffLimitOnFailure()) {
        finished = {
          type: 'FailureTarget',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        };
      } else if (this.pastActiveDeadline(now)) {
        finished = {
          type: 'FailureTarget',
          reason: 'DeadlineExceeded',
          message: 'Job was active longer than specified deadline',
        };
      } else if (spec.activeDeadlineSeconds !== null && !spec.suspend && this.startTime !== null) {
        this.syncs.request(host, this.startTime + spec.activeDeadlineSeconds - now);
      }
    }

    if (spec.indexed) {
      const completions = spec.completions!;
      for (const pod of newSucceeded) {
        if (pod.index !== null && pod.index < completions) {
          this.succeededIndexes.add(pod.index);
        }
      }
      succeeded = this.succeededIndexes.size;
      if (spec.backoffLimitPerIndex !== null) {
        this.countIndexFailures(newFailed, matches, spec.backoffLimitPerIndex);
        if (!finished) {
          if (spec.maxFailedIndexes !== null && this.failedIndexes.size > spec.maxFailedIndexes) {
            finished = {
              type: 'FailureTarget',
              reason: 'MaxFailedIndexesExceeded',
              message: 'Job has exceeded the specified maximal number of failed indexes',
            };
          } else if (this.failedIndexes.size > 0 && this.failedIndexes.size + succeeded >= completions) {
            finished = { type: 'FailureTarget', reason: 'FailedIndexes', message: 'Job has failed indexes' };
          }
        }
      }
      if (!finished) {
        const message = this.matchSuccessPolicy();
        if (message !== null) {
          finished = { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message };
        }
      }
    }

    const finishedWith: HostedPod[] = finished ? activePods : [];
    if (finished) {
      // deleteActivePods: the Job has failed or met its success criteria; its running pods go.
      for (const pod of activePods) {
        this.deletePod(host, pod);
        ctx.ready -= isReady(pod) ? 1 : 0;
      }
      ctx.terminating += activePods.length;
      ctx.active -= activePods.length;
    } else {
      ctx.active = this.manageJob(host, activePods, succeeded, ctx);
      // A work queue (no completions) is complete once a pod has succeeded and none is active.
      const complete =
        spec.completions === null
          ? succeeded > 0 && ctx.active === 0
          : succeeded >= spec.completions && ctx.active === 0;
      if (complete) {
        // newSuccessCondition: SuccessCriteriaMet first (JobSuccessPolicy GA in 1.33: reason
        // CompletionsReached), Complete once no pod is terminating.
        finished = {
          type: 'SuccessCriteriaMet',
          reason: 'CompletionsReached',
          message: 'Reached expected number of succeeded pods',
        };
      } else if (spec.suspend) {
        if (this.setCondition(now, 'Suspended', 'JobSuspended', 'Job suspended')) {
          host.emit(
            'Normal',
            'Suspended',
            this.object,
            'Job suspended',
            'spec.suspend is true: the Job controller creates no pod, and would delete running ones.',
          );
        }
      }
    }

    // trackJobStatusAndRemoveFinalizers: count what ended; once the Job is failing, every pod that
    // has not succeeded counts as failed.
    for (const pod of [...newSucceeded, ...newFailed]) {
      this.counted.add(pod.id);
    }
    if (finished && finished.type !== 'SuccessCriteriaMet' && finished.type !== 'Complete') {
      for (const pod of this.pods) {
        if (!this.counted.has(pod.id) && phaseOf(pod) !== 'Succeeded') {
          this.counted.add(pod.id);
          failed += this.matchPodFailurePolicy(pod).countFailed ? 1 : 0;
        }
      }
    }
    this.succeeded = succeeded;
    this.failed = failed;
    this.active = ctx.active;
    this.ready = ctx.ready;
    this.terminating = ctx.terminating;
    if (finished?.type === 'FailureTarget') {
      // The interim condition first; Failed once no pod is terminating (delayTerminalCondition,
      // since 1.31 with JobPodReplacementPolicy and JobManagedBy).
      this.setCondition(now, 'FailureTarget', finished.reason, finished.message);
      const running = finishedWith.length;
      host.notes.push(
        `t=${now}: job ${this.name}: ${finished.message} (${finished.reason}). The Job controller adds the FailureTarget condition${running > 0 ? ` and deletes the ${running} pod(s) still running` : ''}; Failed follows once no pod is terminating.`,
      );
      finished = { ...finished, type: 'Failed' };
    }
    if (finished?.type === 'SuccessCriteriaMet') {
      if (!this.condition('SuccessCriteriaMet')) {
        this.setCondition(now, 'SuccessCriteriaMet', finished.reason, finished.message);
      } else {
        const met = this.condition('SuccessCriteriaMet')!;
        finished = { ...finished, reason: met.reason ?? '', message: met.message ?? '' };
      }
      finished = { ...finished, type: 'Complete' };
    }
    // enactJobFinished.
    if (finished && ctx.terminating === 0) {
      this.finish(host, finished);
    }
  }

  /** manageJob: creates or deletes pods toward the wanted number of active pods; returns the active count. */
  private manageJob(
    host: WorkloadHost,
    activePods: HostedPod[],
    succeeded: number,
    ctx: { active: number; ready: number; terminating: number },
  ): number {
    const { spec } = this;
    let active = activePods.length;
    if (spec.suspend) {
      for (const pod of activePods) {
        this.deletePod(host, pod);
      }
      ctx.terminating += activePods.length;
      return 0;
    }
    let wantActive: number;
    if (spec.completions === null) {
      // A work queue keeps what runs once a pod has succeeded.
      wantActive = succeeded > 0 ? active : spec.parallelism;
    } else {
      wantActive = Math.max(0, Math.min(spec.completions - succeeded, spec.parallelism));
    }
    if (active > wantActive) {
      // activePodsForRemoval: the least advanced first (controller.ActivePods); here, the newest.
      const remove = [...activePods].sort((a, b) => b.id - a.id).slice(0, active - wantActive);
      for (const pod of remove) {
        this.deletePod(host, pod);
      }
      ctx.terminating += remove.length;
      return active - remove.length;
    }
    // With podReplacementPolicy Failed, a terminating pod is not replaced until it has failed.
    const terminating = spec.podReplacementPolicy === 'Failed' ? ctx.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) {
      return active;
    }
    if (spec.backoffLimitPerIndex === null) {
      const remaining = this.remainingBackoff(host.now, this.failuresAfterLastSuccess, this.lastFailureTime);
      if (remaining > 0) {
        this.syncs.request(host, Math.max(remaining, syncJobBatchPeriodSeconds));
        host.notes.push(
          `t=${host.now}: job ${this.name} waits ${remaining}s before creating a pod: the pod failure back-off after ${this.failuresAfterLastSuccess} failure(s) since the last success is ${this.backoffSeconds(this.failuresAfterLastSuccess)}s from the last failure at t=${this.lastFailureTime}.`,
        );
        return active;
      }
    }
    let indexes: (number | null)[] = Array.from({ length: diff }, () => null);
    if (spec.indexed) {
      let pending = this.firstPendingIndexes(diff, activePods);
      if (spec.backoffLimitPerIndex !== null) {
        const ready = pending.filter((index) => this.remainingIndexBackoff(host.now, index) === 0);
        if (ready.length === 0) {
          const soonest = Math.min(...pending.map((index) => this.remainingIndexBackoff(host.now, index)));
          if (Number.isFinite(soonest)) {
            this.syncs.request(host, Math.max(soonest, syncJobBatchPeriodSeconds));
          }
          return active;
        }
        pending = ready;
      }
      indexes = pending;
      diff = pending.length;
    }
    for (const index of indexes) {
      this.createPod(host, index);
    }
    active += diff;
    return active;
  }

  private createPod(host: WorkloadHost, index: number | null): void {
    const { scenario, template } = this.options;
    // The API server names the pod from generateName `<job>-` (`<job>-<index>-` for an Indexed
    // Job: podGenerateNameWithIndex) and five random characters; the simulation derives them.
    const prefix = index === null ? `${this.name}-` : `${this.name}-${index}-`;
    let name = '';
    for (let salt = 0; name === '' || host.pods.some((pod) => pod.name === name); salt++) {
      name = prefix + randomSuffix(`${prefix}${this.created}:${salt}`);
    }
    const attempt = index === null ? this.created : (this.attemptsOfIndex.get(index) ?? 0);
    if (index !== null) {
      this.attemptsOfIndex.set(index, attempt + 1);
    }
    this.created++;
    const list = (index !== null ? scenario.indexes?.[String(index)] : undefined) ?? scenario.attempts;
    const chosen = list?.[Math.min(attempt, list.length - 1)];
    const containers: Record<string, ContainerScenario> = { ...scenario.containers, ...chosen?.containers };
    const labels: Record<string, string> = {
      'batch.kubernetes.io/job-name': this.name,
      'job-name': this.name,
    };
    if (index !== null) {
      labels['batch.kubernetes.io/job-completion-index'] = String(index);
    }
    const pod = host.createPod({
      name,
      template,
      containers,
      revision: this.name,
      index,
      labels,
    });
    this.pods.push(pod);
    // controller.RealPodControl createPods.
    host.emit('Normal', 'SuccessfulCreate', this.object, `Created pod: ${name}`, undefined, pod);
  }

  private deletePod(host: WorkloadHost, pod: HostedPod): void {
    host.deletePod(pod);
    // controller.RealPodControl DeletePod.
    host.emit('Normal', 'SuccessfulDelete', this.object, `Deleted pod: ${pod.name}`, undefined, pod);
  }

  /**
   * firstPendingIndexes (indexed_job_utils.go): the lowest indexes that have not succeeded, have no
   * active pod, have not failed, and (podReplacementPolicy Failed) have no terminating pod.
   */
  private firstPendingIndexes(count: number, activePods: HostedPod[]): number[] {
    const taken = new Set<number>([...this.succeededIndexes, ...this.failedIndexes]);
    for (const pod of activePods) {
      if (pod.index !== null) {
        taken.add(pod.index);
      }
    }
    if (this.spec.podReplacementPolicy === 'Failed') {
      for (const pod of this.pods.filter(isTerminating)) {
        if (pod.index !== null) {
          taken.add(pod.index);
        }
      }
    }
    const result: number[] = [];
    for (let index = 0; index < this.spec.completions! && result.length < count; index++) {
      if (!taken.has(index)) {
        result.push(index);
      }
    }
    return result;
  }

  /**
   * backoffLimitPerIndex (isIndexFailed): an index fails when its counted failures exceed the limit,
   * or a FailIndex rule matches.
   */
  private countIndexFailures(
    newFailed: HostedPod[],
    matches: Map<HostedPod, PolicyMatch>,
    limit: number,
  ): void {
    for (const pod of newFailed) {
      if (pod.index === null) {
        continue;
      }
      const match = matches.get(pod)!;
      const record = this.indexFailures.get(pod.index) ?? { counted: 0, ignored: 0, lastAt: 0 };
      record.lastAt = finishTime(pod);
      if (match.countFailed) {
        record.counted++;
      } else {
        record.ignored++;
      }
      this.indexFailures.set(pod.index, record);
      if (match.action === 'FailIndex' || record.counted > limit) {
        this.failedIndexes.add(pod.index);
      }
    }
  }

  /** getRemainingTimePerIndex: the back-off of one index, from its failures (ignored ones too). */
  private remainingIndexBackoff(now: number, index: number): number {
    const record = this.indexFailures.get(index);
    return record ? this.remainingBackoff(now, record.counted + record.ignored, record.lastAt) : 0;
  }

  /** backoff_utils.go newBackoffRecord: failures since the last success, and the last one's time. */
  private updateBackoffRecord(newSucceeded: HostedPod[], newFailed: HostedPod[]): void {
    const failures = newFailed.map(finishTime).sort((a, b) => a - b);
    const successes = newSucceeded.map(finishTime).sort((a, b) => a - b);
    if (successes.length === 0) {
      if (failures.length > 0) {
        this.failuresAfterLastSuccess += failures.length;
        this.lastFailureTime = failures[failures.length - 1]!;
      }
      return;
    }
    this.failuresAfterLastSuccess = 0;
    this.lastFailureTime = null;
    const lastSuccess = successes[successes.length - 1]!;
    for (let n = failures.length - 1; n >= 0 && failures[n]! > lastSuccess; n--) {
      this.lastFailureTime ??= failures[n]!;
      this.failuresAfterLastSuccess++;
    }
  }

  /** getRemainingTimeForFailuresCount. */
  private remainingBackoff(now: number, failures: number, lastFailureTime: number | null): number {
    if (failures === 0 || lastFailureTime === null) {
      return 0;
    }
    const backoff = this.backoffSeconds(failures);
    const elapsed = now - lastFailureTime;
    return backoff < elapsed ? 0 : backoff - elapsed;
  }

  /** 10 s doubled per failure after the first, capped at MaxJobPodFailureBackOff (10 min). */
  private backoffSeconds(failures: number): number {
    let backoff = defaultPodFailureBackOffSeconds;
    for (let n = 1; n < failures; n++) {
      backoff *= 2;
      if (backoff >= maxPodFailureBackOffSeconds) {
        return maxPodFailureBackOffSeconds;
      }
    }
    return backoff;
  }

  /**
   * isPodFailed: a pod in phase Failed; with podReplacementPolicy TerminatingOrFailed, also a pod
   * being deleted that has not succeeded (a pod removed without a terminal phase counts too).
   */
  private isPodFailed(pod: HostedPod): boolean {
    const phase = phaseOf(pod);
    if (phase === 'Failed') {
      return true;
    }
    if (phase === 'Succeeded') {
      return false;
    }
    if (pod.state.finished) {
      return true;
    }
    return this.spec.podReplacementPolicy !== 'Failed' && pod.state.deleting;
  }

  /**
   * matchPodFailurePolicy (pod_failure_policy.go): the first rule that matches a pod that has failed
   * (or, once the Job is failing, one still running, which trackJobStatusAndRemoveFinalizers counts), on a
   * terminated container's non-zero exit code (app containers, then init containers) or on a pod
   * condition (DisruptionTarget: taint eviction of a lost node's pod). No rule: the failure counts.
   */
  private matchPodFailurePolicy(pod: HostedPod): PolicyMatch {
    const rules = this.spec.podFailurePolicy;
    const count: PolicyMatch = { failJobMessage: null, countFailed: true, action: null };
    if (!rules) {
      return count;
    }
    const last = lastSnapshot(pod);
    const { namespace } = this.options.template;
    for (const [index, rule] of rules.entries()) {
      let failJobMessage: string;
      if (rule.onExitCodes) {
        const { containerName, operator, values } = rule.onExitCodes;
        const ordered = [
          ...last.containers.filter((c) => c.type === 'app'),
          ...last.containers.filter((c) => c.type === 'init' || c.type === 'sidecar'),
        ];
        const container = ordered.find(
          (c) =>
            c.state === 'terminated' &&
            c.exitCode !== null &&
            c.exitCode !== 0 &&
            (containerName === null || containerName === c.name) &&
            (operator === 'In' ? values.includes(c.exitCode) : !values.includes(c.exitCode)),
        );
        if (!container) {
          continue;
        }
        failJobMessage = `Container ${container.name} for pod ${namespace}/${pod.name} failed with exit code ${container.exitCode} matching FailJob rule at index ${index}`;
      } else if (rule.onPodConditions) {
        const patterns = rule.onPodConditions;
        const condition = last.podConditions.find((c) =>
          patterns.some((pattern) => pattern.type === c.type && pattern.status === c.status),
        );
        if (!condition) {
          continue;
        }
        failJobMessage = `Pod ${namespace}/${pod.name} has condition ${condition.type} matching FailJob rule at index ${index}`;
      } else {
        continue;
      }
      switch (rule.action) {
        case 'Ignore':
          return { failJobMessage: null, countFailed: false, action: 'Ignore' };
        case 'Count':
          return { failJobMessage: null, countFailed: true, action: 'Count' };
        case 'FailIndex':
          return { failJobMessage: null, countFailed: true, action: 'FailIndex' };
        case 'FailJob':
          return { failJobMessage, countFailed: true, action: 'FailJob' };
      }
    }
    return count;
  }

  /** getFailJobMessage: the first failed pod that a FailJob rule matches. */
  private failJobMessage(): string | null {
    for (const pod of this.pods) {
      if (this.isPodFailed(pod)) {
        const message = this.matchPodFailurePolicy(pod).failJobMessage;
        if (message !== null) {
          return message;
        }
      }
    }
    return null;
  }

  /**
   * pastBackoffLimitOnFailure: with restartPolicy OnFailure the kubelet restarts containers in
   * place, and their restarts (pods Pending or Running) count against backoffLimit: at least
   * backoffLimit restarts (any, for a limit of 0).
   */
  private pastBackoffLimitOnFailure(): boolean {
    if (this.options.template.restartPolicy !== 'OnFailure') {
      return false;
    }
    let restarts = 0;
    for (const pod of this.pods) {
      const phase = phaseOf(pod);
      if (!pod.state.finished && (phase === 'Running' || phase === 'Pending')) {
        for (const container of lastSnapshot(pod).containers) {
          restarts += container.type === 'ephemeral' ? 0 : container.restartCount;
        }
      }
    }
    return this.spec.backoffLimit === 0 ? restarts > 0 : restarts >= this.spec.backoffLimit;
  }

  /** pastActiveDeadline: activeDeadlineSeconds counts from status.startTime. */
  private pastActiveDeadline(now: number): boolean {
    const { activeDeadlineSeconds, suspend } = this.spec;
    return (
      activeDeadlineSeconds !== null &&
      this.startTime !== null &&
      !suspend &&
      now - this.startTime >= activeDeadlineSeconds
    );
  }

  /** matchSuccessPolicy (success_policy.go). */
  private matchSuccessPolicy(): string | null {
    const rules = this.spec.successPolicy;
    if (!rules || this.succeededIndexes.size === 0) {
      return null;
    }
    for (const [index, rule] of rules.entries()) {
      if (rule.succeededIndexes !== null) {
        if (rule.succeededIndexes.length === 0) {
          continue;
        }
        const contains = rule.succeededIndexes.filter((n) => this.succeededIndexes.has(n)).length;
        if (
          contains === rule.succeededIndexes.length ||
          (rule.succeededCount !== null && contains >= rule.succeededCount)
        ) {
          return `Matched rules at index ${index}`;
        }
      } else if (rule.succeededCount !== null && this.succeededIndexes.size >= rule.succeededCount) {
        return `Matched rules at index ${index}`;
      }
    }
    return null;
  }

  /** enactJobFinished and recordJobFinished: the terminal condition, its event, and what follows. */
  private finish(host: WorkloadHost, finished: PendingCondition): void {
    const now = host.now;
    this.setCondition(now, finished.type, finished.reason, finished.message);
    let type: EventType = 'Warning';
    if (finished.type === 'Complete') {
      this.completionTime = now;
      type = 'Normal';
      if (this.spec.completions !== null && this.succeeded > this.spec.completions) {
        host.emit(
          'Warning',
          'TooManySucceededPods',
          this.object,
          'Too many succeeded pods running after completion count reached',
        );
      }
      host.emit(type, 'Completed', this.object, 'Job completed');
    } else {
      host.emit(type, finished.reason, this.object, finished.message);
    }
    const indexes = this.spec.indexed
      ? ` (completedIndexes "${formatIndexes(this.succeededIndexes)}"${this.spec.backoffLimitPerIndex !== null ? `, failedIndexes "${formatIndexes(this.failedIndexes)}"` : ''})`
      : '';
    host.notes.push(
      `t=${now}: job ${this.name} is ${finished.type}${finished.reason ? ` (${finished.reason})` : ''}: ${this.succeeded} succeeded${indexes}, ${this.failed} failed.`,
    );
    const ttl = this.spec.ttlSecondsAfterFinished;
    if (ttl !== null) {
      // pkg/controller/ttlafterfinished processJob: the Job expires ttlSecondsAfterFinished after
      // its finish time (the Complete or Failed condition's lastTransitionTime) and is deleted with
      // foreground cascading deletion: the garbage collector deletes its pods, then the Job.
      host.schedule(now + ttl, () => {
        if (this.deletedAt !== null) {
          return;
        }
        const pods = this.pods.filter((pod) => !pod.state.finished).length;
        this.delete(host);
        host.notes.push(
          `t=${host.now}: ttlSecondsAfterFinished (${ttl}s) after the Job finished at t=${now}, the TTL-after-finished controller deletes job ${this.name} with foreground cascading deletion: the garbage collector deletes its ${pods} pod(s), then the Job.`,
        );
      });
    }
    this.options.onFinished?.(this);
  }

  private condition(type: JobConditionType): WorkloadCondition | undefined {
    return this.conditions.find((c) => c.type === type && c.status === 'True');
  }

  /** ensureJobConditionStatus: adds a True condition once; returns whether it was added. */
  private setCondition(now: number, type: JobConditionType, reason: string, message: string): boolean {
    if (this.conditions.some((c) => c.type === type)) {
      return false;
    }
    this.conditions.push({
      type,
      status: 'True',
      reason: reason === '' ? null : reason,
      message: message === '' ? null : message,
      lastTransitionTime: now,
    });
    return true;
  }
}

function lastSnapshot(pod: HostedPod): PodSnapshot {
  return pod.state.snapshots[pod.state.snapshots.length - 1]!;
}

function phaseOf(pod: HostedPod): PodPhase {
  return lastSnapshot(pod).phase;
}

function isTerminal(phase: PodPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** controller.FilterActivePods: not Succeeded, not Failed, not being deleted. */
function isActive(pod: HostedPod): boolean {
  return !pod.state.finished && !pod.state.deleting && !isTerminal(phaseOf(pod));
}

/** controller.CountTerminatingPods: being deleted, not in a terminal phase. */
function isTerminating(pod: HostedPod): boolean {
  return !pod.state.finished && pod.state.deleting && !isTerminal(phaseOf(pod));
}

function isReady(pod: HostedPod): boolean {
  return lastSnapshot(pod).conditions.Ready === true;
}

/**
 * backoff_utils.go getFinishedTime: when the pod ended (its containers' last exit, which the
 * kubelet reports with the terminal phase), or else when its deletion was requested.
 */
function finishTime(pod: HostedPod): number {
  const { snapshots } = pod.state;
  const terminal = snapshots.find((snapshot) => isTerminal(snapshot.phase));
  if (terminal) {
    return terminal.t;
  }
  const deleting = snapshots.find((snapshot) => snapshot.deleting);
  return deleting?.t ?? pod.state.deletedAt ?? pod.createdAt;
}

/** Five characters of generateName's alphabet, derived from `seed` (FNV-1a), so that runs repeat. */
export function randomSuffix(seed: string): string {
  let hash = fnv32a(seed);
  let suffix = '';
  for (let n = 0; n < 5; n++) {
    suffix += alphanums[hash % alphanums.length];
    hash = Math.floor(hash / alphanums.length) ^ Math.imul(hash, 0x9e3779b1 >>> 0);
    hash >>>= 0;
  }
  return suffix;
}

/** The Job as a workload of its own. */
class StandaloneJob implements WorkloadController {
  constructor(private readonly job: JobController) {}
  start(host: WorkloadHost): void {
    this.job.start(host);
  }
  podChanged(host: WorkloadHost, pod: HostedPod): void {
    this.job.podChanged(host, pod);
  }
  status(host: WorkloadHost): ReturnType<WorkloadController['status']> {
    return this.job.status(host);
  }
}

/**
 * What a controller is made from: workloadSimulator.ts's ControllerContext, as far as the Job and
 * CronJob controllers read it (declared here, so that the controllers, which the simulator's
 * registry imports, do not import the simulator back).
 */
export interface BatchControllerContext {
  readonly input: { readonly name: string; readonly spec: unknown };
  readonly template: NormalizedPod;
  readonly scenario: Scenario;
  readonly warnings: string[];
}

/** The Job controller for a Job manifest: its spec read with the API server's defaults. */
export function createJobController(context: BatchControllerContext): WorkloadController | { error: string } {
  const spec = readJobSpec(context.input.spec, 'spec', context.warnings);
  if ('error' in spec) {
    return spec;
  }
  return new StandaloneJob(
    new JobController({
      name: context.input.name,
      spec,
      template: context.template,
      scenario: context.scenario,
    }),
  );
}
