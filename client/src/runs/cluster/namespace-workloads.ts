// Every Job, CronJob and Job-owned pod of one namespace, kept current by list-then-watch (one
// watch per kind, resumed after drops, listed again after 410 Gone), for the Jobs view. Changes
// are collected and handed out in batches, so a burst of a hundred pod events is one report.
import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import type { PodModel } from '../model';
import type { ClusterConnection } from './cluster-connection';
import { explainClusterError, type ClusterError } from './cluster-errors';
import { ListWatch, type ListWatchStats, type WatchEventType } from './list-watch';
import { podModelOf } from './run-mapping';
import { namespaceCronJobs, namespaceJobPods, namespaceJobs } from './watched-collections';
import { summarizeCronJob, summarizeJob, type ClusterCronJobSummary, type ClusterJobSummary } from './workload-listing';

/** What changed since the last report. */
export interface WorkloadChanges {
  /** A top-level entry came or went (a CronJob, a Job no CronJob owns), everything was listed again, or the error changed. */
  membership: boolean;
  /** Jobs (by id) whose status or pods changed. */
  jobs: Set<string>;
  /** CronJobs (by name) that changed or whose Jobs came or went. */
  cronJobs: Set<string>;
}

export interface NamespaceWorkloadsOptions {
  /** How long changes are collected before they are reported. */
  batchMs?: number;
}

const START_RETRY_MS = [1000, 2000, 5000, 10_000, 30_000];

function emptyChanges(): WorkloadChanges {
  return { membership: false, jobs: new Set(), cronJobs: new Set() };
}

export class NamespaceWorkloads {
  private readonly jobs = new Map<string, ClusterJobSummary>();
  private readonly cronJobs = new Map<string, ClusterCronJobSummary>();
  /** Pods by uid, with the uid of the Job that owns them. */
  private readonly pods = new Map<string, { jobUid: string; pod: PodModel }>();
  private readonly listeners = new Set<(changes: WorkloadChanges) => void>();
  private watches: [ListWatch<V1Job>, ListWatch<V1CronJob>, ListWatch<V1Pod>];
  private pending = emptyChanges();
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private started: Promise<void> | undefined;
  /** Why the namespace cannot be listed or watched right now. */
  error: ClusterError | undefined;

  constructor(
    readonly connection: ClusterConnection,
    readonly namespace: string = connection.namespace,
    private readonly options: NamespaceWorkloadsOptions = {},
  ) {
    this.watches = this.freshWatches();
  }

  /** Lists everything once; resolves when the first lists are in or have failed (then `error` says why, and it tries again). */
  start(): Promise<void> {
    this.started ??= this.startWatches(0);
    return this.started;
  }

  private async startWatches(attempt: number): Promise<void> {
    try {
      await Promise.all(this.watches.map((w) => w.start()));
    } catch (error) {
      for (const watch of this.watches) watch.stop();
      if (this.stopped) return;
      this.setError(explainClusterError(error, this.connection, `list jobs in namespace ${this.namespace}`));
      // Unreachable or forbidden now may not be so later: try again, less and less often.
      this.retryTimer = setTimeout(() => void this.restart(attempt + 1), START_RETRY_MS[Math.min(attempt, START_RETRY_MS.length - 1)]);
    }
  }

  private async restart(attempt: number): Promise<void> {
    if (this.stopped) return;
    this.watches = this.freshWatches();
    await this.startWatches(attempt);
  }

  /** New watches (a stopped ListWatch does not start again). */
  private freshWatches(): [ListWatch<V1Job>, ListWatch<V1CronJob>, ListWatch<V1Pod>] {
    const onError = (error: ClusterError) => this.setError(error);
    return [
      new ListWatch<V1Job>({ ...namespaceJobs(this.connection, this.namespace), onReplace: (items) => this.replace(this.jobs, items.map(summarizeJob)), onEvent: (type, job) => this.jobEvent(type, job), onError }),
      new ListWatch<V1CronJob>({ ...namespaceCronJobs(this.connection, this.namespace), onReplace: (items) => this.replace(this.cronJobs, items.map(summarizeCronJob)), onEvent: (type, cronJob) => this.cronJobEvent(type, cronJob), onError }),
      new ListWatch<V1Pod>({ ...namespaceJobPods(this.connection, this.namespace), onReplace: (items) => this.replacePods(items), onEvent: (type, pod) => this.podEvent(type, pod), onError }),
    ];
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    for (const watch of this.watches) watch.stop();
    this.listeners.clear();
  }

