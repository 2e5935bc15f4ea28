// Docker's multiplexed log stream read into lines: a line longer than the engine's 16 KiB buffer
// comes in parts without a line break, all stamped with the first part's time, and reads as the
// one line the container wrote (as `kubectl logs` shows it on a cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLinesOf, MAX_JOINED_LINE, type LogLinesOptions } from '../../client/src/runs/docker/log-lines';

const T1 = '2026-12-04T10:00:00.100000000Z';
const T2 = '2026-12-04T10:00:00.200000000Z';
const T3 = '2026-12-04T10:00:00.300000000Z';

/** One frame of the multiplexed stream: 8-byte header (stream, size), then "<time> <text>". */
function frame(stream: 'stdout' | 'stderr', time: string, text: string): Buffer {
  const payload = Buffer.from(`${time} ${text}`, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream === 'stderr' ? 2 : 1;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function read(frames: Buffer[], options?: LogLinesOptions, chunkSize?: number): Promise<{ stream: string; time: string; text: string }[]> {
  const whole = Buffer.concat(frames);
  // Cut anywhere, as the network delivers it.
  const chunks = chunkSize ? Array.from({ length: Math.ceil(whole.length / chunkSize) }, (_, i) => whole.subarray(i * chunkSize, (i + 1) * chunkSize)) : [whole];
  const lines = [];
  for await (const line of logLinesOf(chunks, 'pod', 'main', options)) lines.push({ stream: line.stream, time: line.time, text: line.text });
  return lines;
}

const a = 'a'.repeat(16384);

test('the parts of a long line are one line, with the first part\'s time; a stderr line between stays its own', async () => {
  const lines = await read([frame('stdout', T1, a), frame('stdout', T1, a), frame('stderr', T2, 'err\n'), frame('stdout', T1, 'rest\n'), frame('stdout', T3, 'next\n')], {}, 1000);
  assert.deepEqual(lines, [
    { stream: 'stderr', time: T2, text: 'err' },
    { stream: 'stdout', time: T1, text: `${a}${a}rest` },
    { stream: 'stdout', time: T3, text: 'next' },
  ]);
});

test('the last output without a line break is the last line of a whole log, and left for the re-read of a follow the engine ended', async () => {
  const frames = [frame('stdout', T1, 'one\n'), frame('stdout', T2, 'tail')];
  assert.deepEqual((await read(frames)).map((l) => l.text), ['one', 'tail']);
  assert.deepEqual((await read(frames, { mayEndInsideLine: true })).map((l) => l.text), ['one']);
});

test('since applies to the time of a joined line, its first part\'s', async () => {
  const frames = [frame('stdout', T1, a), frame('stdout', T1, 'rest\n'), frame('stdout', T3, 'late\n')];
  assert.deepEqual((await read(frames, { since: Date.parse(T2) })).map((l) => l.text), ['late']);
  assert.deepEqual((await read(frames, { since: Date.parse(T1) })).map((l) => l.text.length), [a.length + 4, 4]);
});

test('a line without end is handed on in pieces of bounded size', async () => {
  const parts = Math.ceil(MAX_JOINED_LINE / a.length) + 2;
  const lines = await read(Array.from({ length: parts }, () => frame('stdout', T1, a)));
  assert.ok(lines.length >= 2, `${lines.length} lines`);
  // Joined up to the bound, not handed on part by part.
  assert.ok(lines[0].text.length >= MAX_JOINED_LINE, `first piece: ${lines[0].text.length}`);
  assert.ok(lines.every((l) => l.text.length < MAX_JOINED_LINE + a.length));
  assert.equal(lines.reduce((sum, l) => sum + l.text.length, 0), parts * a.length);
});
