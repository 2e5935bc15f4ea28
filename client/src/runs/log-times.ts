// The times engines and clusters stamp log lines with: RFC 3339, nanoseconds with trailing zeros
// dropped, so two of them compare as text only when they have the same shape.

const TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/;

/** RFC 3339 times with any number of fraction digits (the engine drops trailing zeros), compared to the nanosecond. */
export function compareLogTimes(a: string, b: string): number {
  // Same shape in UTC (the usual case): the text sorts as the time.
  if (a.length === b.length && a.endsWith('Z') && b.endsWith('Z')) return a < b ? -1 : a > b ? 1 : 0;
  const x = TIME.exec(a);
  const y = TIME.exec(b);
  if (!x || !y) return 0;
  const seconds = Date.parse(`${x[1]}${x[3]}`) - Date.parse(`${y[1]}${y[3]}`);
  if (seconds !== 0 || Number.isNaN(seconds)) return Number.isNaN(seconds) ? 0 : seconds;
  return Number((x[2] ?? '').padEnd(9, '0').slice(0, 9)) - Number((y[2] ?? '').padEnd(9, '0').slice(0, 9));
}
