import { numberOf, objectOf, stringOf } from '../../common/guards';
import { formatAge } from '../formatTime';
import type { WorkloadJobSnapshot, WorkloadSnapshot } from '../types';
import type { HostedPod, WorkloadController, WorkloadHost } from '../workloadHost';
import {
  type CronSchedule,
  mostRecentScheduleTime,
  nextScheduleTime,
  parseCronSchedule,
  Zone,
} from './cronSchedule';
import { type BatchControllerContext, JobController } from './job';
import { type JobSpec, readJobSpec } from './jobSpec';
import { EarliestSync } from './shared';

/**
 * The CronJob controller (kubernetes/kubernetes pkg/controller/cronjob/cronjob_controllerv2.go
 * syncCronJob and cleanupFinishedJobs, utils.go): at each start time of the schedule it creates a
 * Job from the jobTemplate, named `<cronjob>-<scheduled time in minutes since the epoch>`
 * (getJobName), which the Job controller (job.ts) runs on the same simulated cluster. Times in the
 * result are seconds from the CronJob's creation at the scenario's startTime. Simplified: the
 * controller requeues itself 100 ms after each start time (nextScheduleDelta); the simulation acts at
 * the start time itself.
 */

/** The scenario's default startTime: a fixed moment, so that a run repeats. */
export const defaultCronJobStartTime = '2026-01-05T00:00:00Z';

interface CronJobSpec {
  schedule: string;
  timeZone: string | null;
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  startingDeadlineSeconds: number | null;
  suspend: boolean;
  /** SetDefaults_CronJob: 3 and 1. */
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  job: JobSpec;
}

class CronJobController implements WorkloadController {
  /** The Jobs that exist (not deleted), in creation order. */
  private readonly jobs: JobController[] = [];
  private readonly byName = new Map<string, JobController>();
  /** status.active. */
  private active: JobController[] = [];
  /** Seconds since the epoch. */
  private lastScheduleTime: number | null = null;
  private lastSuccessfulTime: number | null = null;
  /** The queue (workqueue AddAfter). */
  private readonly syncs = new EarliestSync((host) => this.sync(host));

  constructor(
    private readonly context: BatchControllerContext,
    private readonly spec: CronJobSpec,
    private readonly schedule: CronSchedule,
    private readonly zone: Zone,
    /** The CronJob's creation, seconds since the epoch. */
    private readonly epoch: number,
  ) {}

  private get object(): string {
    return `cronjob/${this.context.input.name}`;
  }

  start(host: WorkloadHost): void {
    host.notes.push(
      `t=0 is ${this.zone.iso(this.epoch)}: the CronJob is created. Its schedule "${this.spec.schedule}" runs in ${this.spec.timeZone ?? "the controller manager's time zone (simulated as UTC)"}.`,
    );
    this.syncs.request(host, 0);
  }

  podChanged(host: WorkloadHost, pod: HostedPod): void {
    this.byName.get(pod.revision)?.podChanged(host, pod);
  }

  status(host: WorkloadHost): Omit<WorkloadSnapshot, 't' | 'endpoints'> {
    const status: Record<string, number> = { active: this.active.length };
    if (this.lastScheduleTime !== null) {
      status.lastScheduleTime = this.lastScheduleTime - this.epoch;
    }
    if (this.lastSuccessfulTime !== null) {
      status.lastSuccessfulTime = this.lastSuccessfulTime - this.epoch;
    }
    return {
      status,
      // kubectl get cronjob (printers.go printCronJob): SCHEDULE, TIMEZONE, SUSPEND, ACTIVE,
      // LAST SCHEDULE (an age); AGE is the simulation's clock.
      columns: {
        SCHEDULE: this.spec.schedule,
        TIMEZONE: this.spec.timeZone ?? '<none>',
        SUSPEND: this.spec.suspend ? 'True' : 'False',
        ACTIVE: String(this.active.length),
        'LAST SCHEDULE':
          this.lastScheduleTime === null
            ? '<none>'
            : formatAge(this.epoch + host.now - this.lastScheduleTime),
      },
      conditions: [],
      jobs: this.jobs.map((job): WorkloadJobSnapshot => ({ name: job.name, ...job.status(host) })),
    };
  }

  /**
   * sync: cleanupFinishedJobs, then syncCronJob over the Jobs listed before the cleanup (a Job the
   * cleanup deleted is off the active list: no SawCompletedJob for it), then the requeue.
   */
  private sync(host: WorkloadHost): void {
    // The Jobs the informer lists: not those deleted meanwhile (the TTL-after-finished controller).
    for (const job of this.jobs.filter((other) => other.deletedAt !== null)) {
      this.jobs.splice(this.jobs.indexOf(job), 1);
      this.byName.delete(job.name);
    }
    const jobs = [...this.jobs];
    this.cleanupFinishedJobs(host);
    const requeueAt = this.syncCronJob(host, jobs);
    if (requeueAt !== null) {
      this.syncs.request(host, Math.max(0, requeueAt - this.epoch - host.now));
    }
  }

