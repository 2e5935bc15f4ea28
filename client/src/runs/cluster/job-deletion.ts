// Deleting a Job with an explicit propagation policy (batch/v1 would orphan its pods by
// default), and waiting until it is really gone: after a Foreground delete the Job stays,
// with a deletionTimestamp, until the garbage collector has removed its pods.
import type { V1Job } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError } from './cluster-errors';
import { ListWatch } from './list-watch';
import { jobNamed } from './watched-collections';

export type Propagation = 'Background' | 'Foreground';

export interface DeleteJobOptions {
  namespace?: string;
  /** Default Background: the Job goes at once, its pods right after. */
  propagation?: Propagation;
  /** Wait until the Job is gone from the API (default: only for Foreground). */
  wait?: boolean;
  /** Give up waiting after this long (default 120 s). */
  timeoutMs?: number;
}

/** Deletes job/NAME; false if it did not exist. */
export async function deleteJob(connection: ClusterConnection, name: string, options: DeleteJobOptions = {}): Promise<boolean> {
  const namespace = options.namespace ?? connection.namespace;
  const propagationPolicy = options.propagation ?? 'Background';
  let uid: string | undefined;
  try {
    const deleted = (await connection.call(`delete job/${name}`, () => connection.batch.deleteNamespacedJob({ name, namespace, propagationPolicy }))) as unknown as V1Job;
    uid = deleted?.metadata?.uid;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === 'notFound') return false;
    throw error;
  }
  if (options.wait ?? propagationPolicy === 'Foreground') await waitUntilGone(connection, namespace, name, uid, options.timeoutMs ?? 120_000);
  return true;
}

/** Resolves when job/NAME (of that uid, if given) no longer exists. */
export async function waitUntilGone(connection: ClusterConnection, namespace: string, name: string, uid: string | undefined, timeoutMs: number): Promise<void> {
  let watch: ListWatch<V1Job> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const present = (jobs: V1Job[]) => jobs.some((j) => j.metadata?.name === name && (!uid || j.metadata?.uid === uid));
      timer = setTimeout(() => reject(new ClusterError('timeout', `job/${name} is still being deleted after ${Math.round(timeoutMs / 1000)} s (its pods may have finalizers)`)), timeoutMs);
      watch = new ListWatch<V1Job>({
        ...jobNamed(connection, namespace, name),
        onReplace: (jobs) => {
          if (!present(jobs)) resolve();
        },
        onEvent: (type, job) => {
          if (type === 'DELETED' && present([job])) resolve();
        },
      });
      watch.start().catch(reject);
    });
  } finally {
    clearTimeout(timer);
    watch?.stop();
  }
}
