// Turns what the API or the network answered into one sentence that names the context and
// the cause (unreachable, expired credentials, RBAC, validation), never a stack trace.
import { ApiException } from '@kubernetes/client-node';

export type ClusterErrorKind = 'config' | 'unreachable' | 'unauthorized' | 'forbidden' | 'notFound' | 'invalid' | 'conflict' | 'gone' | 'timeout' | 'other';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    /** The HTTP status the API server answered, if it answered. */
    readonly status?: number,
    /** The field errors of a 422 Invalid answer. */
    readonly causes: readonly StatusCause[] = [],
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export interface ClusterLocation {
  context: string;
  server: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { causes?: StatusCause[]; name?: string; kind?: string };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID']);

/** The Status object of an API error, whatever form client-node left it in. */
export function statusOf(error: unknown): StatusBody | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body, code: error.code };
    }
  }
  if (body && typeof body === 'object') return body as StatusBody;
  return { code: error.code };
}

function networkCause(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message, cause, type } = current as { code?: string; message?: string; cause?: unknown; type?: string };
    if ((code && NETWORK_CODES.has(code)) || type === 'system' || type === 'request-timeout' || (current as Error).name === 'FetchError' || (current as Error).name === 'AbortError') {
      const reason = /reason: (.*)$/.exec(message ?? '')?.[1];
      return reason ?? message ?? code;
    }
    current = cause;
  }
  return undefined;
}

/** One clear error for anything a cluster call threw; `action` says what was being done ("create job/x"). */
export function explainClusterError(error: unknown, where: ClusterLocation, action: string): ClusterError {
  if (error instanceof ClusterError) return error;
  const context = `context "${where.context}" (${where.server})`;
  // client-node's Watch fails with a plain Error carrying statusCode when the answer is not 200.
  const watchCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (!(error instanceof ApiException) && typeof watchCode === 'number') {
    return explainClusterError(new ApiException(watchCode, (error as Error).message, undefined, {}), where, action);
  }
  if (error instanceof ApiException) {
    const status = statusOf(error);
    const code = status?.code ?? error.code;
    const message = status?.message;
    switch (code) {
      case 401:
        return new ClusterError('unauthorized', `the cluster of ${context} refused the credentials (401 Unauthorized) while trying to ${action}: they may have expired; log in again or refresh the kubeconfig`, 401);
      case 403:
        return new ClusterError('forbidden', `forbidden on ${context}: ${message ?? `not allowed to ${action}`}`, 403);
      case 404:
        return new ClusterError('notFound', message ?? `not found: ${action}`, 404);
      case 409:
        return new ClusterError('conflict', message ?? `conflict: ${action}`, 409);
      case 410:
        return new ClusterError('gone', message ?? 'the resource version is too old', 410);
      case 422: {
        const causes = status?.details?.causes ?? [];
        const lines = causes.map((c) => `  ${c.field ?? ''}: ${c.message ?? c.reason ?? ''}`);
        return new ClusterError('invalid', `the cluster refused to ${action}: ${message ?? 'invalid'}${lines.length > 1 ? `\n${lines.join('\n')}` : ''}`, 422, causes);
      }
      default:
        return new ClusterError('other', `the cluster of ${context} answered ${code} while trying to ${action}${message ? `: ${message}` : ''}`, code);
    }
  }
  const cause = networkCause(error);
  if (cause !== undefined) return new ClusterError('unreachable', `cannot reach the cluster of ${context}: ${cause}`);
  return new ClusterError('other', `could not ${action} on ${context}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
}

/** The API server did not answer, or answered that it cannot now (restarting, overloaded): worth trying again. */
export function isUnanswered(error: ClusterError): boolean {
  return error.kind === 'unreachable' || error.kind === 'timeout' || error.status === 429 || (error.status !== undefined && error.status >= 500);
}

/** How long to wait before the attempt after `failures` failed ones to reach the API server again (watches and log streams alike). */
export function reconnectDelayMs(failures: number): number {
  return RECONNECT_DELAYS_MS[Math.min(failures, RECONNECT_DELAYS_MS.length - 1)];
}
const RECONNECT_DELAYS_MS = [0, 250, 500, 1000, 2000, 5000];
