// A CronJob's schedule and time zone, as the API server validates them (robfig/cron's standard
// parser: five fields or a macro, no TZ= prefix; timeZone an IANA name).
import { CronExpressionParser } from 'cron-parser';
import type { FindingCollector } from './findings';
import type { JobDocument } from '../parse/job-document';
import { nodeAt, numberAt, pairOf, stringAt } from '../parse/yaml-nodes';
import { remembered } from './remembered';

/** The schedule macros the controller accepts (besides `@every`), as five-field expressions. */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MACROS = new Set(Object.keys(CRON_MACROS));
const EVERY = /^@every\s+(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const FIELD_NAMES = ['minute', 'hour', 'day of the month', 'month', 'day of the week'];
const MONTHS = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
const DAYS = 'SUN|MON|TUE|WED|THU|FRI|SAT';

/** What one field may hold: numbers, and month or day names in their fields. */
function fieldPattern(index: number): RegExp {
  const names = index === 3 ? `|${MONTHS}` : index === 4 ? `|${DAYS}` : '';
  const atom = `(\\d+${names})`;
  return new RegExp(`^(\\*|\\?|${atom}(-${atom})?)(/\\d+)?(,(\\*|${atom}(-${atom})?)(/\\d+)?)*$`, 'i');
}

const NEVER_RUNS = 'names a day that none of its months has: it never runs';
const TZ_PREFIX = /^(CRON_TZ|TZ)=(\S*)\s*/;

export function checkCronJob(manifest: JobDocument, collector: FindingCollector): void {
  const spec = nodeAt(manifest.root, 'spec');
  const scheduleNode = nodeAt(spec, 'schedule');
  const schedule = stringAt(spec, 'schedule');
  if (schedule !== undefined) {
    const prefix = TZ_PREFIX.exec(schedule);
    if (prefix) {
      const rest = schedule.slice(prefix[0].length);
      const schedulePair = pairOf(spec, 'schedule');
      const edits = [collector.replace(scheduleNode, `"${rest}"`)];
      if (stringAt(spec, 'timeZone') === undefined && schedulePair) {
        const at = collector.lineStart(schedulePair.key);
        edits.push({ start: at, end: at, newText: `${' '.repeat(collector.column(schedulePair.key))}timeZone: "${prefix[2]}"\n` });
      }
      collector.report('time-zone', `${prefix[1]}= is not supported in the schedule: use the \`timeZone\` field.`, scheduleNode, {
        fixes: [{ title: `Move ${prefix[2]} to timeZone`, edits, preferred: true }],
      });
    } else {
      const problem = scheduleProblem(schedule);
      // The API server's parser accepts any day 1-31 in any month: the CronJob is created and never runs.
      if (problem === NEVER_RUNS) collector.report('cron-schedule', `Schedule "${schedule}" ${NEVER_RUNS}.`, scheduleNode, { severity: 'warning' });
      else if (problem) collector.report('cron-schedule', `Invalid schedule "${schedule}": ${problem}.`, scheduleNode);
    }
  }
  const timeZone = stringAt(spec, 'timeZone');
  if (timeZone !== undefined && !isKnownTimeZone(timeZone)) {
    collector.report('time-zone', `Unknown time zone "${timeZone}": use an IANA name like "Etc/UTC" or "Europe/Berlin".`, nodeAt(spec, 'timeZone'));
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    const value = numberAt(spec, field);
    if (value !== undefined && value < 0) collector.report('out-of-range', `\`${field}\` must be greater than or equal to 0.`, nodeAt(spec, field));
  }
}

// Parsing a schedule costs a tenth of a millisecond.
const knownSchedules = new Map<string, string | undefined>();

/** Why a schedule is invalid, or undefined when the CronJob controller accepts it. */
export function scheduleProblem(schedule: string): string | undefined {
  return remembered(knownSchedules, schedule, findScheduleProblem);
}

function findScheduleProblem(schedule: string): string | undefined {
  const trimmed = schedule.trim();
  if (trimmed === '') return 'the schedule is empty';
  if (trimmed.startsWith('@')) {
    return MACROS.has(trimmed) || EVERY.test(trimmed) ? undefined : `unknown macro; use one of ${[...MACROS].join(', ')}`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  // cron-parser also knows Quartz extensions the Kubernetes parser rejects.
  if (fields.some((field) => /#|(^|[\d,])L(W)?($|,)|W$/i.test(field))) return 'L, W and # are not supported';
  const unknown = fields.findIndex((field, index) => !fieldPattern(index).test(field));
  if (unknown >= 0) return `"${fields[unknown]}" is not a ${FIELD_NAMES[unknown]}: use numbers, *, ?, ranges (a-b), steps (/n) and lists (a,b)`;
  // robfig/cron counts days of the week 0-6 (7 is not Sunday there).
  if (/(^|[,-])7($|[,/-])/.test(fields[4])) return 'day of the week 7 is above the maximum (6): use 0 for Sunday';
  try {
    CronExpressionParser.parse(trimmed, { strict: false });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return /explicit day of month/i.test(message) ? NEVER_RUNS : message;
  }
}

// Building an Intl formatter is costly.
const knownZones = new Map<string, boolean>();

export function isKnownTimeZone(zone: string): boolean {
  // "Local" is the controller's own zone, which the API server refuses as ambiguous.
  if (zone === '' || zone.toLowerCase() === 'local') return false;
  return remembered(knownZones, zone, intlKnowsZone);
}

function intlKnowsZone(zone: string): boolean {
  try {
    // Intl ignores case ("utc"); the API server's time zone database does not.
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}
