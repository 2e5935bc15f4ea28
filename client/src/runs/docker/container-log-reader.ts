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
    let last: { time: string; sameTime: number } | undefined;
    try {
      for await (const line of logLinesOf(stream as AsyncIterable<Buffer>, podName, containerName, sinceMs)) {
        last = last?.time === line.time ? { time: line.time, sameTime: last.sameTime + 1 } : { time: line.time, sameTime: 1 };
        yield line;
      }
    } finally {
      // The consumer may stop early: free the engine's connection.
      stream.destroy();
    }
    // The engine can end a follow when the container exits before it sent the whole file: read the rest.
    yield* linesAfter(container, podName, containerName, last, sinceMs);
  } else {
    const output = (await container.logs({ ...query, follow: false })) as unknown as Buffer;
    yield* logLinesOf([output], podName, containerName, sinceMs);
  }
}

async function* linesAfter(container: Docker.Container, podName: string, containerName: string, last: { time: string; sameTime: number } | undefined, sinceMs?: number): AsyncGenerator<LogLine> {
  const since = last ? dockerSince(last.time) : undefined;
  // Removed meanwhile (a TTL of 0, a deletion): what the follow read is all there is.
  const output = (await tolerating(container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, since: since as unknown as number }), [404, 409])) as unknown as Buffer | undefined;
  if (output === undefined) return;
  let skipAtLast = last?.sameTime ?? 0;
  for await (const line of logLinesOf([output], podName, containerName, sinceMs)) {
    if (last) {
      // Not as text: the engine drops trailing zeros, so ".1234Z" is before ".12341Z".
      const order = compareLogTimes(line.time, last.time);
      if (order < 0) continue;
      if (order === 0 && skipAtLast > 0) {
        skipAtLast -= 1;
        continue;
      }
    }
    yield line;
  }
}
