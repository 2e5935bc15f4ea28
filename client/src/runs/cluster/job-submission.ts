// Creating a Job: a server-side dry run first (the API server's own validation errors, before
// anything exists), then the create. When the Job already exists, or an update is refused
// because a field is immutable, the caller chooses: delete and re-run, run a copy, or stop.
// The manifest's ConfigMaps and Secrets the Job needs are dry-run with it, applied just before
// its create, and the ones created are deleted again when that create fails.
import { PatchStrategy, setHeaderOptions, type V1CronJob, type V1Job } from '@kubernetes/client-node';
import { MAX_LABEL_LENGTH } from '@shared/job-facts';
import type { KubeObject } from '../manifest';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError } from './cluster-errors';
import { ConfigObjectError, type ConfigObjects } from './config-objects';
import { deleteJob } from './job-deletion';
import { warningOptions } from './api-warnings';

export type ConflictChoice = 'replace' | 'copy';

export const CONFLICT_CHOICES: readonly { choice: ConflictChoice; label: string }[] = [
  { choice: 'replace', label: 'Delete and re-run' },
  { choice: 'copy', label: 'Run a copy' },
];

export interface JobConflict {
  jobName: string;
  namespace: string;
  /** "exists": create answered AlreadyExists; "immutable": an update was refused. */
  reason: 'exists' | 'immutable';
  /** The API server's words. */
  message: string;
}

/** What to do when the Job exists: a fixed answer, or ask (undefined: give up). */
export type ConflictStrategy = 'fail' | ConflictChoice | ((conflict: JobConflict) => Promise<ConflictChoice | undefined>);

/** The Job exists (or cannot be updated): carries the choices an editor or CLI can offer. */
export class JobConflictError extends ClusterError {
  readonly choices = CONFLICT_CHOICES;
  constructor(readonly conflict: JobConflict) {
    super('conflict', `job/${conflict.jobName} ${conflict.reason === 'exists' ? 'already exists' : 'cannot be updated'} in namespace ${conflict.namespace}: ${conflict.message}. Choose "Delete and re-run" or "Run a copy".`, conflict.reason === 'exists' ? 409 : 422);
    this.name = 'JobConflictError';
  }
}

export interface SubmitOptions {
  namespace?: string;
  onConflict?: ConflictStrategy;
  /** Progress messages ("validating job/x on the cluster", "creating job/x"). */
  report?: (message: string) => void;
  /** The ConfigMaps and Secrets of the manifest the Job refers to. */
  configObjects?: ConfigObjects;
  /** The API server's warnings about the Job (Pod Security, deprecated fields), as kubectl prints them: once each. */
  warn?: (message: string) => void;
}

const COPY_SUFFIX_ROOM = 6;

/** Dry-runs, then creates the Job; resolves with the created Job (uid, defaults filled in). */
export async function submitJob(connection: ClusterConnection, job: KubeObject, options: SubmitOptions = {}): Promise<V1Job> {
  const namespace = options.namespace ?? job.metadata?.namespace ?? connection.namespace;
  const body = prepare(job, namespace);
  const name = body.metadata?.name ?? body.metadata?.generateName ?? '';
  // Heard on the dry run; the create that follows would say the same again.
  const warnings = options.warn ? warningOptions((text) => options.warn?.(`the API server warns: ${text}`)) : undefined;
  const create = (what: V1Job, dryRun: boolean) =>
    connection.call(`${dryRun ? 'validate' : 'create'} job/${what.metadata?.name ?? name}`, () =>
      connection.batch.createNamespacedJob({ namespace, body: what, ...(dryRun ? { dryRun: 'All' } : {}) }, dryRun ? warnings : undefined),
    );
  const config = options.configObjects?.isEmpty === false ? options.configObjects : undefined;
  const createWithConfig = async (what: V1Job, announce?: string): Promise<V1Job> => {
    await config?.apply();
    if (announce) options.report?.(announce);
    try {
      return await create(what, false);
    } catch (error) {
      await config?.undo();
      throw error;
    }
  };
  try {
    const writes = config?.describeWrites();
    if (config && writes) {
      options.report?.(`validating ${writes} on ${connection.context} (server-side dry run)`);
      await config.dryRun();
    }
    options.report?.(`validating job/${name} on ${connection.context} (server-side dry run)`);
    await create(body, true);
    return await createWithConfig(body, `creating job/${name} in ${namespace}`);
  } catch (error) {
    if (!(error instanceof ClusterError) || error instanceof ConfigObjectError || error.status !== 409 || error.kind !== 'conflict') throw error;
    const choice = await choose(options.onConflict ?? 'fail', { jobName: name, namespace, reason: 'exists', message: error.message });
    return resolveConflict(connection, body, namespace, choice, options, (what) => createWithConfig(what));
  }
}

