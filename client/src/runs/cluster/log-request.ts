// Opens one pod log stream with the context's credentials (client-node prepares the agent and
// headers). Done over node:http rather than client-node's Log, which pipes the body away and
// so never tells when the connection dropped mid-way: resuming depends on knowing that.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Agent } from 'node:http';
import { ApiException } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError, explainClusterError } from './cluster-errors';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  follow: boolean;
  previous: boolean;
  sinceTime?: string;
}

export async function openLogRequest(connection: ClusterConnection, log: LogRequest, signal: AbortSignal): Promise<IncomingMessage> {
  const action = `read the logs of ${log.pod}/${log.container}`;
  const url = new URL(`${connection.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(log.namespace)}/pods/${encodeURIComponent(log.pod)}/log`);
  url.searchParams.set('container', log.container);
  url.searchParams.set('timestamps', 'true');
  if (log.follow) url.searchParams.set('follow', 'true');
  if (log.previous) url.searchParams.set('previous', 'true');
  if (log.sinceTime) url.searchParams.set('sinceTime', log.sinceTime);
  let options: { agent?: Agent; headers: Headers };
  try {
    options = (await connection.config.applyToFetchOptions({})) as unknown as { agent?: Agent; headers: Headers };
  } catch (error) {
    throw explainClusterError(error, connection, action);
  }
  const headers: Record<string, string> = {};
  options.headers.forEach((value, key) => (headers[key] = value));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { agent: options.agent, headers, signal }, (response) => {
      if (response.statusCode === 200) return resolve(response);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => reject(logError(connection, response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), action)));
      response.on('error', (error) => reject(explainClusterError(error, connection, action)));
    });
    req.on('error', (error) => reject(explainClusterError(error, connection, action)));
    req.end();
  });
}

function logError(connection: ClusterConnection, code: number, body: string, action: string): ClusterError {
  let message = body.trim();
  try {
    message = (JSON.parse(body) as { message?: string }).message ?? message;
  } catch {
    // Not a Status object: keep the text.
  }
  if (code === 401 || code === 403) {
    return explainClusterError(new ApiException(code, message, { code, message }, {}), connection, action);
  }
  return new ClusterError(code === 404 ? 'notFound' : code === 400 ? 'invalid' : 'other', message || `the cluster answered ${code} while trying to ${action}`, code);
}
