// The connection to the Docker engine: the host setting (kubeJobs.docker.host), else
// DOCKER_HOST, else the platform's default socket. An engine that does not answer is an error
// that says how to get one.
import Docker from 'dockerode';

/** The engine as the run's messages name it ("The Docker engine went away"). */
export const ENGINE_NAME = 'Docker engine';

export const DEFAULT_SOCKET = process.platform === 'win32' ? '//./pipe/docker_engine' : '/var/run/docker.sock';

export class DockerEngineUnavailable extends Error {}

/** The host to use, in order of precedence, as written (for messages). */
export function dockerHost(configured?: string): string {
  const host = configured?.trim() || process.env.DOCKER_HOST?.trim();
  return host || `unix://${DEFAULT_SOCKET}`;
}

export function createDockerClient(configured?: string): Docker {
  const host = dockerHost(configured);
  const [scheme, rest] = host.includes('://') ? (host.split('://', 2) as [string, string]) : ['unix', host];
  switch (scheme) {
    case 'unix':
    case 'npipe':
      return new Docker({ socketPath: rest });
    case 'tcp':
    case 'http':
    case 'https': {
      const url = new URL(`${scheme === 'https' ? 'https' : 'http'}://${rest}`);
      const tls = scheme === 'https' || process.env.DOCKER_TLS_VERIFY === '1';
      return new Docker({ host: url.hostname, port: url.port || (tls ? 2376 : 2375), protocol: tls ? 'https' : 'http' });
    }
    case 'ssh':
      return new Docker({ protocol: 'ssh', host: new URL(host).hostname, port: new URL(host).port || 22, username: new URL(host).username || undefined });
    default:
      throw new DockerEngineUnavailable(`the Docker host "${host}" is not one of unix://, npipe://, tcp://, https:// or ssh://`);
  }
}

/** Resolves when the engine answers; otherwise a DockerEngineUnavailable saying how to start one. */
export async function pingEngine(docker: Docker, configured?: string): Promise<void> {
  try {
    await docker.ping();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DockerEngineUnavailable(
      `no Docker engine answers at ${dockerHost(configured)} (${why}). Start one (Docker Desktop, \`sudo systemctl start docker\` or \`sudo dockerd\`), or point DOCKER_HOST (in VS Code: the kubeJobs.docker.host user setting) at a running engine.`,
    );
  }
}

/** The HTTP status of a dockerode error, if it has one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

export function messageOf(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs a Docker call whose "not found" or "already done" answer is fine (removing what is gone, stopping what stopped). */
export async function tolerating<T>(call: Promise<T>, statuses: readonly number[] = [304, 404]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (statuses.includes(statusOf(error) ?? 0)) return undefined;
    throw error;
  }
}
