// Docker's multiplexed log stream (8-byte frame headers; stdout = 1, stderr = 2) with
// `timestamps: true`, read into LogLines one frame at a time so memory stays bounded however
// much a container writes.
import type { LogLine } from '../model';

const HEADER = 8;

export async function* logLinesOf(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  pod: string,
  container: string,
  since?: number,
): AsyncGenerator<LogLine> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    pending = pending.length === 0 ? toBuffer(chunk) : Buffer.concat([pending, toBuffer(chunk)]);
    let offset = 0;
    while (pending.length - offset >= HEADER) {
      const size = pending.readUInt32BE(offset + 4);
      if (pending.length - offset < HEADER + size) break;
      const stream = pending[offset] === 2 ? 'stderr' : 'stdout';
      const payload = pending.toString('utf8', offset + HEADER, offset + HEADER + size);
      offset += HEADER + size;
      for (const line of entriesOf(payload)) {
        if (since !== undefined && Date.parse(line.time) < since) continue;
        yield { pod, container, stream, text: line.text, time: line.time };
      }
    }
    pending = pending.subarray(offset);
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/** A frame holds one log entry ("<RFC 3339 time> <text>\n"); splitting on newlines also copes with several. */
function* entriesOf(payload: string): Generator<{ time: string; text: string }> {
  const lines = payload.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const space = line.indexOf(' ');
    const time = space > 0 ? line.slice(0, space) : '';
    if (space > 0 && /^\d{4}-\d\d-\d\dT/.test(time)) yield { time, text: line.slice(space + 1) };
    else yield { time: new Date().toISOString(), text: line };
  }
}

/** Docker's `since` query value (seconds with a fraction) for an RFC 3339 time. */
export function dockerSince(time: string): string | undefined {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return undefined;
  return (ms / 1000).toFixed(3);
}
