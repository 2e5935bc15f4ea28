// CronJob actions: "Run now" exactly like `kubectl create job --from=cronjob/NAME` (a Job from
// the jobTemplate, owned by the CronJob, annotated cronjob.kubernetes.io/instantiate: manual),
// suspend and resume.
import { PatchStrategy, setHeaderOptions, type V1CronJob, type V1Job } from '@kubernetes/client-node';
import type { KubeObject } from '../manifest';
import { jobFromCronJob } from '../job-from-cronjob';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError } from './cluster-errors';

/**
 * The Job to create for "Run now": from the CronJob on the cluster, or from the manifest's
 * CronJob when given (the user's edits), owned by the cluster's CronJob when that exists.
 */
export async function jobForRunNow(connection: ClusterConnection, cronJobName: string, options: { namespace?: string; manifest?: KubeObject; jobName?: string } = {}): Promise<KubeObject> {
  const namespace = options.namespace ?? connection.namespace;
  let onCluster: V1CronJob | undefined;
  try {
    onCluster = await connection.call(`get cronjob/${cronJobName}`, () => connection.batch.readNamespacedCronJob({ name: cronJobName, namespace }));
  } catch (error) {
    if (!(error instanceof ClusterError && error.kind === 'notFound') || !options.manifest) throw error;
  }
  const source = options.manifest ?? (onCluster as unknown as KubeObject);
  const job = options.jobName ? jobFromCronJob(source, options.jobName) : jobFromCronJob(source);
  job.metadata = { ...job.metadata, namespace };
  const uid = onCluster?.metadata?.uid;
  // An owner that does not exist would make the garbage collector delete the Job at once.
  // As kubectl sets it: controller, without blockOwnerDeletion.
  if (uid) job.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJobName, uid, controller: true }];
  return job;
}

export async function setCronJobSuspended(connection: ClusterConnection, name: string, suspend: boolean, namespace = connection.namespace): Promise<V1CronJob> {
  return connection.call(`${suspend ? 'suspend' : 'resume'} cronjob/${name}`, () =>
    connection.batch.patchNamespacedCronJob({ name, namespace, body: { spec: { suspend } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
  );
}

/** The Jobs a CronJob owns (scheduled and run-now), oldest first. */
export async function listCronJobJobs(connection: ClusterConnection, name: string, namespace = connection.namespace): Promise<V1Job[]> {
  const cronJob = await connection.call(`get cronjob/${name}`, () => connection.batch.readNamespacedCronJob({ name, namespace }));
  const jobs = await connection.call(`list jobs in ${namespace}`, () => connection.batch.listNamespacedJob({ namespace }));
  return jobs.items
    .filter((j) => j.metadata?.ownerReferences?.some((o) => o.uid === cronJob.metadata?.uid))
    .sort((a, b) => String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')));
}
