/**
 * A CronJob's schedule as the CronJob controller reads it: github.com/robfig/cron/v3 ParseStandard
 * (parser.go: five fields, minute hour day-of-month month day-of-week, or a descriptor such as
 * `@hourly` or `@every 90m`) and SpecSchedule.Next (spec.go), in the CronJob's `timeZone` (the
 * controller prefixes the schedule with `TZ=<timeZone>`: cronjob_controllerv2.go formatSchedule).
 * Times are whole seconds since the Unix epoch. The tz database comes from Intl (Node's full ICU).
 */

export type CronSchedule =
  | {
      kind: 'spec';
      /** Allowed values per field, and whether the field was `*` or `?` (robfig's starBit). */
      minute: Field;
      hour: Field;
      dom: Field;
      month: Field;
      dow: Field;
      zone: Zone;
    }
  | { kind: 'every'; seconds: number };

interface Field {
  values: Set<number>;
  star: boolean;
}

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const minuteBounds: Bounds = { min: 0, max: 59 };
const hourBounds: Bounds = { min: 0, max: 23 };
const domBounds: Bounds = { min: 1, max: 31 };
const monthBounds: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const dowBounds: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** parser.go parseDescriptor. */
const descriptors: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export type ParsedSchedule = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

/**
 * Parses `schedule` in `timeZone` (null: the controller manager's local zone, taken as UTC). Rejects
 * what the API server rejects (pkg/apis/batch/validation/validation.go validateScheduleFormat,
 * validateTimeZone): a schedule robfig cannot parse, `TZ=`/`CRON_TZ=` in the schedule, an unknown
 * or `Local` time zone.
 */
export function parseCronSchedule(schedule: string, timeZone: string | null): ParsedSchedule {
  if (schedule.includes('TZ')) {
    return { ok: false, error: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' };
  }
  let zone: Zone;
  if (timeZone !== null) {
    if (timeZone === '') {
      return { ok: false, error: 'timeZone must be nil or non-empty string' };
    }
    if (timeZone.toLowerCase() === 'local') {
      return {
        ok: false,
        error: 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      };
    }
    const found = Zone.named(timeZone);
    if (!found) {
      return { ok: false, error: `unknown time zone ${timeZone}` };
    }
    zone = found;
  } else {
    zone = Zone.utc;
  }
  const spec = schedule.trim();
  if (spec === '') {
    return { ok: false, error: 'empty spec string' };
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const seconds = parseGoDuration(spec.slice('@every '.length).trim());
      if (seconds === null) {
        return { ok: false, error: `failed to parse duration ${spec}` };
      }
      // ConstantDelaySchedule: at least a second, whole seconds.
      return { ok: true, schedule: { kind: 'every', seconds: Math.max(1, Math.floor(seconds)) } };
    }
    const expanded = descriptors[spec.toLowerCase()];
    if (expanded === undefined) {
      return { ok: false, error: `unrecognized descriptor: ${spec}` };
    }
    return parseFields(expanded, zone);
  }
  return parseFields(spec, zone);
}

