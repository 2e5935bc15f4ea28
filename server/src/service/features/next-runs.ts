// The next run times of a 5-field cron schedule in a time zone. cron-parser parses the fields;
// its own iteration costs milliseconds per step, too slow for a hover, so the days are walked here.
import { CronExpressionParser } from 'cron-parser';

// Long enough for the rarest schedules (29 February on a Monday comes back within 28 years).
const MAX_DAYS = 366 * 28;
const partsFormats = new Map<string, Intl.DateTimeFormat>();

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    if (partsFormats.size < 100) partsFormats.set(zone, format);
  }
  return format;
}

function wallClock(instant: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(zone).formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

function asUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/**
 * The instant a wall-clock time has in a zone: the earlier one when the clock repeats it (DST
 * end), undefined when the clock skips it (DST start).
 */
function instantOf(wall: WallClock, zone: string): number | undefined {
  const target = asUtc(wall);
  const offsets = new Set([-12, 12].map((hours) => {
    const probe = target + hours * 3_600_000;
    return asUtc(wallClock(probe, zone)) - probe;
  }));
  const candidates = [...offsets].map((offset) => target - offset).filter((instant) => asUtc(wallClock(instant, zone)) === target);
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/** The next `count` run instants of a valid 5-field expression after `now`, in `zone`. */
export function nextRuns(expression: string, zone: string, now: Date, count: number): Date[] {
  const { fields } = CronExpressionParser.parse(expression);
  const minutes = [...fields.minute.values].map(Number).sort((a, b) => a - b);
  const hours = [...fields.hour.values].map(Number).sort((a, b) => a - b);
  const days = new Set(fields.dayOfMonth.values.map(Number));
  const months = new Set(fields.month.values.map(Number));
  const weekdays = new Set(fields.dayOfWeek.values.map((d) => Number(d) % 7));
  // Standard cron: when both day fields are restricted, a day matching either one runs.
  const eitherDay = !fields.dayOfMonth.isWildcard && !fields.dayOfWeek.isWildcard;
  const start = wallClock(now.getTime(), zone);
  const runs: Date[] = [];
  for (let offset = 0; offset < MAX_DAYS && runs.length < count; offset++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const day = date.getUTCDate();
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const domMatch = days.has(day);
    const dowMatch = weekdays.has(date.getUTCDay());
    if (eitherDay ? !(domMatch || dowMatch) : !(domMatch && dowMatch)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const instant = instantOf({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day, hour, minute }, zone);
        if (instant === undefined || instant <= now.getTime()) continue;
        runs.push(new Date(instant));
        if (runs.length === count) return runs;
      }
    }
  }
  return runs;
}
