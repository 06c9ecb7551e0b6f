import { strict as assert } from 'node:assert';
import {
  mostRecentScheduleTime,
  nextScheduleTime,
  parseCronSchedule,
  Zone,
} from '../../server/src/simulator/controllers/cronSchedule';
import type { Scenario, WorkloadSimulationResult } from '../../server/src/simulator/types';
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';

/**
 * The CronJob controller (server/src/simulator/controllers/cronJob.ts) as
 * pkg/controller/cronjob/cronjob_controllerv2.go runs it, with schedules as robfig/cron/v3 reads
 * them (cronSchedule.ts). Times are seconds from the CronJob's creation at the scenario's startTime
 * (default 2026-01-05T00:00:00Z, a Monday).
 */

function simulateCronJob(
  name: string,
  spec: Record<string, unknown>,
  scenario: Scenario = {},
): WorkloadSimulationResult {
  const podSpec = { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36' }] };
  const { job, ...cronSpec } = spec;
  const outcome = simulateWorkload(
    {
      kind: 'CronJob',
      name,
      podSpec,
      spec: { ...cronSpec, jobTemplate: { spec: { ...(job as object), template: { spec: podSpec } } } },
    },
    scenario,
  );
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
  return outcome.result;
}

const cronEvents = (result: WorkloadSimulationResult) =>
  result.events.filter((e) => e.object.startsWith('cronjob/')).map((e) => `${e.t} ${e.reason}: ${e.message}`);
const epoch = (iso: string) => Date.parse(iso) / 1000;
const minutes = (iso: string) => epoch(iso) / 60;

function times(schedule: string, timeZone: string | null, fromIso: string, count: number): string[] {
  const parsed = parseCronSchedule(schedule, timeZone);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  const zone = timeZone === null ? Zone.utc : Zone.named(timeZone)!;
  const result: string[] = [];
  for (let t: number | null = epoch(fromIso); result.length < count; ) {
    t = nextScheduleTime(parsed.schedule, t);
    if (t === null) {
      break;
    }
    result.push(zone.iso(t));
  }
  return result;
}

describe('cron schedules as robfig/cron/v3 ParseStandard and SpecSchedule.Next read them', () => {
  it('steps, ranges, names and descriptors', () => {
    assert.deepEqual(times('*/20 * * * *', null, '2026-01-05T00:00:00Z', 3), [
      '2026-01-05T00:20:00Z',
      '2026-01-05T00:40:00Z',
      '2026-01-05T01:00:00Z',
    ]);
    // Friday 10:00 → the next weekday 09:00 is Monday.
    assert.deepEqual(times('0 9 * * MON-FRI', null, '2026-01-09T10:00:00Z', 2), [
      '2026-01-12T09:00:00Z',
      '2026-01-13T09:00:00Z',
    ]);
    assert.deepEqual(times('@hourly', null, '2026-01-05T00:30:00Z', 1), ['2026-01-05T01:00:00Z']);
    assert.deepEqual(times('@yearly', null, '2026-01-05T00:00:00Z', 1), ['2027-01-01T00:00:00Z']);
    // Day of month and day of week, neither `*`: either matches (dayMatches).
    assert.deepEqual(times('0 0 13 * FRI', null, '2026-02-01T00:00:00Z', 3), [
      '2026-02-06T00:00:00Z',
      '2026-02-13T00:00:00Z',
      '2026-02-20T00:00:00Z',
    ]);
    // "N/step" is N-max/step.
    assert.deepEqual(times('50/5 * * * *', null, '2026-01-05T00:00:00Z', 3), [
      '2026-01-05T00:50:00Z',
      '2026-01-05T00:55:00Z',
      '2026-01-05T01:50:00Z',
    ]);
    // 31 February never comes: nothing within five years.
    assert.deepEqual(times('0 0 31 2 *', null, '2026-01-05T00:00:00Z', 1), []);
  });

  it('in Europe/Berlin, 02:00 does not exist on the spring-forward day (no run) and occurs twice on the fall-back day (two runs)', () => {
    assert.deepEqual(times('0 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 3), [
      '2026-03-28T02:00:00+01:00',
      '2026-03-30T02:00:00+02:00',
      '2026-03-31T02:00:00+02:00',
    ]);
    assert.deepEqual(times('0 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 3), [
      '2026-10-25T02:00:00+02:00',
      '2026-10-25T02:00:00+01:00',
      '2026-10-26T02:00:00+01:00',
    ]);
  });

  it('rejects what the API server rejects (validateScheduleFormat, validateTimeZone)', () => {
    const error = (schedule: string, timeZone: string | null = null) => {
      const parsed = parseCronSchedule(schedule, timeZone);
      return parsed.ok ? 'ok' : parsed.error;
    };
    assert.equal(
      error('TZ=Europe/Berlin 0 2 * * *'),
      'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    assert.equal(
      error('CRON_TZ=UTC 0 2 * * *'),
      'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    );
    assert.equal(error('0 2 * *'), 'expected exactly 5 fields, found 4: 0 2 * *');
    assert.equal(error('61 * * * *'), 'end of range (61) above maximum (59): 61');
    assert.equal(error('0 0 * * 7'), 'end of range (7) above maximum (6): 7');
    assert.equal(error('@fortnightly'), 'unrecognized descriptor: @fortnightly');
    assert.equal(error('0 2 * * *', 'Mars/Olympus'), 'unknown time zone Mars/Olympus');
    assert.equal(
      error('0 2 * * *', 'Local'),
      'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    );
    assert.equal(error('0 2 * * *', 'America/New_York'), 'ok');
  });

  it('mostRecentScheduleTime: the latest missed start time, and "too many" beyond 100 missed (cronjob/utils.go)', () => {
    const parsed = parseCronSchedule('* * * * *', null);
    assert.ok(parsed.ok);
    const start = epoch('2026-01-05T00:00:00Z');
    const few = mostRecentScheduleTime(parsed.schedule, start, start + 50 * 60 + 30, null);
    assert.deepEqual(few, { earliest: start, mostRecent: start + 50 * 60, missed: 'few' });
    const many = mostRecentScheduleTime(parsed.schedule, start, start + 101 * 60, null);
    assert.deepEqual(many, { earliest: start, mostRecent: start + 101 * 60, missed: 'many' });
    // startingDeadlineSeconds: nothing before now - deadline is considered.
    const windowed = mostRecentScheduleTime(parsed.schedule, start, start + 101 * 60 + 30, 200);
    assert.deepEqual(windowed, {
      earliest: start + 101 * 60 + 30 - 200,
      mostRecent: start + 101 * 60,
      missed: 'few',
    });
  });
});

describe('the CronJob controller', () => {
  it('*/5 * * * * over 30 min: six Jobs at 5-minute marks, named <cronjob>-<minutes since the epoch>, three successful ones kept (syncCronJob, getJobName, cleanupFinishedJobs)', () => {
    const result = simulateCronJob('hello', { schedule: '*/5 * * * *' }, { duration: 1800 });
    const creates = result.events.filter(
      (e) => e.reason === 'SuccessfulCreate' && e.object === 'cronjob/hello',
    );
    assert.deepEqual(
      creates.map((e) => [e.t, e.message]),
      [300, 600, 900, 1200, 1500, 1800].map((t) => [
        t,
        `Created job hello-${minutes('2026-01-05T00:00:00Z') + t / 60}`,
      ]),
    );
    // Each Job's pod is grouped by its Job's name, and the Job completes 12 s (first pull on a
    // node) or 11 s after its creation.
    assert.deepEqual(
      result.pods.map((pod) => [pod.revision, pod.createdAt]),
      [300, 600, 900, 1200, 1500, 1800].map((t) => [`hello-${minutes('2026-01-05T00:00:00Z') + t / 60}`, t]),
    );
    assert.deepEqual(cronEvents(result).slice(0, 3), [
      `300 SuccessfulCreate: Created job hello-29459525`,
      `312 SawCompletedJob: Saw completed job: hello-29459525, condition: Complete`,
      `600 SuccessfulCreate: Created job hello-29459530`,
    ]);
    // successfulJobsHistoryLimit defaults to 3: the fourth success deletes the oldest Job, and the
    // garbage collector its pod.
    assert.deepEqual(
      cronEvents(result).filter((e) => e.includes('SuccessfulDelete')),
      [
        '1211 SuccessfulDelete: Deleted job hello-29459525',
        '1511 SuccessfulDelete: Deleted job hello-29459530',
      ],
    );
    assert.equal(result.pods[0]!.deletedAt, 1211);
    assert.deepEqual(result.final.status, { active: 1, lastScheduleTime: 1800, lastSuccessfulTime: 1511 });
    assert.deepEqual(result.final.columns, {
      SCHEDULE: '*/5 * * * *',
      TIMEZONE: '<none>',
      SUSPEND: 'False',
      ACTIVE: '1',
      'LAST SCHEDULE': '0s',
    });
    assert.deepEqual(
      result.final.jobs?.map((job) => `${job.name} ${job.columns.STATUS} ${job.columns.COMPLETIONS}`),
      [
        'hello-29459535 Complete 1/1',
        'hello-29459540 Complete 1/1',
        'hello-29459545 Complete 1/1',
        'hello-29459550 Running 0/1',
      ],
    );
  });

  it('Forbid with a Job longer than the period: the run waits (JobAlreadyActive) and starts late when the Job finishes; runs missed meanwhile collapse into the latest', () => {
    const result = simulateCronJob(
      'report',
      { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' },
      { duration: 1800, containers: { task: { exitAfter: 420 } } },
    );
    assert.deepEqual(cronEvents(result), [
      '300 SuccessfulCreate: Created job report-29459525',
      '600 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
      '722 SawCompletedJob: Saw completed job: report-29459525, condition: Complete',
      // The 00:10 run, 2 min late: lastScheduleTime stayed at 00:05.
      '722 SuccessfulCreate: Created job report-29459530',
      '900 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
      '1144 SawCompletedJob: Saw completed job: report-29459530, condition: Complete',
      '1144 SuccessfulCreate: Created job report-29459535',
      '1200 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
      '1500 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
      // 00:20 and 00:25 were missed: only the most recent, 00:25, runs.
      '1566 SawCompletedJob: Saw completed job: report-29459535, condition: Complete',
      '1566 SuccessfulCreate: Created job report-29459545',
      '1800 JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
    ]);
  });

  it('Forbid with startingDeadlineSeconds: a run whose window has passed is skipped, the next starts on time', () => {
    const result = simulateCronJob(
      'report',
      { schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60 },
      { duration: 1000, containers: { task: { exitAfter: 420 } } },
    );
    assert.deepEqual(
      cronEvents(result).filter((e) => e.includes('SuccessfulCreate')),
      [
        '300 SuccessfulCreate: Created job report-29459525',
        '900 SuccessfulCreate: Created job report-29459535',
      ],
    );
  });

  it('Replace: the running Job is deleted (its pod terminated) and the new one created at each start time', () => {
    const result = simulateCronJob(
      'sync',
      { schedule: '*/5 * * * *', concurrencyPolicy: 'Replace' },
      { duration: 900, containers: { task: { exitAfter: 420 } } },
    );
    assert.deepEqual(cronEvents(result), [
      '300 SuccessfulCreate: Created job sync-29459525',
      '600 SuccessfulDelete: Deleted job sync-29459525',
      '600 SuccessfulCreate: Created job sync-29459530',
      '900 SuccessfulDelete: Deleted job sync-29459530',
      '900 SuccessfulCreate: Created job sync-29459535',
    ]);
    // The garbage collector deletes the replaced Job's running pod: the kubelet stops it (SIGTERM).
    assert.equal(result.pods[0]!.deletedAt, 600);
    assert.equal(result.pods[0]!.result.final.containers[0]!.exitCode, 143);
    assert.deepEqual(
      result.final.jobs?.map((job) => job.name),
      ['sync-29459535'],
    );
  });

  it('timeZone Europe/Berlin around the fall-back change: 0 2 * * * runs twice, at 02:00 CEST and 02:00 CET', () => {
    const result = simulateCronJob(
      'nightly',
      { schedule: '0 2 * * *', timeZone: 'Europe/Berlin' },
      { duration: 86400, startTime: '2026-10-24T12:00:00Z' },
    );
    assert.deepEqual(
      result.events
        .filter((e) => e.reason === 'SuccessfulCreate' && e.object === 'cronjob/nightly')
        .map((e) => [e.t, e.message, e.explanation]),
      [
        [
          43200,
          `Created job nightly-${minutes('2026-10-25T00:00:00Z')}`,
          'The run scheduled for 2026-10-25T02:00:00+02:00.',
        ],
        [
          46800,
          `Created job nightly-${minutes('2026-10-25T01:00:00Z')}`,
          'The run scheduled for 2026-10-25T02:00:00+01:00.',
        ],
      ],
    );
    assert.equal(result.final.columns.TIMEZONE, 'Europe/Berlin');
  });

  it('timeZone Europe/Berlin around the spring-forward change: no run on the day 02:00 is skipped', () => {
    const result = simulateCronJob(
      'nightly',
      { schedule: '0 2 * * *', timeZone: 'Europe/Berlin' },
      { duration: 86400, startTime: '2026-03-28T12:00:00Z' },
    );
    assert.equal(result.pods.length, 0);
    assert.deepEqual(cronEvents(result), []);
  });

  it('failedJobsHistoryLimit 1: each Job that fails deletes the previous failed one (cleanupFinishedJobs, removeOldestJobs)', () => {
    const result = simulateCronJob(
      'h',
      { schedule: '*/5 * * * *', job: { backoffLimit: 0 } },
      { duration: 1200, containers: { task: { exitCode: 1 } } },
    );
    assert.deepEqual(cronEvents(result), [
      '300 SuccessfulCreate: Created job h-29459525',
      '312 SawCompletedJob: Saw completed job: h-29459525, condition: Failed',
      '600 SuccessfulCreate: Created job h-29459530',
      // cleanupFinishedJobs runs before syncCronJob.
      '612 SuccessfulDelete: Deleted job h-29459525',
      '612 SawCompletedJob: Saw completed job: h-29459530, condition: Failed',
      '900 SuccessfulCreate: Created job h-29459535',
      // The third pod goes to node-1, whose pod went with the deleted Job: the image is there.
      '911 SuccessfulDelete: Deleted job h-29459530',
      '911 SawCompletedJob: Saw completed job: h-29459535, condition: Failed',
      '1200 SuccessfulCreate: Created job h-29459540',
    ]);
    assert.equal(result.final.status.lastSuccessfulTime, undefined);
  });

  it('failedJobsHistoryLimit 0: the cleanup deletes a failed Job in the sync that sees it finish, before syncCronJob would report it', () => {
    const result = simulateCronJob(
      'z',
      { schedule: '*/5 * * * *', failedJobsHistoryLimit: 0, job: { backoffLimit: 0 } },
      { duration: 600, containers: { task: { exitCode: 1 } } },
    );
    assert.deepEqual(cronEvents(result), [
      '300 SuccessfulCreate: Created job z-29459525',
      '312 SuccessfulDelete: Deleted job z-29459525',
      '600 SuccessfulCreate: Created job z-29459530',
    ]);
    assert.equal(result.final.status.active, 1);
  });

  it("a Job's ttlSecondsAfterFinished: the TTL-after-finished controller deletes it, and the CronJob's informer forgets it", () => {
    const result = simulateCronJob(
      't',
      { schedule: '*/5 * * * *', job: { ttlSecondsAfterFinished: 30 } },
      { duration: 900 },
    );
    assert.deepEqual(
      result.pods.map((pod) => [pod.createdAt, pod.deletedAt]),
      [
        [300, 342],
        [600, 641],
        [900, null],
      ],
    );
    assert.deepEqual(
      result.snapshots.filter((s) => s.t === 312 || s.t === 342).map((s) => s.jobs?.map((job) => job.name)),
      [['t-29459525'], []],
    );
    // Not a history-limit deletion: no event of the CronJob's.
    assert.equal(cronEvents(result).filter((e) => e.includes('SuccessfulDelete')).length, 0);
  });

  it('Forbid with a Job running more than 100 periods: "too many missed start times", then the latest missed run (utils.go nextScheduleTime, mostRecentScheduleTime)', () => {
    const result = simulateCronJob(
      'm',
      { schedule: '* * * * *', concurrencyPolicy: 'Forbid' },
      { duration: 6400, containers: { task: { exitAfter: 6200 } } },
    );
    const events = cronEvents(result).filter((e) => !e.includes('JobAlreadyActive'));
    // From t=6120, more than 100 start times have passed since the last one (t=60).
    assert.deepEqual(events, [
      '60 SuccessfulCreate: Created job m-29459521',
      ...[6120, 6180, 6240].map(
        (t) =>
          `${t} TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew`,
      ),
      '6262 SawCompletedJob: Saw completed job: m-29459521, condition: Complete',
      '6262 TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      `6262 SuccessfulCreate: Created job m-${minutes('2026-01-05T01:44:00Z')}`,
    ]);
    // Every minute from 00:02 to 01:44 while the first Job runs (103), then 01:45 and 01:46.
    assert.equal(cronEvents(result).filter((e) => e.includes('JobAlreadyActive')).length, 105);
  });

  it('suspend: no Job is created', () => {
    const result = simulateCronJob('s', { schedule: '*/5 * * * *', suspend: true }, { duration: 1800 });
    assert.equal(result.pods.length, 0);
    assert.equal(result.final.columns.SUSPEND, 'True');
  });

  it('refuses a schedule the API server rejects, and a startTime without an offset falls back to the default with a warning', () => {
    const podSpec = { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36' }] };
    const outcome = simulateWorkload({
      kind: 'CronJob',
      name: 'tz',
      podSpec,
      spec: { schedule: 'CRON_TZ=UTC 0 * * * *', jobTemplate: { spec: { template: { spec: podSpec } } } },
    });
    assert.deepEqual(outcome, {
      ok: false,
      error:
        'spec.schedule "CRON_TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    });
    const result = simulateCronJob(
      'd',
      { schedule: '0 * * * *' },
      { duration: 3600, startTime: '2026-01-05 00:00' },
    );
    assert.ok(
      result.warnings.some((w) => w.startsWith('scenario: startTime "2026-01-05 00:00" is not an ISO 8601')),
    );
    assert.equal(result.pods[0]!.createdAt, 3600);
  });
});
