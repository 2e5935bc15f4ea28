// The collections the cluster target lists and watches: a Job by name, a Job's pods by
// selector, a namespace's events, and every Job, CronJob and pod of a namespace (the Jobs view).
// Each gives the watch path, the selector and the list call.
import type { CoreV1Event, V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import type { ListWatchOptions } from './list-watch';

export type Source<T extends V1Job | V1CronJob | V1Pod | CoreV1Event> = Pick<ListWatchOptions<T>, 'connection' | 'description' | 'path' | 'labelSelector' | 'fieldSelector' | 'list'>;

/** A list answer as list-watch takes it: the items and the version to watch from. */
function listed<T>(list: { items: T[]; metadata?: { resourceVersion?: string } }): { items: T[]; resourceVersion: string } {
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
}

function collectionPath(namespace: string, plural: string, group = ''): string {
  return `${group ? `/apis/${group}` : '/api/v1'}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}

export function jobNamed(connection: ClusterConnection, namespace: string, name: string): Source<V1Job> {
  const fieldSelector = `metadata.name=${name}`;
  return {
    connection,
    description: `job/${name}`,
    path: collectionPath(namespace, 'jobs', 'batch/v1'),
    fieldSelector,
    list: async () => listed(await connection.batch.listNamespacedJob({ namespace, fieldSelector })),
  };
}

export function podsSelected(connection: ClusterConnection, namespace: string, labelSelector: string, jobName: string): Source<V1Pod> {
  return {
    connection,
    description: `pods of job/${jobName}`,
    path: collectionPath(namespace, 'pods'),
    labelSelector,
    list: async () => listed(await connection.core.listNamespacedPod({ namespace, labelSelector })),
  };
}

export function namespaceEvents(connection: ClusterConnection, namespace: string, jobName: string): Source<CoreV1Event> {
  return {
    connection,
    description: `events of job/${jobName}`,
    path: collectionPath(namespace, 'events'),
    list: async () => listed(await connection.core.listNamespacedEvent({ namespace })),
  };
}

export function namespaceJobs(connection: ClusterConnection, namespace: string): Source<V1Job> {
  return {
    connection,
    description: `jobs in namespace ${namespace}`,
    path: collectionPath(namespace, 'jobs', 'batch/v1'),
    list: async () => listed(await connection.batch.listNamespacedJob({ namespace })),
  };
}

export function namespaceCronJobs(connection: ClusterConnection, namespace: string): Source<V1CronJob> {
  return {
    connection,
    description: `cronjobs in namespace ${namespace}`,
    path: collectionPath(namespace, 'cronjobs', 'batch/v1'),
    list: async () => listed(await connection.batch.listNamespacedCronJob({ namespace })),
  };
}

/** Every pod of the namespace: the Jobs view keeps those a Job owns (by owner reference, whatever labels they carry). */
export function namespaceJobPods(connection: ClusterConnection, namespace: string): Source<V1Pod> {
  return {
    connection,
    description: `pods in namespace ${namespace}`,
    path: collectionPath(namespace, 'pods'),
    list: async () => listed(await connection.core.listNamespacedPod({ namespace })),
  };
}