  /** Returns when to sync next (seconds since the epoch), or null. */
  private syncCronJob(host: WorkloadHost, jobs: readonly JobController[]): number | null {
    const now = this.epoch + host.now;
    const { spec } = this;
    for (const job of jobs) {
      const finished = job.finished;
      if (finished && this.active.includes(job)) {
        this.active = this.active.filter((other) => other !== job);
        host.emit(
          'Normal',
          'SawCompletedJob',
          this.object,
          `Saw completed job: ${job.name}, condition: ${finished.type}`,
        );
      }
      if (finished?.type === 'Complete' && job.completionTime !== null) {
        const completed = this.epoch + job.completionTime;
        if (this.lastSuccessfulTime === null || completed > this.lastSuccessfulTime) {
          this.lastSuccessfulTime = completed;
        }
      }
    }
    // An active Job that no longer exists (deleted by someone else) leaves the active list.
    for (const job of this.active.filter((other) => !jobs.includes(other))) {
      this.active = this.active.filter((other) => other !== job);
      host.emit('Normal', 'MissingJob', this.object, `Active job went missing: ${job.name}`);
    }
    if (spec.suspend) {
      // "Not starting job because the cron is suspended": no event, and no requeue.
      return null;
    }
    const scheduled = mostRecentScheduleTime(
      this.schedule,
      this.lastScheduleTime ?? this.epoch,
      now,
      spec.startingDeadlineSeconds,
    );
    if ('error' in scheduled) {
      host.emit(
        'Warning',
        'InvalidSchedule',
        this.object,
        `invalid schedule: ${spec.schedule} : ${scheduled.error}`,
      );
      return null;
    }
    if (scheduled.missed === 'many') {
      // utils.go nextScheduleTime.
      host.emit(
        'Warning',
        'TooManyMissedTimes',
        this.object,
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    }
    const scheduledTime = scheduled.mostRecent;
    const next = this.nextRequeue(now);
    if (scheduledTime === null) {
      return next;
    }
    if (spec.startingDeadlineSeconds !== null && scheduledTime + spec.startingDeadlineSeconds < now) {
      host.emit(
        'Warning',
        'MissSchedule',
        this.object,
        `Missed scheduled time to start a job: ${rfc1123z(scheduledTime)}`,
        `The start time ${this.zone.iso(scheduledTime)} is more than startingDeadlineSeconds (${spec.startingDeadlineSeconds}s) ago: the controller skips it.`,
      );
      return next;
    }
    const name = `${this.context.input.name}-${Math.floor(scheduledTime / 60)}`;
    if (this.active.some((job) => job.name === name) || this.lastScheduleTime === scheduledTime) {
      return next;
    }
    if (spec.concurrencyPolicy === 'Forbid' && this.active.length > 0) {
      host.emit(
        'Normal',
        'JobAlreadyActive',
        this.object,
        'Not starting job because prior execution is running and concurrency policy is Forbid',
        `The run of ${this.zone.iso(scheduledTime)} waits: lastScheduleTime stays at the previous run, so once the running Job finishes the controller starts this run late${spec.startingDeadlineSeconds !== null ? `, unless startingDeadlineSeconds (${spec.startingDeadlineSeconds}s) has passed by then` : ''}.`,
      );
      return next;
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const job of this.active) {
        this.deleteJob(host, job);
      }
    }
    const job = new JobController({
      name,
      spec: spec.job,
      template: this.context.template,
      scenario: this.context.scenario,
      // The Job informer: a Job's update or deletion queues the CronJob's sync at once (updateJob,
      // deleteJob).
      onFinished: () => this.syncs.request(host, 0),
      onDeleted: () => this.syncs.request(host, 0),
    });
    this.jobs.push(job);
    this.byName.set(name, job);
    this.active.push(job);
    this.lastScheduleTime = scheduledTime;
    const late = now - scheduledTime;
    host.emit(
      'Normal',
      'SuccessfulCreate',
      this.object,
      `Created job ${name}`,
      `The run scheduled for ${this.zone.iso(scheduledTime)}${late > 0 ? `, ${formatAge(late)} late` : ''}.`,
    );
    job.start(host);
    return this.nextRequeue(now);
  }