/**
 * Updates an existing Job to match the manifest (a merge patch), as `kubectl apply` would;
 * a refused immutable field becomes the same choice as an existing Job.
 */
export async function updateJob(connection: ClusterConnection, job: KubeObject, options: SubmitOptions = {}): Promise<V1Job> {
  const namespace = options.namespace ?? job.metadata?.namespace ?? connection.namespace;
  const body = prepare(job, namespace);
  const name = body.metadata?.name ?? '';
  try {
    return await connection.call(`update job/${name}`, () =>
      connection.batch.patchNamespacedJob({ name, namespace, body: { metadata: { labels: body.metadata?.labels, annotations: body.metadata?.annotations }, spec: body.spec } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    );
  } catch (error) {
    if (!(error instanceof ClusterError) || error.kind !== 'invalid' || !/immutable/.test(error.message)) throw error;
    const choice = await choose(options.onConflict ?? 'fail', { jobName: name, namespace, reason: 'immutable', message: error.message });
    const create = (what: V1Job) => connection.call(`create job/${what.metadata?.name ?? name}`, () => connection.batch.createNamespacedJob({ namespace, body: what }));
    return resolveConflict(connection, body, namespace, choice, options, create);
  }
}

async function choose(strategy: ConflictStrategy, conflict: JobConflict): Promise<ConflictChoice> {
  const choice = typeof strategy === 'function' ? await strategy(conflict) : strategy === 'fail' ? undefined : strategy;
  if (!choice) throw new JobConflictError(conflict);
  return choice;
}

async function resolveConflict(connection: ClusterConnection, body: V1Job, namespace: string, choice: ConflictChoice, options: SubmitOptions, create: (job: V1Job) => Promise<V1Job>): Promise<V1Job> {
  const name = body.metadata?.name ?? '';
  if (choice === 'replace') {
    options.report?.(`deleting job/${name} and its pods (foreground) before running it again`);
    await deleteJob(connection, name, { namespace, propagation: 'Foreground', wait: true });
    options.report?.(`creating job/${name} in ${namespace}`);
    return create(body);
  }
  const copy = structuredClone(body);
  copy.metadata = { ...copy.metadata, generateName: `${name.slice(0, MAX_LABEL_LENGTH - COPY_SUFFIX_ROOM).replace(/-+$/, '')}-` };
  delete copy.metadata.name;
  options.report?.(`creating a copy of job/${name} (generateName ${copy.metadata.generateName})`);
  return create(copy);
}

/** The manifest's Job (or CronJob), in the target namespace, without what only the server may set. */
export function prepare<T extends V1Job | V1CronJob = V1Job>(job: KubeObject, namespace: string, kind: 'Job' | 'CronJob' = 'Job'): T {
  const body = structuredClone(job) as unknown as T;
  body.apiVersion = 'batch/v1';
  body.kind = kind;
  body.metadata = { ...(body.metadata ?? {}), namespace };
  delete body.metadata.resourceVersion;
  delete body.metadata.uid;
  delete body.metadata.creationTimestamp;
  delete (body as { status?: unknown }).status;
  return body;
}
