// Counts and times every Docker API call a client makes, by method and path (ids and names
// replaced by ":id"), to show where a run's time goes. Streams are timed to their response headers.
import type Docker from 'dockerode';

interface Totals {
  count: number;
  totalMs: number;
}

export function profileDockerCalls(docker: Docker): { report(): string } {
  const totals = new Map<string, Totals>();
  const modem = docker.modem as unknown as { dial(options: { method: string; path: string }, callback: (...args: unknown[]) => void): void };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const key = `${options.method} ${endpointOf(options.path)}`;
    const began = performance.now();
    dial(options, (...args: unknown[]) => {
      const entry = totals.get(key) ?? { count: 0, totalMs: 0 };
      entry.count += 1;
      entry.totalMs += performance.now() - began;
      totals.set(key, entry);
      callback(...args);
    });
  };
  return {
    report() {
      return [...totals]
        .sort((a, b) => b[1].totalMs - a[1].totalMs)
        .map(([key, t]) => `  ${key.padEnd(40)} ${String(t.count).padStart(5)} calls  ${(t.totalMs / t.count).toFixed(1).padStart(7)} ms mean  ${(t.totalMs / 1000).toFixed(1).padStart(6)} s total`)
        .join('\n');
    },
  };
}

function endpointOf(path: string): string {
  const bare = path.split('?')[0];
  return bare.replace(/^\/(containers|volumes|images|exec)\/(?!create$|json$|prune$)[^/]+/, '/$1/:id');
}
