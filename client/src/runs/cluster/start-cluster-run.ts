// "Run Job" on a cluster: pick the Job or CronJob of the manifest, make the Job (a CronJob's
// "Run now" Job), dry-run and create it with the manifest's ConfigMaps and Secrets it refers
// to, then follow it as a RunHandle.
import type { V1Job } from '@kubernetes/client-node';
import { readManifest, selectWorkload, type KubeObject } from '../manifest';
import { connectCluster, type ClusterConnection, type ClusterOptions } from './cluster-connection';
import { ClusterError } from './cluster-errors';
import { ClusterRun } from './cluster-run';
import { submitJob, type ConflictStrategy } from './job-submission';
import { jobForRunNow } from './cronjob-actions';
import { ConfigObjects } from './config-objects';

export interface ClusterRunOptions extends ClusterOptions {
  /** The manifest's text (YAML, several documents allowed)… */
  manifestText?: string;
  /** …its file name, for messages… */
  manifestFile?: string;
  /** …or its objects already parsed. */
  objects?: KubeObject[];
  /** Which Job or CronJob of the manifest (needed when it has several). */
  jobName?: string;
  /** When the Job already exists (default "fail": a JobConflictError with the choices). */
  onConflict?: ConflictStrategy;
  report?: (message: string) => void;
  /** The API server's warnings about the Job (a Pod Security level it would violate, a deprecated field). */
  warn?: (message: string) => void;
  /** An already open connection (then the kubeconfig options are not read again). */
  connection?: ClusterConnection;
  /** The manifest's ConfigMaps and Secrets (read from manifestText or objects when absent). */
  configObjects?: readonly KubeObject[];
}

export function workloadOf(options: ClusterRunOptions): KubeObject {
  const file = options.manifestFile ?? 'manifest';
  if (options.manifestText !== undefined) return selectWorkload(readManifest(file, options.manifestText), options.jobName);
  const objects = options.objects ?? [];
  const workloads = objects.filter((o) => o.kind === 'Job' || o.kind === 'CronJob');
  return selectWorkload({ file, workloads, configMaps: [], secrets: [] }, options.jobName);
}

/** The manifest's ConfigMaps and Secrets, which the Job may refer to. */
export function configObjectsOf(options: ClusterRunOptions): readonly KubeObject[] {
  if (options.configObjects) return options.configObjects;
  if (options.manifestText !== undefined) {
    const manifest = readManifest(options.manifestFile ?? 'manifest', options.manifestText);
    return [...manifest.configMaps, ...manifest.secrets];
  }
  return (options.objects ?? []).filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret');
}

export async function startClusterRun(options: ClusterRunOptions): Promise<ClusterRun> {
  const workload = workloadOf(options);
  const connection = options.connection ?? connectCluster(options);
  return runWorkload(connection, workload, { ...options, configObjects: configObjectsOf(options) });
}

/** Runs a Job, or "Run now" for a CronJob, and follows it. */
export async function runWorkload(connection: ClusterConnection, workload: KubeObject, options: Pick<ClusterRunOptions, 'namespace' | 'onConflict' | 'report' | 'warn' | 'configObjects'> = {}): Promise<ClusterRun> {
  const own = workload.metadata?.namespace;
  if (options.namespace && own && own !== options.namespace) {
    throw new ClusterError('invalid', `the namespace of ${workload.kind ?? 'the object'}/${workload.metadata?.name ?? ''} ("${own}") does not match the namespace "${options.namespace}"; run with --namespace ${own}, or remove the namespace from the manifest`);
  }
  const namespace = options.namespace ?? own ?? connection.namespace;
  let job = workload;
  let cronJobName: string | undefined;
  if (workload.kind === 'CronJob') {
    cronJobName = workload.metadata?.name ?? '';
    options.report?.(`making a Job from cronjob/${cronJobName} (run now)`);
    job = await jobForRunNow(connection, cronJobName, { namespace, manifest: workload });
  } else if (workload.kind !== 'Job') {
    throw new ClusterError('invalid', `${workload.kind ?? 'this object'} cannot be run: pick a Job or a CronJob`);
  }
  const configObjects = await ConfigObjects.plan(connection, job, options.configObjects ?? [], { namespace, jobName: job.metadata?.name ?? '', report: options.report });
  const created = await submitJob(connection, job, { namespace, onConflict: options.onConflict, report: options.report, warn: options.warn, configObjects });
  // A copy got a generated name: the submitted Job shows the name it runs under.
  const submitted = { ...job, metadata: { ...job.metadata, name: created.metadata?.name, namespace } } as Record<string, unknown>;
  return ClusterRun.follow({ connection, created, submitted, cronJobName });
}

/** Follows a Job that already exists (one listed in the tree view, say). */
export async function followClusterJob(connection: ClusterConnection, name: string, namespace = connection.namespace): Promise<ClusterRun> {
  const job: V1Job = await connection.call(`get job/${name}`, () => connection.batch.readNamespacedJob({ name, namespace }));
  const owner = job.metadata?.ownerReferences?.find((o) => o.kind === 'CronJob');
  const submitted = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace, labels: job.metadata?.labels, annotations: job.metadata?.annotations }, spec: job.spec } as unknown as Record<string, unknown>;
  return ClusterRun.follow({ connection, created: job, submitted, cronJobName: owner?.name });
}
