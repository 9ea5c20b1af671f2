/**
 * When scheduled jobs are due, in the firm's time zone. Pure: `now` is an argument.
 * A five-field cron expression (minute hour day-of-month month day-of-week) is
 * matched against local wall-clock time; a time that does not exist locally (a
 * daylight-saving gap) is skipped that day, and one that occurs twice (the hour
 * repeated in autumn) runs once, because each run is keyed by its local date.
 */

export interface CronSpec {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOrWeekday: boolean;
}

const FIELDS: Array<{ name: string; min: number; max: number }> = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
];

function parseField(text: string, field: { name: string; min: number; max: number }): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = part.match(/^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/);
    if (!match) throw new Error(`cron ${field.name} "${part}" is not a number, range, list or step`);
    const [, range = "*", stepText] = match;
    const step = stepText ? Number(stepText) : 1;
    const bounds = range === "*" ? [field.min, field.max] : range.split("-").map(Number);
    const from = bounds[0] ?? field.min;
    const to = bounds[1] ?? (stepText ? field.max : from);
    if (from < field.min || to > field.max || from > to || step < 1) {
      throw new Error(`cron ${field.name} "${part}" is outside ${field.min}–${field.max}`);
    }
    for (let v = from; v <= to; v += step) values.add(field.name === "day of week" && v === 7 ? 0 : v);
  }
  return values;
}

export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expression}" needs five fields: minute hour day month weekday`);
  const [minutes, hours, days, months, weekdays] = parts.map((p, i) => parseField(p, FIELDS[i] as (typeof FIELDS)[0]));
  return {
    minutes: minutes as Set<number>,
    hours: hours as Set<number>,
    days: days as Set<number>,
    months: months as Set<number>,
    weekdays: weekdays as Set<number>,
    dayOrWeekday: parts[2] !== "*" && parts[4] !== "*",
  };
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Wall-clock time in `timezone` at the instant `at`. */
export function localTime(at: Date, timezone: string): LocalTime {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
    });
    formatters.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? "Sun"] ?? 0,
  };
}

export function matches(spec: CronSpec, t: LocalTime): boolean {
  if (!spec.minutes.has(t.minute) || !spec.hours.has(t.hour) || !spec.months.has(t.month)) return false;
  const day = spec.days.has(t.day);
  const weekday = spec.weekdays.has(t.weekday);
  return spec.dayOrWeekday ? day || weekday : day && weekday;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The key of a scheduled run: its local date and time, e.g. "2026-12-07T09:00". */
export const periodKey = (t: LocalTime): string =>
  `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;

const MINUTE = 60_000;

/**
 * The latest scheduled instant in (after, now], with its period key, or null when
 * none fell in that span. Used at start to make up a run missed while no instance
 * was up: the caller looks back one period and runs what it finds, once.
 */
export function lastScheduledRun(
  spec: CronSpec,
  timezone: string,
  after: Date,
  now: Date,
): { at: Date; key: string } | null {
  const start = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let t = Math.floor(now.getTime() / MINUTE) * MINUTE; t >= start; t -= MINUTE) {
    const local = localTime(new Date(t), timezone);
    if (matches(spec, local)) return { at: new Date(t), key: periodKey(local) };
  }
  return null;
}
