// Times as the API server writes them. Log timestamps carry nanoseconds and strictly increase,
// so that lines written in the same millisecond still have an order a client can resume from.
let lastMillis = 0;
let sequence = 0;

/** RFC 3339 at second precision, as object timestamps are serialized. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** RFC 3339 with nanoseconds, strictly increasing within this process. */
export function logTimestamp(): string {
  const millis = Date.now();
  if (millis > lastMillis) {
    lastMillis = millis;
    sequence = 0;
  } else sequence++;
  const base = new Date(lastMillis).toISOString().slice(0, 23);
  return `${base}${String(sequence).padStart(6, '0')}Z`;
}

/** Go's metav1.Time travels in query parameters at second precision: sinceTime loses its fraction. */
export function truncateToSeconds(time: string): number {
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? NaN : Math.floor(parsed / 1000) * 1000;
}

/** Milliseconds since the epoch plus the nanosecond remainder, for ordering log timestamps. */
export function timestampKey(time: string): string {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time);
  if (!match) return time;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}`;
}
