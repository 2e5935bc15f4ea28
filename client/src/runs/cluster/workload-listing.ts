// The Jobs and CronJobs of a namespace, whoever created them, with their status: what the
// tree view lists besides the runs this editor started.
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { finishedCondition, type RunStatus } from '../model';
import type { ClusterConnection } from './cluster-connection';
import { runStatusOf } from './run-mapping';
import { clusterRunId } from './cluster-run';
import { rfc3339 } from './times';

export type JobState = 'Running' | 'Complete' | 'Failed' | 'Suspended';

export interface ClusterJobSummary {
  /** namespace/name@uid: the id a followed run of this Job has. */
  id: string;
  name: string;
  namespace: string;
  uid: string;
  state: JobState;
  status: RunStatus;
  /** The CronJob that owns it. */
  cronJobName?: string;
  /** Created by "Run now" (annotation cronjob.kubernetes.io/instantiate: manual). */
  manual: boolean;
  createdAt?: string;
  /** Set while it is being deleted. */
  deleting: boolean;
}

export interface ClusterCronJobSummary {
  name: string;
  namespace: string;
  uid: string;
  schedule: string;
  timeZone?: string;
  suspended: boolean;
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
  /** Names of its Jobs that are running now. */
  active: string[];
}

export function jobStateOf(status: RunStatus): JobState {
  const finished = finishedCondition(status);
  if (finished) return finished.type === 'Complete' ? 'Complete' : 'Failed';
  if (status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) return 'Suspended';
  return 'Running';
}

export function summarizeJob(job: V1Job): ClusterJobSummary {
  const status = runStatusOf(job);
  const metadata = job.metadata ?? {};
  const owner = metadata.ownerReferences?.find((o) => o.kind === 'CronJob');
  const suspended = job.spec?.suspend === true && !finishedCondition(status);
  return {
    id: clusterRunId(metadata.namespace ?? '', metadata.name ?? '', metadata.uid ?? ''),
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    uid: metadata.uid ?? '',
    state: suspended ? 'Suspended' : jobStateOf(status),
    status,
    ...(owner ? { cronJobName: owner.name } : {}),
    manual: metadata.annotations?.['cronjob.kubernetes.io/instantiate'] === 'manual',
    ...(metadata.creationTimestamp ? { createdAt: rfc3339(metadata.creationTimestamp) } : {}),
    deleting: !!metadata.deletionTimestamp,
  };
}

export function summarizeCronJob(cronJob: V1CronJob): ClusterCronJobSummary {
  const metadata = cronJob.metadata ?? {};
  return {
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    uid: metadata.uid ?? '',
    schedule: cronJob.spec?.schedule ?? '',
    ...(cronJob.spec?.timeZone ? { timeZone: cronJob.spec.timeZone } : {}),
    suspended: cronJob.spec?.suspend === true,
    ...(cronJob.status?.lastScheduleTime ? { lastScheduleTime: rfc3339(cronJob.status.lastScheduleTime) } : {}),
    ...(cronJob.status?.lastSuccessfulTime ? { lastSuccessfulTime: rfc3339(cronJob.status.lastSuccessfulTime) } : {}),
    active: (cronJob.status?.active ?? []).map((a) => a.name ?? ''),
  };
}

export async function listJobs(connection: ClusterConnection, namespace = connection.namespace): Promise<ClusterJobSummary[]> {
  const list = await connection.call(`list jobs in namespace ${namespace}`, () => connection.batch.listNamespacedJob({ namespace }));
  return list.items.map(summarizeJob).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listCronJobs(connection: ClusterConnection, namespace = connection.namespace): Promise<ClusterCronJobSummary[]> {
  const list = await connection.call(`list cronjobs in namespace ${namespace}`, () => connection.batch.listNamespacedCronJob({ namespace }));
  return list.items.map(summarizeCronJob).sort((a, b) => a.name.localeCompare(b.name));
}

export async function listNamespaces(connection: ClusterConnection): Promise<string[]> {
  const list = await connection.call('list namespaces', () => connection.core.listNamespace());
  return list.items.map((n) => n.metadata?.name ?? '').filter(Boolean).sort();
}
