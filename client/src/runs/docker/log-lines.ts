// Docker's multiplexed log stream (8-byte frame headers; stdout = 1, stderr = 2) with
// `timestamps: true`, read into LogLines one frame at a time so memory stays bounded however
// much a container writes. A line longer than the engine's 16 KiB buffer comes as parts without
// a line break, each stamped with the first part's time: they are joined into the one line the
// container wrote, as a cluster's kubelet joins its runtime's partial lines for `kubectl logs`.
import type { LogLine } from '../model';
import { compareLogTimes } from '../log-times';

const HEADER = 8;
/** A line is handed on in pieces past this many characters, so that memory stays bounded. */
export const MAX_JOINED_LINE = 4 * 1024 * 1024;

export interface LogLinesOptions {
  /** Only lines from this time (ms since the epoch). */
  since?: number;
  /**
   * The input may end inside a line (a follow the engine ended early): its parts are dropped, to be
   * read again whole. Otherwise the input is the whole log and its last part is the last line.
   */
  mayEndInsideLine?: boolean;
}

type LogStream = LogLine['stream'];
type Entry = { time: string; text: string };

export async function* logLinesOf(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  pod: string,
  container: string,
  options: LogLinesOptions = {},
): AsyncGenerator<LogLine> {
  const { since } = options;
  const partial: Partial<Record<LogStream, Entry>> = {};
  const wanted = (entry: Entry): boolean => since === undefined || Date.parse(entry.time) >= since;
  const line = (stream: LogStream, entry: Entry): LogLine => ({ pod, container, stream, text: entry.text, time: entry.time });
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? toBuffer(chunk) : Buffer.concat([pending, toBuffer(chunk)]);
    let offset = 0;
    while (pending.length - offset >= HEADER) {
      const size = pending.readUInt32BE(offset + 4);
      if (pending.length - offset < HEADER + size) break;
      const stream: LogStream = pending[offset] === 2 ? 'stderr' : 'stdout';
      const payload = pending.toString('utf8', offset + HEADER, offset + HEADER + size);
      offset += HEADER + size;
      const { entries, unfinished } = entriesOf(payload);
      for (const entry of entries) {
        const begun = partial[stream];
        partial[stream] = undefined;
        const whole = begun ? { time: begun.time, text: begun.text + entry.text } : entry;
        if (wanted(whole)) yield line(stream, whole);
      }
      if (unfinished) {
        const begun = partial[stream];
        const joined = begun ? { time: begun.time, text: begun.text + unfinished.text } : unfinished;
        if (joined.text.length < MAX_JOINED_LINE) partial[stream] = joined;
        else {
          partial[stream] = undefined;
          if (wanted(joined)) yield line(stream, joined);
        }
      }
    }
    pending = pending.subarray(offset);
  }
  if (options.mayEndInsideLine) return;
  // The whole log: a container's last output without a line break is its last line.
  const left = (['stdout', 'stderr'] as const).flatMap((stream) => {
    const entry = partial[stream];
    return entry && wanted(entry) ? [line(stream, entry)] : [];
  });
  yield* left.sort((a, b) => compareLogTimes(a.time, b.time));
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/**
 * A frame holds one log entry ("<RFC 3339 time> <text>\n"), or a part of a long line (no line
 * break); splitting on line breaks also copes with several entries.
 */
function entriesOf(payload: string): { entries: Entry[]; unfinished?: Entry } {
  const lines = payload.split('\n');
  const last = lines.pop() ?? '';
  return { entries: lines.map(entryOf), ...(last === '' ? {} : { unfinished: entryOf(last) }) };
}

function entryOf(line: string): Entry {
  const space = line.indexOf(' ');
  const time = space > 0 ? line.slice(0, space) : '';
  if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(time)) return { time, text: line.slice(space + 1) };
  return { time: new Date().toISOString(), text: line };
}

/** Docker's `since` query value (seconds with a fraction) for an RFC 3339 time. */
export function dockerSince(time: string): string | undefined {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return undefined;
  return (ms / 1000).toFixed(3);
}