function parseFields(spec: string, zone: Zone): ParsedSchedule {
  const fields = spec.split(/\s+/);
  if (fields.length !== 5) {
    return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: ${spec}` };
  }
  const parsed: Field[] = [];
  for (const [n, bounds] of [minuteBounds, hourBounds, domBounds, monthBounds, dowBounds].entries()) {
    const field = parseField(fields[n]!, bounds);
    if (typeof field === 'string') {
      return { ok: false, error: field };
    }
    parsed.push(field);
  }
  const [minute, hour, dom, month, dow] = parsed as [Field, Field, Field, Field, Field];
  return { ok: true, schedule: { kind: 'spec', minute, hour, dom, month, dow, zone } };
}

/** parser.go getField and getRange: a comma-separated list of `*`, `a`, `a-b`, each with `/step`. */
function parseField(text: string, bounds: Bounds): Field | string {
  const field: Field = { values: new Set(), star: false };
  for (const expr of text.split(',')) {
    const rangeAndStep = expr.split('/');
    const lowAndHigh = rangeAndStep[0]!.split('-');
    const single = lowAndHigh.length === 1;
    let start: number;
    let end: number;
    let star = false;
    if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
      start = bounds.min;
      end = bounds.max;
      star = true;
    } else {
      const low = parseIntOrName(lowAndHigh[0]!, bounds);
      if (typeof low === 'string') {
        return low;
      }
      start = low;
      if (lowAndHigh.length === 1) {
        end = start;
      } else if (lowAndHigh.length === 2) {
        const high = parseIntOrName(lowAndHigh[1]!, bounds);
        if (typeof high === 'string') {
          return high;
        }
        end = high;
      } else {
        return `too many hyphens: ${expr}`;
      }
    }
    let step = 1;
    if (rangeAndStep.length === 2) {
      const parsed = parseNumber(rangeAndStep[1]!);
      if (typeof parsed === 'string') {
        return parsed;
      }
      step = parsed;
      // "N/step" means "N-max/step".
      if (single) {
        end = bounds.max;
      }
      if (step > 1) {
        star = false;
      }
    } else if (rangeAndStep.length > 2) {
      return `too many slashes: ${expr}`;
    }
    if (start < bounds.min) {
      return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
    }
    if (end > bounds.max) {
      return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
    }
    if (start > end) {
      return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
    }
    if (step === 0) {
      return `step of range should be a positive number: ${expr}`;
    }
    for (let value = start; value <= end; value += step) {
      field.values.add(value);
    }
    field.star ||= star;
  }
  return field;
}

function parseIntOrName(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNumber(text);
}

function parseNumber(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) {
    return `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
  }
  const value = Number(text);
  return value < 0 ? `negative number (${value}) not allowed: ${text}` : value;
}

/** A Go duration (time.ParseDuration) in seconds, for `@every`: `1h30m`, `90s`, `2.5h`. */
function parseGoDuration(text: string): number | null {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, µs: 1e-6, ns: 1e-9 };
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let matched = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    total += Number(match[1]) * units[match[2]!]!;
    matched = pattern.lastIndex;
  }
  return text !== '' && matched === text.length ? total : null;
}

/**
 * spec.go SpecSchedule.Next: the first time after `t` (whole seconds since the epoch) that matches,
 * computed in the schedule's zone as robfig does: months and days step by the calendar (AddDate),
 * hours and minutes by elapsed time (Add). So a time that a daylight-saving change skips does not
 * run that day, and one it repeats runs twice. Null when nothing matches within five years.
 */
export function nextScheduleTime(schedule: CronSchedule, t: number): number | null {
  if (schedule.kind === 'every') {
    return t + schedule.seconds;
  }
  const { zone } = schedule;
  // The upcoming second (seconds are always 0 in a five-field schedule).
  let time = Math.floor(t) + 1;
  let added = false;
  const yearLimit = zone.fields(time).year + 5;
  wrap: for (;;) {
    let local = zone.fields(time);
    if (local.year > yearLimit) {
      return null;
    }
    while (!schedule.month.values.has(local.month)) {
      if (!added) {
        added = true;
        time = zone.date(local.year, local.month, 1, 0, 0, 0);
      }
      local = zone.fields(time);
      time = zone.date(local.year, local.month + 1, local.day, local.hour, local.minute, local.second);
      local = zone.fields(time);
      if (local.month === 1) {
        continue wrap;
      }
    }
    while (!dayMatches(schedule, local)) {
      if (!added) {
        added = true;
        time = zone.date(local.year, local.month, local.day, 0, 0, 0);
        local = zone.fields(time);
      }
      time = zone.date(local.year, local.month, local.day + 1, local.hour, local.minute, local.second);
      local = zone.fields(time);
      // Notice if the hour is no longer midnight due to DST.
      if (local.hour !== 0) {
        time += (local.hour > 12 ? 24 - local.hour : -local.hour) * 3600;
        local = zone.fields(time);
      }
      if (local.day === 1) {
        continue wrap;
      }
    }
    while (!schedule.hour.values.has(local.hour)) {
      if (!added) {
        added = true;
        time = zone.date(local.year, local.month, local.day, local.hour, 0, 0);
      }
      time += 3600;
      local = zone.fields(time);
      if (local.hour === 0) {
        continue wrap;
      }
    }
    while (!schedule.minute.values.has(local.minute)) {
      if (!added) {
        added = true;
        time -= time % 60;
      }
      time += 60;
      local = zone.fields(time);
      if (local.minute === 0) {
        continue wrap;
      }
    }
    if (local.second !== 0) {
      // robfig adds a second at a time until the second is 0, then wraps: straight to the minute.
      added = true;
      time += 60 - local.second;
      continue;
    }
    return time;
  }
}

