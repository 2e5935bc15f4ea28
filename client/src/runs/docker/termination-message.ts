// A container's termination message, read after it exited: the file at
// terminationMessagePath (4096 bytes at most), or with FallbackToLogsOnError and an empty file
// after a failure, the end of its log (80 lines, 2048 bytes at most) — as the kubelet does.
import { open } from 'node:fs/promises';
import type Docker from 'dockerode';
import { firstFileOf } from './tar-archive';
import { logLinesOf } from './log-lines';
import { DEFAULT_TERMINATION_MESSAGE_PATH } from './container-config';
import type { ContainerSpec } from './pod-spec';

const MAX_MESSAGE_BYTES = 4096;
const FALLBACK_LINES = 80;
const FALLBACK_BYTES = 2048;

/**
 * What the container left at its terminationMessagePath ('' for nothing): read from `localFile`
 * (the engine-side file bind-mounted there) when this process can, else through the engine.
 */
export async function terminationFileText(docker: Docker, containerId: string, spec: ContainerSpec, localFile?: string): Promise<string> {
  const local = localFile === undefined ? undefined : await readStart(localFile);
  return local ?? (await fromContainer(docker.getContainer(containerId), spec));
}

/** The message: the file's text, or after a failure with FallbackToLogsOnError and no text, the log's end. */
export async function terminationMessage(docker: Docker, containerId: string, spec: ContainerSpec, exitCode: number, fileText: string): Promise<string | undefined> {
  let message = fileText;
  if (message.length === 0 && exitCode !== 0 && spec.terminationMessagePolicy === 'FallbackToLogsOnError') {
    message = await logTail(docker.getContainer(containerId));
  }
  return message.length > 0 ? message : undefined;
}

/** The file's first MAX_MESSAGE_BYTES, or undefined when it cannot be read from here. */
async function readStart(path: string): Promise<string | undefined> {
  try {
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(MAX_MESSAGE_BYTES);
      const { bytesRead } = await file.read(buffer, 0, MAX_MESSAGE_BYTES, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
  } catch {
    return undefined;
  }
}

async function fromContainer(container: Docker.Container, spec: ContainerSpec): Promise<string> {
  let message = '';
  const path = spec.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH;
  try {
    // Most containers leave the file empty: a stat is about ten times cheaper for the engine than an archive.
    if ((await fileSize(container, path)) === 0) return '';
    const archive = await container.getArchive({ path });
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    message = (firstFileOf(Buffer.concat(chunks)) ?? Buffer.alloc(0)).subarray(0, MAX_MESSAGE_BYTES).toString('utf8');
  } catch {
    // No file (the container removed it, or it never existed): no message, as on a cluster.
  }
  return message;
}

/** The size the engine reports for a file in the container, undefined when it does not say. */
async function fileSize(container: Docker.Container, path: string): Promise<number | undefined> {
  const response = (await container.infoArchive({ path })) as unknown as { headers: Record<string, string | undefined>; resume(): void };
  response.resume();
  const stat = response.headers['x-docker-container-path-stat'];
  if (!stat) return undefined;
  const { size } = JSON.parse(Buffer.from(stat, 'base64').toString('utf8')) as { size?: unknown };
  return typeof size === 'number' ? size : undefined;
}

async function logTail(container: Docker.Container): Promise<string> {
  const output = (await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, tail: FALLBACK_LINES })) as unknown as Buffer;
  const lines: string[] = [];
  for await (const line of logLinesOf([output], '', '')) lines.push(line.text);
  const text = lines.join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= FALLBACK_BYTES ? text : bytes.subarray(bytes.length - FALLBACK_BYTES).toString('utf8');
}
