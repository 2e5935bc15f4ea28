// metav1.Status bodies, as the API server answers every error, so that clients read
// `reason`, `code` and `details.causes` exactly as they would from a real cluster.
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; uid?: string };
  code: number;
}

/** An error the server answers with a Status object and its HTTP code. */
export class ApiError extends Error {
  constructor(readonly status: StatusBody) {
    super(status.message);
  }
}

function failure(code: number, reason: string, message: string, details?: StatusBody['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code });
}

/** "jobs.batch" or "pods": how messages name a resource. */
export function qualified(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const notFound = (plural: string, group: string, name: string): ApiError =>
  failure(404, 'NotFound', `${qualified(plural, group)} "${name}" not found`, { name, group, kind: plural });

export const alreadyExists = (plural: string, group: string, name: string): ApiError =>
  failure(409, 'AlreadyExists', `${qualified(plural, group)} "${name}" already exists`, { name, group, kind: plural });

export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const what = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return failure(422, 'Invalid', `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${what}`, { name, group, kind, causes });
}

export const badRequest = (message: string): ApiError => failure(400, 'BadRequest', message);

export const unauthorized = (): ApiError => failure(401, 'Unauthorized', 'Unauthorized');

/** `resource` may name a subresource ("pods/log"); `name` is the object, when the request names one. */
export function forbidden(user: string, verb: string, resource: string, group: string, namespace?: string, name?: string): ApiError {
  const scope = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  const what = `${qualified(resource.split('/')[0], group)}${name ? ` "${name}"` : ''}`;
  return failure(403, 'Forbidden', `${what} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}"${scope}`, { ...(name ? { name } : {}), group, kind: resource.split('/')[0] });
}

export const expired = (message: string): ApiError => failure(410, 'Expired', message);

export const methodNotAllowed = (): ApiError => failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');

export const unsupportedMedia = (type: string): ApiError => failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json; got ${type}`);