/** spec.go dayMatches: with `*` in either day field both must match, else either. */
function dayMatches(schedule: Extract<CronSchedule, { kind: 'spec' }>, local: LocalTime): boolean {
  const domMatch = schedule.dom.values.has(local.day);
  const dowMatch = schedule.dow.values.has(local.weekday);
  return schedule.dom.star || schedule.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

export interface LocalTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** A tz database zone: local time of an instant, and the instant of a local time (Go's time.Date). */
export class Zone {
  static readonly utc = new Zone('UTC', null);

  private constructor(
    readonly name: string,
    private readonly format: Intl.DateTimeFormat | null,
  ) {}

  /** The zone, or undefined when the tz database has no such zone. */
  static named(name: string): Zone | undefined {
    if (name === 'UTC') {
      return Zone.utc;
    }
    try {
      return new Zone(
        name,
        new Intl.DateTimeFormat('en-US', {
          timeZone: name,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        }),
      );
    } catch {
      return undefined;
    }
  }

  fields(t: number): LocalTime {
    const wall = t + this.offset(t);
    const date = new Date(wall * 1000);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      weekday: date.getUTCDay(),
    };
  }

  /** Seconds east of UTC at instant `t`. */
  offset(t: number): number {
    if (!this.format) {
      return 0;
    }
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(t * 1000))) {
      if (part.type !== 'literal') {
        parts[part.type] = Number(part.value);
      }
    }
    const wall =
      Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second) / 1000;
    return wall - Math.floor(t);
  }

  /**
   * Go's time.Date in this zone: the fields normalised (month 13 is next January), then the offset
   * of the zone at that wall time, looked up as Go does (a wall time a DST change skips lands after
   * it, a repeated one on its first occurrence).
   */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
    let offset = this.offset(wall);
    const utc = wall - offset;
    const corrected = this.offset(utc);
    if (corrected !== offset) {
      offset = corrected;
    }
    return wall - offset;
  }

  /** An instant as ISO 8601 local time with its offset: `2026-03-29T03:00:00+02:00`. */
  iso(t: number): string {
    const local = this.fields(t);
    const offset = this.offset(t);
    const pad = (value: number): string => String(value).padStart(2, '0');
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const zone =
      offset === 0 && !this.format
        ? 'Z'
        : `${sign}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
    return `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}${zone}`;
  }
}

/** How many start times were missed (cronjob utils.go missedSchedulesType). */
export type MissedSchedules = 'none' | 'few' | 'many';

/**
 * cronjob/utils.go mostRecentScheduleTime: the latest start time not after `now` since the last
 * scheduled one (or the CronJob's creation), within startingDeadlineSeconds when asked; and whether
 * more than 100 were missed ("too many missed start times").
 */
export function mostRecentScheduleTime(
  schedule: CronSchedule,
  earliest: number,
  now: number,
  startingDeadlineSeconds: number | null,
): { earliest: number; mostRecent: number | null; missed: MissedSchedules } | { error: string } {
  let earliestTime = earliest;
  if (startingDeadlineSeconds !== null && now - startingDeadlineSeconds > earliestTime) {
    earliestTime = now - startingDeadlineSeconds;
  }
  const t1 = nextScheduleTime(schedule, earliestTime);
  const t2 = t1 === null ? null : nextScheduleTime(schedule, t1);
  if (t1 === null || now < t1) {
    return { earliest: earliestTime, mostRecent: null, missed: 'none' };
  }
  if (t2 === null || now < t2) {
    return { earliest: earliestTime, mostRecent: t1, missed: 'none' };
  }
  const between = t2 - t1;
  if (between < 1) {
    return { error: 'time difference between two schedules is less than 1 second' };
  }
  const missedCount = Math.floor((now - t1) / between) + 1;
  let mostRecent: number | null = null;
  // The controller first jumps close to now by the interval, then lets the schedule find the rest.
  const potentialEarliest = t1 + (missedCount - 2) * between;
  for (
    let t = nextScheduleTime(schedule, potentialEarliest);
    t !== null && t <= now;
    t = nextScheduleTime(schedule, t)
  ) {
    mostRecent = t;
  }
  return {
    earliest: earliestTime,
    mostRecent,
    missed: missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none',
  };
}
