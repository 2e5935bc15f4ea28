// A container's logs as the engine keeps them: found by label (so pods another process created
// are read too), the current or the previous instance, followed to the end, and the rest read
// again when the engine ends a follow before it sent the whole file.
import type Docker from 'dockerode';
import type { LogLine, LogOptions } from '../model';
import { compareLogTimes } from '../log-times';
import { tolerating } from './docker-client';
import { Label, labelFilter } from './labels';
import { dockerSince, logLinesOf } from './log-lines';

export async function* readContainerLogs(docker: Docker, podName: string, containerName: string, options: LogOptions): AsyncGenerator<LogLine> {
  // Found by label, so logs of pods created by another process (an earlier session) work too.
  const found = await docker.listContainers({
    all: true,
    filters: { label: [labelFilter(Label.pod, podName), labelFilter(Label.container, containerName)] },
  });
  const runs = found.sort((a, b) => Number(a.Labels[Label.restartCount]) - Number(b.Labels[Label.restartCount]));
  const target = options.previous ? runs.at(-2) : runs.at(-1);
  if (!target) {
    throw new Error(options.previous ? `previous terminated container "${containerName}" in pod "${podName}" not found` : `container "${containerName}" in pod "${podName}" has not been created`);
  }
  const since = options.since === undefined ? undefined : dockerSince(options.since);
  const container = docker.getContainer(target.Id);
  const query = { stdout: true, stderr: true, timestamps: true, since: since as unknown as number };
  const sinceMs = options.since === undefined ? undefined : Date.parse(options.since);
  if (options.follow) {
    const stream = (await container.logs({ ...query, follow: true })) as NodeJS.ReadableStream & { destroy(): void };
    const ends = new Map<LogStream, StreamEnd>();
    try {
      for await (const line of logLinesOf(stream as AsyncIterable<Buffer>, podName, containerName, { since: sinceMs, mayEndInsideLine: true })) {
        const end = ends.get(line.stream);
        ends.set(line.stream, end?.time === line.time ? { time: line.time, sameTime: end.sameTime + 1 } : { time: line.time, sameTime: 1 });
        yield line;
      }
    } finally {
      // The consumer may stop early: free the engine's connection.
      stream.destroy();
    }
    // The engine can end a follow when the container exits before it sent the whole file: read the rest.
    const rest = await Promise.all(LOG_STREAMS.map((name) => linesAfter(container, podName, containerName, name, ends.get(name) ?? since, sinceMs)));
    // Array.prototype.sort is stable: a stream's lines of the same time keep the engine's order.
    yield* rest.flat().sort((a, b) => compareLogTimes(a.time, b.time));
  } else {
    const output = (await container.logs({ ...query, follow: false })) as unknown as Buffer;
    yield* logLinesOf([output], podName, containerName, { since: sinceMs });
  }
}

type LogStream = LogLine['stream'];
const LOG_STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

/** The last time a follow sent a line of one stream, and how many lines of that stream it sent at that time. */
interface StreamEnd {
  time: string;
  sameTime: number;
}

/**
 * The lines of one stream after those a follow sent (`from`), or after `from` as a Docker `since`
 * when it sent none. Stream by stream: the engine stamps each stream's lines in the order it
 * files them, but files the two streams' lines as they come, so a line filed after another can
 * carry an earlier time, and the time of the follow's last line does not mark where it stopped.
 */
async function linesAfter(container: Docker.Container, podName: string, containerName: string, stream: LogStream, from: StreamEnd | string | undefined, sinceMs?: number): Promise<LogLine[]> {
  const end = typeof from === 'object' ? from : undefined;
  const since = end ? dockerSince(end.time) : from;
  const query = { stdout: stream === 'stdout', stderr: stream === 'stderr', timestamps: true, follow: false as const, since: since as unknown as number };
  // Removed meanwhile (a TTL of 0, a deletion): what the follow read is all there is.
  const output = (await tolerating(container.logs(query), [404, 409])) as unknown as Buffer | undefined;
  if (output === undefined) return [];
  const lines: LogLine[] = [];
  let skipAtEnd = end?.sameTime ?? 0;
  for await (const line of logLinesOf([output], podName, containerName, { since: sinceMs })) {
    if (end) {
      // Not as text: the engine may drop trailing zeros, so ".1234Z" is before ".12341Z".
      const order = compareLogTimes(line.time, end.time);
      if (order < 0) continue;
      if (order === 0 && skipAtEnd > 0) {
        skipAtEnd -= 1;
        continue;
      }
    }
    lines.push(line);
  }
  return lines;
}
