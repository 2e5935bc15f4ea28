// Create, replace and patch as the API server does them: namespace checks, generateName,
// defaults and validation for Jobs, CronJobs, ConfigMaps and Secrets, dryRun=All (everything
// but the write), resourceVersion conflicts and immutable fields; and the status subresource,
// which never changes a spec.
import { randomBytes } from 'node:crypto';
import { alreadyExists, ApiError, badRequest, invalid, notFound, unsupportedMedia } from './status';
import { apiVersionOf, type ResourceType } from './resources';
import type { ObjectStore, StoredObject } from './store';
import { defaultCronJob, defaultJob, refuseImmutableJobChanges, validateCronJob, validateJob } from './job-rules';
import { prepareConfigObject, refuseImmutableConfigChanges } from './config-object-rules';
import { now } from './clock';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  return [...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
}

export class ObjectWrites {
  constructor(private readonly store: ObjectStore) {}

  create(type: ResourceType, namespace: string | undefined, body: unknown, dryRun: boolean): StoredObject {
    const object = asObject(body);
    // Like the real decoder: a body without apiVersion/kind takes them from the URL.
    object.kind ??= type.kind;
    object.apiVersion ??= apiVersionOf(type);
    if (object.kind !== type.kind || object.apiVersion !== apiVersionOf(type)) {
      throw badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${apiVersionOf(type)}) or kind ${String(object.kind)} is not ${type.kind}`);
    }
    const metadata = (object.metadata ?? {}) as StoredObject['metadata'];
    if (type.namespaced) {
      if (metadata.namespace && metadata.namespace !== namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      if (!this.store.get('namespaces', undefined, namespace ?? '')) throw notFound('namespaces', '', namespace ?? '');
      metadata.namespace = namespace;
    }
    if (!metadata.name) {
      if (!metadata.generateName) throw invalid(type.kind, type.group, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
      metadata.name = `${metadata.generateName}${randomSuffix()}`;
    }
    if (this.store.get(type.plural, namespace, metadata.name)) throw alreadyExists(type.plural, type.group, metadata.name);
    object.metadata = { ...metadata, uid: this.store.newUid(), creationTimestamp: now(), generation: 1, resourceVersion: '' };
    delete object.metadata.deletionTimestamp;
    if (type.kind === 'Job') {
      validateJob(object);
      defaultJob(object);
    } else if (type.kind === 'CronJob') {
      validateCronJob(object);
      defaultCronJob(object);
    } else if (type.kind === 'ConfigMap' || type.kind === 'Secret') {
      prepareConfigObject(object);
    } else if (type.kind === 'Namespace') {
      object.status = { phase: 'Active' };
    } else if (type.kind === 'Pod') {
      // A new pod's status is the API server's: whoever runs it writes the rest through pods/status.
      object.status = { phase: 'Pending' };
    }
    if (dryRun) return object;
    return this.store.create(type.plural, object);
  }

  replace(type: ResourceType, namespace: string | undefined, name: string, body: unknown, dryRun: boolean): StoredObject {
    const current = this.existing(type, namespace, name);
    const next = asObject(body);
    const wanted = next.metadata?.resourceVersion;
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(type, name);
    return this.write(type, current, next, dryRun);
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, body: unknown, contentType: string, dryRun: boolean): StoredObject {
    const current = this.existing(type, namespace, name);
    return this.write(type, current, this.patched(current, body, contentType), dryRun);
  }

  private patched(current: StoredObject, body: unknown, contentType: string): StoredObject {
    if (contentType.startsWith('application/json-patch+json')) return applyJsonPatch(current, body);
    if (contentType.startsWith('application/merge-patch+json') || contentType.startsWith('application/strategic-merge-patch+json')) return mergePatch(current, body) as StoredObject;
    throw unsupportedMedia(contentType);
  }

  /** PUT (no content type) or PATCH of .../NAME/status: the status (and labels, annotations) change, the spec stays. */
  writeStatus(type: ResourceType, namespace: string | undefined, name: string, body: unknown, patchType: string | undefined, dryRun: boolean): StoredObject {
    const current = this.existing(type, namespace, name);
    let next: StoredObject;
    if (patchType === undefined) {
      next = asObject(body);
      const wanted = next.metadata?.resourceVersion;
      if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(type, name);
    } else next = this.patched(current, body, patchType);
    // As kube-apiserver v1.34 does it: labels and annotations may change too, the spec never.
    const written = { ...current, metadata: { ...current.metadata, labels: next.metadata?.labels, annotations: next.metadata?.annotations }, status: next.status };
    if (dryRun) return written;
    return this.store.update(type.plural, written);
  }

  private write(type: ResourceType, current: StoredObject, next: StoredObject, dryRun: boolean): StoredObject {
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata = { ...next.metadata, name: current.metadata.name, namespace: current.metadata.namespace, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp, resourceVersion: current.metadata.resourceVersion };
    if (current.metadata.deletionTimestamp) next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
    if (type.kind === 'Job') {
      validateJob(next);
      refuseImmutableJobChanges(current, next);
    }
    if (type.kind === 'CronJob') validateCronJob(next);
    if (type.kind === 'ConfigMap' || type.kind === 'Secret') {
      prepareConfigObject(next);
      refuseImmutableConfigChanges(current, next);
    }
    if (JSON.stringify(current.spec) !== JSON.stringify(next.spec)) next.metadata.generation = (current.metadata.generation ?? 1) + 1;
    if (dryRun) return next;
    return this.store.update(type.plural, next);
  }

  private existing(type: ResourceType, namespace: string | undefined, name: string): StoredObject {
    const current = this.store.get(type.plural, namespace, name);
    if (!current) throw notFound(type.plural, type.group, name);
    return current;
  }
}

function conflict(type: ResourceType, name: string): ApiError {
  return new ApiError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
    message: `Operation cannot be fulfilled on ${type.plural}${type.group ? `.${type.group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details: { name, group: type.group, kind: type.plural },
  });
}

function asObject(body: unknown): StoredObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the request body must be a JSON object');
  return structuredClone(body) as StoredObject;
}

/** RFC 7386 JSON merge patch (strategic merge is treated the same: enough for these kinds). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface PatchOperation {
  op: string;
  path: string;
  value?: unknown;
}

/** RFC 6902 add/replace/remove/test, enough for clients that send JSON patches. */
function applyJsonPatch(target: StoredObject, body: unknown): StoredObject {
  if (!Array.isArray(body)) throw badRequest('a JSON patch must be an array of operations');
  const result = structuredClone(target) as unknown as Record<string, unknown>;
  for (const operation of body as PatchOperation[]) {
    const keys = operation.path.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw badRequest(`invalid JSON patch path "${operation.path}"`);
    let parent: Record<string, unknown> = result;
    for (const key of keys) {
      if (parent[key] === undefined && operation.op === 'add') parent[key] = {};
      const next = parent[key];
      if (!next || typeof next !== 'object') throw badRequest(`the JSON patch path "${operation.path}" does not exist`);
      parent = next as Record<string, unknown>;
    }
    if (operation.op === 'add' || operation.op === 'replace') {
      if (Array.isArray(parent) && last === '-') (parent as unknown[]).push(operation.value);
      else parent[last] = operation.value;
    } else if (operation.op === 'remove') delete parent[last];
    else if (operation.op === 'test') {
      if (JSON.stringify(parent[last]) !== JSON.stringify(operation.value)) throw new ApiError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422, message: `the test of "${operation.path}" failed` });
    } else throw badRequest(`unsupported JSON patch operation "${operation.op}"`);
  }
  return result as unknown as StoredObject;
}
