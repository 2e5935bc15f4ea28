// Reads a timestamped log stream ("2024-01-02T03:04:05.123456789Z text" per line) and keeps
// the position reached, so that a resumed stream (sinceTime only has second precision, so it
// repeats lines) yields neither duplicates nor gaps.
import type { IncomingMessage } from 'node:http';

export interface TimedLine {
  time: string;
  text: string;
}

/** Comparable form of an RFC 3339 UTC time with up to nanoseconds. */
export function timeKey(time: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (match) return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}`;
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? time : `${new Date(parsed).toISOString().slice(0, 19)}.${String(parsed % 1000).padStart(3, '0')}000000`;
}

export function splitTimestamp(line: string): TimedLine {
  const space = line.indexOf(' ');
  const time = space > 0 ? line.slice(0, space) : line;
  if (!/^\d{4}-\d\d-\d\dT/.test(time)) return { time: '', text: line };
  return { time, text: space > 0 ? line.slice(space + 1) : '' };
}

/** Where a stream got to: the last line's time, and how many lines carried exactly that time. */
export class LogPosition {
  private lastKey: string | undefined;
  private lastTime: string | undefined;
  private atLast = 0;
  private toSkip = 0;

  /** sinceTime for the next request, if anything was read. */
  get since(): string | undefined {
    return this.lastTime;
  }

  /** A new stream starts: lines up to the position will come again and must be skipped. */
  resume(): void {
    this.toSkip = this.atLast;
  }

  /** True when the line is new; records it. */
  accept(line: TimedLine): boolean {
    if (!line.time) return true;
    const key = timeKey(line.time);
    if (this.lastKey !== undefined && key < this.lastKey) return false;
    if (key === this.lastKey) {
      if (this.toSkip > 0) {
        this.toSkip--;
        return false;
      }
      this.atLast++;
      return true;
    }
    this.lastKey = key;
    this.lastTime = line.time;
    this.atLast = 1;
    this.toSkip = 0;
    return true;
  }
}

/** The lines of a response as they arrive; `complete` says whether it ended cleanly. */
export async function* responseLines(response: IncomingMessage): AsyncGenerator<string> {
  let buffered = '';
  response.setEncoding('utf8');
  for await (const chunk of response as AsyncIterable<string>) {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline).replace(/\r$/, '');
      buffered = buffered.slice(newline + 1);
    }
  }
  // A last line without newline only counts if the stream ended cleanly: else it may be cut.
  if (buffered && response.complete) yield buffered;
}
