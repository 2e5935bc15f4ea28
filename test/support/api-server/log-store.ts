// Container output as the kubelet keeps it: one log per container instance (a restart starts a
// new one, the previous stays readable), served by GET .../pods/NAME/log with follow, previous,
// timestamps, sinceTime and tailLines. The test can drop every open stream to test resuming.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './status';
import { logTimestamp, timestampKey, truncateToSeconds } from './clock';
import type { StoredObject } from './store';

interface LogEntry {
  time: string;
  text: string;
}

class InstanceLog {
  readonly entries: LogEntry[] = [];
  closed = false;
  private readonly waiters = new Set<() => void>();

  append(text: string): void {
    this.entries.push({ time: logTimestamp(), text });
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Resolves at the next line or close. */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }
}

export class LogStore {
  private readonly logs = new Map<string, InstanceLog[]>();
  private readonly open = new Set<ServerResponse>();

  private instances(namespace: string, pod: string, container: string): InstanceLog[] {
    const key = `${namespace}/${pod}/${container}`;
    let list = this.logs.get(key);
    if (!list) this.logs.set(key, (list = []));
    return list;
  }

  /** A new container instance starts writing (first start or restart). */
  start(namespace: string, pod: string, container: string): InstanceLog {
    const log = new InstanceLog();
    this.instances(namespace, pod, container).push(log);
    return log;
  }

  current(namespace: string, pod: string, container: string): InstanceLog | undefined {
    return this.instances(namespace, pod, container).at(-1);
  }

  removePod(namespace: string, pod: string): void {
    for (const key of [...this.logs.keys()]) {
      if (key.startsWith(`${namespace}/${pod}/`)) {
        for (const log of this.logs.get(key) ?? []) log.close();
        this.logs.delete(key);
      }
    }
  }

  /** Cuts every open log stream mid-way, as a proxy or a flaky network does. */
  dropStreams(): number {
    const count = this.open.size;
    for (const response of this.open) response.destroy();
    this.open.clear();
    return count;
  }

  openStreams(): number {
    return this.open.size;
  }

  async serve(request: IncomingMessage, response: ServerResponse, pod: StoredObject, query: URLSearchParams): Promise<void> {
    const spec = pod.spec as { containers?: { name: string }[]; initContainers?: { name: string }[] };
    const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.name);
    const podName = pod.metadata.name;
    let container = query.get('container') ?? '';
    if (!container) {
      if ((spec.containers ?? []).length !== 1) throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${(spec.containers ?? []).map((c) => c.name).join(' ')}]`);
      container = spec.containers?.[0]?.name ?? '';
    }
    if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${podName}`);
    const instances = this.instances(pod.metadata.namespace ?? '', podName, container);
    const previous = query.get('previous') === 'true';
    const log = previous ? instances.at(-2) : instances.at(-1);
    if (!log) {
      if (previous) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
      throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${waitingReason(pod, container)}`);
    }
    const follow = query.get('follow') === 'true' && !previous;
    const timestamps = query.get('timestamps') === 'true';
    const sinceParam = query.get('sinceTime');
    const since = sinceParam ? truncateToSeconds(sinceParam) : undefined;
    if (since !== undefined && Number.isNaN(since)) throw badRequest(`parsing time "${sinceParam}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
    const tail = query.get('tailLines') ? Number(query.get('tailLines')) : undefined;

    response.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    this.open.add(response);
    request.on('close', () => this.open.delete(response));
    const sinceKey = since !== undefined ? timestampKey(new Date(since).toISOString()) : undefined;
    const visible = (entry: LogEntry) => sinceKey === undefined || timestampKey(entry.time) >= sinceKey;
    const format = (entry: LogEntry) => `${timestamps ? `${entry.time} ` : ''}${entry.text}\n`;
    const existing = log.entries.filter(visible);
    const first = tail !== undefined ? existing.slice(Math.max(0, existing.length - tail)) : existing;
    if (first.length > 0) response.write(first.map(format).join(''));
    let sent = log.entries.length;
    while (follow && !log.closed && !response.destroyed) {
      await log.next();
      const fresh = log.entries.slice(sent).filter(visible);
      sent = log.entries.length;
      if (fresh.length > 0 && !response.destroyed) response.write(fresh.map(format).join(''));
    }
    this.open.delete(response);
    if (!response.destroyed) response.end();
  }
}

function waitingReason(pod: StoredObject, container: string): string {
  const status = pod.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[]; initContainerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined;
  const found = [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])].find((c) => c.name === container);
  return found?.state?.waiting?.reason ?? 'ContainerCreating';
}
