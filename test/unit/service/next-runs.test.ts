import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CronExpressionParser } from 'cron-parser';
import { nextRuns } from '../../../server/src/service/features/next-runs';

const EXPRESSIONS = ['*/15 * * * *', '30 2 * * 1-5', '0 0 1 * *', '0 9 1 * MON', '5 4 * * 0', '0 */6 * * *', '0 0 29 2 *', '0 12 * JUN-AUG SAT'];
const ZONES = ['UTC', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Asia/Kolkata'];
// Around the spring and autumn clock changes of both hemispheres, and a leap day.
const STARTS = ['2026-03-28T23:10:00Z', '2026-10-24T22:59:00Z', '2026-04-04T12:00:00Z', '2027-12-31T23:59:30Z', '2026-03-08T06:30:00Z'];

test('the next five runs match cron-parser\'s own iteration in every zone', () => {
  for (const expression of EXPRESSIONS) {
    for (const zone of ZONES) {
      for (const start of STARTS) {
        const now = new Date(start);
        const expected = CronExpressionParser.parse(expression, { tz: zone, currentDate: now })
          .take(5)
          .map((run) => run.toDate().toISOString());
        const actual = nextRuns(expression, zone, now, 5).map((run) => run.toISOString());
        assert.deepEqual(actual, expected, `${expression} in ${zone} from ${start}`);
      }
    }
  }
});

test('half-hour offsets and their half-hour clock changes (cron-parser returns nothing there)', () => {
  // Lord Howe Island: +11 until 2:00 on Sunday 5 April 2026, then +10:30.
  const runs = nextRuns('5 4 * * 0', 'Australia/Lord_Howe', new Date('2026-03-28T23:10:00Z'), 2).map((run) => run.toISOString());
  assert.deepEqual(runs, ['2026-04-04T17:35:00.000Z', '2026-04-11T17:35:00.000Z']);
});
