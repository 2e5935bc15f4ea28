// Follows the logs of every container of every pod of a run, including pods that appear later
// and containers restarted in place. Shared by the CLI and the editor's log channels.
import type { Disposable } from './emitter';
import type { ContainerModel, LogLine, LogOptions, PodModel, RunHandle } from './model';

export interface LogFollower extends Disposable {
  /** Resolves once every stream opened so far has ended (their containers have terminated). */
  drained(): Promise<void>;
}

/** The container's current instance exists: a restarted one waiting out its back-off does not yet (its logs would be the last attempt's). */
function hasStarted(container: ContainerModel): boolean {
  return 'running' in container.state || 'terminated' in container.state;
}

export function followRunLogs(handle: RunHandle, onLine: (line: LogLine) => void, onError?: (error: unknown) => void): LogFollower {
  const opened = new Set<string>();
  const streams = new Set<Promise<void>>();
  let disposed = false;

  function read(pod: PodModel, container: ContainerModel, options: LogOptions): void {
    const stream = (async () => {
      try {
        for await (const line of handle.logs(pod.name, container.name, options)) {
          if (disposed) return;
          onLine(line);
        }
      } catch (error) {
        if (!disposed) onError?.(error);
      }
    })();
    streams.add(stream);
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

  const subscription = handle.onDidChange((change) => {
    if (change.kind === 'pod') scan(change.pod);
  });
  for (const pod of handle.snapshot().pods) scan(pod);

  return {
    async drained() {
      while (streams.size > 0) await Promise.all([...streams]);
    },
    dispose() {
      disposed = true;
      subscription.dispose();
    },
  };
}
