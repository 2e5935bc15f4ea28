// Runs a test API server in a child process (fork with IPC), so that a test can measure the
// client's own event loop without the simulated cluster's work in it. Every pod's containers
// write `linesPerPod` lines and exit 0. Messages: the parent sends 'stats' or 'close'.
import { TestApiServer, ADMIN_TOKEN } from './test-api-server';

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
  server.kubelet.script = (pod) => ({ containers: { main: { lines: Array.from({ length: linesPerPod }, (_, i) => `pod ${pod.attempt} line ${i}`) } } });
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
