// Runs a test API server in a child process (fork with IPC), so that a test can measure the
// client's own event loop without the simulated cluster's work in it. Every Job created is
// played by this process's script: its pods `parallelism` at a time, each writing
// `linesPerPod` lines and exiting 0, then Complete. Messages: the parent sends 'stats' or 'close'.
import { TestApiServer, ADMIN_TOKEN } from './test-api-server';
import { JobScript } from './job-script';

export interface ServerProcessReady {
  url: string;
  token: string;
}

export interface ServerProcessStats {
  watchesOpened: Record<string, number>;
  logRequests: number;
}

async function main(): Promise<void> {
  const linesPerPod = Number(process.argv[2] ?? '0');
  const server = await TestApiServer.start();
  const script = new JobScript(server);
  server.store.onChange((event) => {
    if (event.plural !== 'jobs' || event.type !== 'ADDED') return;
    const spec = event.object.spec as { completions?: number; parallelism?: number };
    const pods = Array.from({ length: spec.completions ?? 1 }, (_, pod) => ({ containers: { main: { lines: Array.from({ length: linesPerPod }, (_, i) => `pod ${pod} line ${i}`) } } }));
    void script.play(event.object.metadata.name, pods, { type: 'Complete' }, spec.parallelism ?? 1);
  });
  process.on('message', (message) => {
    if (message === 'stats') {
      const stats: ServerProcessStats = {
        watchesOpened: Object.fromEntries(server.watches.opened),
        logRequests: server.requests.filter((r) => r.path.endsWith('/log')).length,
      };
      process.send?.({ stats });
    }
    if (message === 'close') void server.close().then(() => process.exit(0));
  });
  const ready: ServerProcessReady = { url: server.url, token: ADMIN_TOKEN };
  process.send?.({ ready });
}

void main();