  onDidChange(listener: (changes: WorkloadChanges) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Lists and watches opened per kind so far. */
  stats(): { jobs: ListWatchStats; cronJobs: ListWatchStats; pods: ListWatchStats } {
    const [jobs, cronJobs, pods] = this.watches.map((w) => ({ ...w.stats }));
    return { jobs, cronJobs, pods };
  }

  allJobs(): ClusterJobSummary[] {
    return [...this.jobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  allCronJobs(): ClusterCronJobSummary[] {
    return [...this.cronJobs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  job(id: string): ClusterJobSummary | undefined {
    return [...this.jobs.values()].find((j) => j.id === id);
  }

  cronJob(name: string): ClusterCronJobSummary | undefined {
    return [...this.cronJobs.values()].find((c) => c.name === name);
  }

  jobsOf(cronJobName: string): ClusterJobSummary[] {
    return this.allJobs().filter((j) => j.cronJobName === cronJobName);
  }

  podsOf(job: ClusterJobSummary): PodModel[] {
    const pods: PodModel[] = [];
    for (const entry of this.pods.values()) if (entry.jobUid === job.uid) pods.push(entry.pod);
    return pods.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name));
  }

  private setError(error: ClusterError | undefined): void {
    if (this.error?.message === error?.message) return;
    this.error = error;
    this.pending.membership = true;
    this.schedule();
  }

  /** Any answer from the server means it works again. */
  private recovered(): void {
    if (this.error) this.setError(undefined);
  }

  private replace<T extends { uid: string }>(map: Map<string, T>, items: T[]): void {
    this.recovered();
    map.clear();
    for (const item of items) map.set(item.uid, item);
    this.pending.membership = true;
    this.schedule();
  }

  private replacePods(items: V1Pod[]): void {
    this.recovered();
    this.pods.clear();
    for (const pod of items) this.keepPod(pod);
    this.pending.membership = true;
    this.schedule();
  }

  private jobEvent(type: WatchEventType, object: V1Job): void {
    this.recovered();
    const job = summarizeJob(object);
    const known = this.jobs.get(job.uid);
    if (type === 'DELETED') this.jobs.delete(job.uid);
    else this.jobs.set(job.uid, job);
    if (job.cronJobName) this.pending.cronJobs.add(job.cronJobName);
    if (type === 'DELETED' || !known) {
      if (!job.cronJobName) this.pending.membership = true;
    } else this.pending.jobs.add(job.id);
    this.schedule();
  }

  private cronJobEvent(type: WatchEventType, object: V1CronJob): void {
    this.recovered();
    const cronJob = summarizeCronJob(object);
    const known = this.cronJobs.has(cronJob.uid);
    if (type === 'DELETED') this.cronJobs.delete(cronJob.uid);
    else this.cronJobs.set(cronJob.uid, cronJob);
    if (type === 'DELETED' || !known) this.pending.membership = true;
    else this.pending.cronJobs.add(cronJob.name);
    this.schedule();
  }

  private podEvent(type: WatchEventType, object: V1Pod): void {
    this.recovered();
    const uid = object.metadata?.uid ?? '';
    const owner = this.pods.get(uid)?.jobUid ?? jobUidOf(object);
    if (type === 'DELETED') this.pods.delete(uid);
    else this.keepPod(object);
    const job = owner ? this.jobs.get(owner) : undefined;
    if (job) this.pending.jobs.add(job.id);
    if (owner) this.schedule();
  }

  private keepPod(pod: V1Pod): void {
    const jobUid = jobUidOf(pod);
    if (jobUid) this.pods.set(pod.metadata?.uid ?? '', { jobUid, pod: podModelOf(pod) });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer ??= setTimeout(() => this.flush(), this.options.batchMs ?? 100);
  }

  private flush(): void {
    this.timer = undefined;
    const changes = this.pending;
    this.pending = emptyChanges();
    for (const listener of this.listeners) listener(changes);
  }
}

function jobUidOf(pod: V1Pod): string | undefined {
  return pod.metadata?.ownerReferences?.find((o) => o.kind === 'Job' && o.controller !== false)?.uid;
}