  /** nextScheduleTimeDuration: the next start time after the most recent one. */
  private nextRequeue(now: number): number | null {
    const recent = mostRecentScheduleTime(this.schedule, this.lastScheduleTime ?? this.epoch, now, null);
    let from: number;
    if ('error' in recent) {
      from = now;
    } else if (recent.mostRecent === null) {
      from = recent.missed === 'none' ? recent.earliest : now;
    } else {
      from = recent.mostRecent;
    }
    return nextScheduleTime(this.schedule, from);
  }

  /**
   * cleanupFinishedJobs and removeOldestJobs: beyond successfulJobsHistoryLimit Complete Jobs or
   * failedJobsHistoryLimit Failed ones, the oldest (by status.startTime) are deleted.
   */
  private cleanupFinishedJobs(host: WorkloadHost): void {
    for (const [type, limit] of [
      ['Complete', this.spec.successfulJobsHistoryLimit],
      ['Failed', this.spec.failedJobsHistoryLimit],
    ] as const) {
      const finished = this.jobs
        .filter((job) => job.finished?.type === type)
        .sort(
          (a, b) => (a.startTime ?? Infinity) - (b.startTime ?? Infinity) || a.name.localeCompare(b.name),
        );
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        this.deleteJob(host, job);
      }
    }
  }

  /** deleteJob: the Job is deleted with background propagation (the garbage collector deletes its pods). */
  private deleteJob(host: WorkloadHost, job: JobController): void {
    job.delete(host);
    this.jobs.splice(this.jobs.indexOf(job), 1);
    this.byName.delete(job.name);
    this.active = this.active.filter((other) => other !== job);
    host.emit('Normal', 'SuccessfulDelete', this.object, `Deleted job ${job.name}`);
  }
}

/** Go's time.RFC1123Z in UTC: `Mon, 05 Jan 2026 00:05:00 +0000`. */
function rfc1123z(t: number): string {
  const date = new Date(t * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${days[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The CronJob controller for a CronJob manifest. */
export function createCronJobController(
  context: BatchControllerContext,
): WorkloadController | { error: string } {
  const spec = objectOf(context.input.spec) ?? {};
  const schedule = stringOf(spec.schedule);
  if (schedule === undefined) {
    return { error: 'spec.schedule is required' };
  }
  const timeZone =
    spec.timeZone === undefined || spec.timeZone === null ? null : (stringOf(spec.timeZone) ?? '');
  const parsed = parseCronSchedule(schedule, timeZone);
  if (!parsed.ok) {
    // The API server rejects the CronJob (validateScheduleFormat, validateTimeZone).
    return {
      error: `spec.schedule ${JSON.stringify(schedule)}${timeZone !== null ? ` in ${timeZone}` : ''}: ${parsed.error}`,
    };
  }
  const jobTemplate = objectOf(objectOf(spec.jobTemplate)?.spec);
  const job = readJobSpec(jobTemplate, 'spec.jobTemplate.spec', context.warnings);
  if ('error' in job) {
    return job;
  }
  const policy = stringOf(spec.concurrencyPolicy) ?? 'Allow';
  if (policy !== 'Allow' && policy !== 'Forbid' && policy !== 'Replace') {
    return {
      error: `spec.concurrencyPolicy must be Allow, Forbid or Replace, not ${JSON.stringify(policy)}`,
    };
  }
  const limit = (field: string, fallback: number): number => {
    const value = numberOf(spec[field]);
    return value !== undefined && Number.isInteger(value) && value >= 0 ? value : fallback;
  };
  const deadline = numberOf(spec.startingDeadlineSeconds);
  let startTime = context.scenario.startTime ?? defaultCronJobStartTime;
  if (!isoWithOffset.test(startTime) || Number.isNaN(Date.parse(startTime))) {
    context.warnings.push(
      `scenario: startTime ${JSON.stringify(startTime)} is not an ISO 8601 date and time with an offset (2026-03-28T20:00:00Z); simulated from ${defaultCronJobStartTime}`,
    );
    startTime = defaultCronJobStartTime;
  }
  return new CronJobController(
    context,
    {
      schedule,
      timeZone,
      concurrencyPolicy: policy,
      startingDeadlineSeconds:
        deadline !== undefined && Number.isInteger(deadline) && deadline >= 0 ? deadline : null,
      suspend: spec.suspend === true,
      successfulJobsHistoryLimit: limit('successfulJobsHistoryLimit', 3),
      failedJobsHistoryLimit: limit('failedJobsHistoryLimit', 1),
      job,
    },
    parsed.schedule,
    timeZone !== null ? (Zone.named(timeZone) ?? Zone.utc) : Zone.utc,
    Math.floor(Date.parse(startTime) / 1000),
  );
}
