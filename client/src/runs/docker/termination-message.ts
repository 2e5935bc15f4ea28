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

/** `localFile`: the engine-side file bind-mounted at the path, read directly when this process can. */
export async function terminationMessage(docker: Docker, containerId: string, spec: ContainerSpec, exitCode: number, localFile?: string): Promise<string | undefined> {
  const container = docker.getContainer(containerId);
  const local = localFile === undefined ? undefined : await readStart(localFile);
  let message = local ?? (await fromContainer(container, spec));
  if (message.length === 0 && exitCode !== 0 && spec.terminationMessagePolicy === 'FallbackToLogsOnError') {
    message = await logTail(container);
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
  try {
    const archive = await container.getArchive({ path: spec.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH });
    const chunks: Buffer[] = [];
    for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
    message = (firstFileOf(Buffer.concat(chunks)) ?? Buffer.alloc(0)).subarray(0, MAX_MESSAGE_BYTES).toString('utf8');
  } catch {
    // No file (the container removed it, or it never existed): no message, as on a cluster.
  }
  return message;
}

async function logTail(container: Docker.Container): Promise<string> {
  const output = (await container.logs({ stdout: true, stderr: true, timestamps: true, follow: false, tail: FALLBACK_LINES })) as unknown as Buffer;
  const lines: string[] = [];
  for await (const line of logLinesOf([output], '', '')) lines.push(line.text);
  const text = lines.join('\n');
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= FALLBACK_BYTES ? text : bytes.subarray(bytes.length - FALLBACK_BYTES).toString('utf8');
}
