// Follows the logs of every container of every pod of a run, including pods that appear later
// and containers restarted in place. Shared by the CLI and the editor's log channels.
//
// Order: each container's lines come in the order of the engine's timestamps. The engine reads
// a container's stdout and stderr separately and can file a line stamped later before one stamped
// earlier; lines are held for a moment and handed on sorted. (Lines written within the same few
// microseconds can be stamped out of order by the engine itself: nothing after it can know.)
import type { Disposable } from './emitter';
import type { ContainerModel, LogLine, LogOptions, PodModel, RunHandle } from './model';
import { compareLogTimes } from './log-times';

/** How long a line waits for lines stamped before it that the engine sends after it. */
const REORDER_WINDOW_MS = 50;

export interface LogFollower extends Disposable {
  /** Resolves once every stream opened so far has ended (their containers have terminated). */
  drained(): Promise<void>;
  /** Resolves once every stream of that pod opened so far has ended and its lines were handed on. */
  podDrained(pod: string): Promise<void>;
}

/** The container's current instance exists: a restarted one waiting out its back-off does not yet (its logs would be the last attempt's). */
function hasStarted(container: ContainerModel): boolean {
  return 'running' in container.state || 'terminated' in container.state;
}

/** Hands lines on in timestamp order, each after at most the reorder window. */
class ReorderBuffer {
  private held: LogLine[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (line: LogLine) => void) {}

  push(line: LogLine): void {
    this.held.push(line);
    this.timer ??= setTimeout(() => this.flush(), REORDER_WINDOW_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.held;
    // Mostly in order already; Array.prototype.sort is stable: lines of the same time keep the engine's order.
    if (lines.some((line, i) => i > 0 && compareLogTimes(lines[i - 1].time, line.time) > 0)) lines.sort((a, b) => compareLogTimes(a.time, b.time));
    this.held = [];
    for (const line of lines) this.emit(line);
  }
}

export function followRunLogs(handle: RunHandle, onLine: (line: LogLine) => void, onError?: (error: unknown) => void): LogFollower {
  const opened = new Set<string>();
  const streams = new Map<Promise<void>, string>();
  let disposed = false;

  function read(pod: PodModel, container: ContainerModel, options: LogOptions): void {
    const buffer = new ReorderBuffer((line) => {
      if (!disposed) onLine(line);
    });
    const stream = (async () => {
      try {
        for await (const line of handle.logs(pod.name, container.name, options)) {
          if (disposed) return;
          buffer.push(line);
        }
      } catch (error) {
        if (!disposed) onError?.(error);
      } finally {
        buffer.flush();
      }
    })();
    streams.set(stream, pod.name);
    void stream.finally(() => streams.delete(stream));
  }

  function open(pod: PodModel, container: ContainerModel): void {
    // One stream per container instance: a restart in place is a new instance with new output.
    const instance = (restart: number): string => `${pod.name}/${container.name}#${restart}`;
    const key = instance(container.restartCount);
    if (opened.has(key) || !hasStarted(container)) return;
    opened.add(key);
    // The previous instance ended and restarted before it was seen running: its output is the
    // "previous" log now (older ones are gone, as on a cluster).
    const previous = container.restartCount - 1;
    if (previous >= 0 && !opened.has(instance(previous))) {
      opened.add(instance(previous));
      read(pod, container, { previous: true });
    }
    read(pod, container, { follow: true });
  }

  function scan(pod: PodModel): void {
    for (const container of [...pod.initContainers, ...pod.containers]) open(pod, container);
  }

  async function settle(of: (pod: string) => boolean): Promise<void> {
    for (;;) {
      const pending = [...streams].filter(([, pod]) => of(pod)).map(([stream]) => stream);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  const subscription = handle.onDidChange((change) => {
    if (change.kind === 'pod') scan(change.pod);
  });
  for (const pod of handle.snapshot().pods) scan(pod);

  return {
    drained: () => settle(() => true),
    podDrained(pod) {
      // A pod reported just now may not have been scanned yet (listeners run in turn): scan it first.
      const known = handle.snapshot().pods.find((p) => p.name === pod);
      if (known && !disposed) scan(known);
      return settle((name) => name === pod);
    },
    dispose() {
      disposed = true;
      subscription.dispose();
    },
  };
}
