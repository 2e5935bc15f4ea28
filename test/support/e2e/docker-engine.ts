// Tests that run Jobs need the Docker engine: without one they must fail saying how to start
// it, not deep inside the editor with a notification nobody reads.
import { request } from 'node:http';

/** Where the engine listens, as dockerode reads DOCKER_HOST (unix socket by default). */
function engineAddress(): { socketPath: string } | { host: string; port: number } {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375) };
}

export function assertDockerEngine(): Promise<void> {
  const address = engineAddress();
  const where = 'socketPath' in address ? address.socketPath : `${address.host}:${address.port}`;
  return new Promise((resolve, reject) => {
    const failed = (why: string): void => reject(new Error(`no Docker engine answers at ${where} (${why}): run \`bash scripts/docker-engine.sh\` first`));
    const ping = request({ ...address, path: '/_ping', timeout: 5_000 }, (response) => {
      response.resume();
      if (response.statusCode === 200) resolve();
      else failed(`HTTP ${response.statusCode}`);
    });
    ping.on('timeout', () => ping.destroy(new Error('timed out')));
    ping.on('error', (error) => failed(error.message));
    ping.end();
  });
}
