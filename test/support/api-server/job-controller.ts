// A small Job controller: keeps up to `parallelism` pods active until `completions` pods
// succeeded, replaces failed pods until the failures exceed `backoffLimit`, then fails the Job
// (BackoffLimitExceeded) and ends its running pods; Indexed Jobs get one pod per index.
// Pods are replaced at once (no back-off delay): scenarios run in milliseconds. A finished Job
// with ttlSecondsAfterFinished is deleted (Background) once it ends, as the TTL controller does.
import { randomBytes } from 'node:crypto';
import type { ObjectStore, StoredObject } from './store';
import type { EventRecorder } from './event-recorder';
import type { Deleter } from './deletion';
import { resourceOfKind } from './resources';
import { now } from './clock';

type Spec = Record<string, unknown>;
interface PodStatusView {
  phase?: string;
  containerStatuses?: { restartCount?: number; ready?: boolean }[];
  initContainerStatuses?: { restartCount?: number }[];
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export class JobController {
  private readonly dirty = new Set<string>();
  private scheduled = false;
  /** Real seconds per Job-spec second for activeDeadlineSeconds: tests use a small scale. */
  timeScale = 1;
  private readonly deadlines = new Map<string, NodeJS.Timeout>();
  private readonly expired = new Set<string>();
  /** Failed pods per Job uid: still counted after the pods are deleted, as job tracking finalizers ensure. */
  private readonly failedPods = new Map<string, Set<string>>();

  constructor(
    private readonly store: ObjectStore,
    private readonly events: EventRecorder,
    private readonly deleter: Deleter,
  ) {
    store.onChange((event) => {
      if (event.plural === 'jobs') this.enqueue(event.object.metadata.namespace, event.object.metadata.name);
      if (event.plural === 'pods') {
        const job = event.object.metadata.labels?.['batch.kubernetes.io/job-name'];
        if (job) this.enqueue(event.object.metadata.namespace, job);
      }
    });
  }

  private enqueue(namespace: string | undefined, name: string): void {
    this.dirty.add(`${namespace ?? ''}/${name}`);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const key of keys) {
        const [namespace, name] = key.split('/');
        this.sync(namespace, name);
      }
    });
  }

  private sync(namespace: string, name: string): void {
    const job = this.store.get('jobs', namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const spec = job.spec as Spec;
    const status = (job.status ?? {}) as Spec;
    const conditions = (status.conditions as Spec[] | undefined) ?? [];
    const finished = conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const pods = this.store.list('pods', namespace, (p) => !!p.metadata.ownerReferences?.some((o) => o.uid === job.metadata.uid));
    const phase = (p: StoredObject) => (p.status as PodStatusView | undefined)?.phase;
    const active = pods.filter((p) => phase(p) !== 'Succeeded' && phase(p) !== 'Failed' && !p.metadata.deletionTimestamp);
    const terminating = pods.filter((p) => p.metadata.deletionTimestamp && phase(p) !== 'Succeeded' && phase(p) !== 'Failed');
    const succeededPods = pods.filter((p) => phase(p) === 'Succeeded');
    const restarts = pods.reduce((n, p) => n + [...((p.status as PodStatusView | undefined)?.containerStatuses ?? []), ...((p.status as PodStatusView | undefined)?.initContainerStatuses ?? [])].reduce((m, c) => m + (c.restartCount ?? 0), 0), 0);
    const counted = this.failedPods.get(job.metadata.uid) ?? new Set<string>();
    this.failedPods.set(job.metadata.uid, counted);
    for (const pod of pods) if (phase(pod) === 'Failed') counted.add(pod.metadata.uid);
    const failed = counted.size;
    const indexed = spec.completionMode === 'Indexed';
    const completions = spec.completions as number | undefined;
    const parallelism = (spec.parallelism as number | undefined) ?? 1;
    const succeededIndexes = new Set(succeededPods.map((p) => Number(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'])));
    const succeeded = indexed ? succeededIndexes.size : succeededPods.length;

    const next: Spec = {
      ...status,
      active: active.length,
      ready: active.filter((p) => ((p.status as PodStatusView | undefined)?.containerStatuses ?? []).every((c) => c.ready) && phase(p) === 'Running').length,
      succeeded,
      failed,
      terminating: terminating.length,
      startTime: status.startTime ?? now(),
    };
    if (indexed) next.completedIndexes = formatIndexes([...succeededIndexes]);
    const newConditions = [...conditions];

    const suspended = newConditions.find((c) => c.type === 'Suspended');
    if (!finished && spec.suspend) {
      // Suspending ends the active pods; finished pods and their logs stay.
      for (const pod of active) this.deleter.delete(resourceOfKind('Pod'), namespace, pod.metadata.name, 'Background', false);
      next.active = 0;
      if (suspended?.status !== 'True') {
        const time = now();
        const condition = { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastTransitionTime: time, lastProbeTime: time };
        if (suspended) newConditions[newConditions.indexOf(suspended)] = condition;
        else newConditions.push(condition);
        this.events.record(job, 'Normal', 'Suspended', 'Job suspended', 'job-controller');
      }
    }
    if (!finished && !spec.suspend && suspended?.status === 'True') {
      const time = now();
      newConditions[newConditions.indexOf(suspended)] = { ...suspended, status: 'False', reason: 'JobResumed', message: 'Job resumed', lastTransitionTime: time };
      this.events.record(job, 'Normal', 'Resumed', 'Job resumed', 'job-controller');
    }
    if (!finished && !spec.suspend) {
      const backoffLimit = (spec.backoffLimit as number | undefined) ?? 6;
      this.armDeadline(job);
      if (this.expired.has(job.metadata.uid)) {
        // activeDeadlineSeconds wins over backoffLimit: running pods end, the Job fails.
        for (const pod of active) this.deleter.delete(resourceOfKind('Pod'), namespace, pod.metadata.name, 'Background', false);
        const time = now();
        const message = 'Job was active longer than specified deadline';
        newConditions.push(
          { type: 'FailureTarget', status: 'True', reason: 'DeadlineExceeded', message, lastTransitionTime: time, lastProbeTime: time },
          { type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message, lastTransitionTime: time, lastProbeTime: time },
        );
        next.active = 0;
        this.events.record(job, 'Warning', 'DeadlineExceeded', message, 'job-controller');
      } else if (failed + restarts > backoffLimit) {
        for (const pod of active) this.deleter.delete(resourceOfKind('Pod'), namespace, pod.metadata.name, 'Background', false);
        const time = now();
        newConditions.push(
          { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: time, lastProbeTime: time },
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: time, lastProbeTime: time },
        );
        next.active = 0;
        this.events.record(job, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', 'job-controller');
      } else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
        const time = now();
        newConditions.push({ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: time, lastProbeTime: time });
        newConditions.push({ type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastTransitionTime: time, lastProbeTime: time });
        next.completionTime = time;
        this.events.record(job, 'Normal', 'Completed', 'Job completed', 'job-controller');
      } else if (completions === undefined ? succeeded === 0 : true) {
        const wanted = Math.min(parallelism, completions === undefined ? parallelism : completions - succeeded);
        const activeIndexes = new Set(active.map((p) => Number(p.metadata.labels?.['batch.kubernetes.io/job-completion-index'])));
        const freeIndexes = indexed ? [...Array(completions ?? 0).keys()].filter((i) => !succeededIndexes.has(i) && !activeIndexes.has(i)) : [];
        for (let i = active.length; i < wanted; i++) {
          const created = this.createPod(job, indexed ? freeIndexes.shift() : undefined);
          next.active = (next.active as number) + 1;
          this.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created}`, 'job-controller');
        }
      }
    }
    next.conditions = newConditions;
    if (JSON.stringify(next) === JSON.stringify(status)) return;
    job.status = next;
    this.store.update('jobs', job);
    if (!finished && newConditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) this.expireAfterTtl(job);
  }

  /** The TTL-after-finished controller: the finished Job and its pods go once the TTL has passed. */
  private expireAfterTtl(job: StoredObject): void {
    const ttl = (job.spec as Spec).ttlSecondsAfterFinished as number | undefined;
    if (ttl === undefined) return;
    const { namespace = '', name, uid } = job.metadata;
    const timer = setTimeout(() => {
      if (this.store.get('jobs', namespace, name)?.metadata.uid === uid) this.deleter.delete(resourceOfKind('Job'), namespace, name, 'Background', false);
    }, ttl * 1000 * this.timeScale);
    timer.unref();
  }

  /** Starts the activeDeadlineSeconds clock of a Job once. */
  private armDeadline(job: StoredObject): void {
    const seconds = (job.spec as Spec).activeDeadlineSeconds as number | undefined;
    const uid = job.metadata.uid;
    if (seconds === undefined || this.deadlines.has(uid)) return;
    const { namespace = '', name } = job.metadata;
    const timer = setTimeout(() => {
      this.expired.add(uid);
      this.enqueue(namespace, name);
    }, seconds * 1000 * this.timeScale);
    timer.unref();
    this.deadlines.set(uid, timer);
  }

  private createPod(job: StoredObject, index: number | undefined): string {
    const spec = job.spec as Spec;
    const template = (spec.template ?? {}) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Spec };
    const suffix = [...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
    const name = index === undefined ? `${job.metadata.name}-${suffix}` : `${job.metadata.name}-${index}-${suffix}`;
    const indexLabels: Record<string, string> = index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(index) };
    const podSpec = structuredClone(template.spec ?? {}) as Spec;
    if (index !== undefined) {
      podSpec.hostname = `${job.metadata.name}-${index}`;
      podSpec.containers = ((podSpec.containers as Spec[] | undefined) ?? []).map((c) => ({ ...c, env: [...((c.env as unknown[] | undefined) ?? []), { name: 'JOB_COMPLETION_INDEX', value: String(index) }] }));
    }
    this.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: job.metadata.namespace,
        uid: this.store.newUid(),
        resourceVersion: '',
        creationTimestamp: now(),
        labels: { ...(template.metadata?.labels ?? {}), ...indexLabels },
        annotations: { ...(template.metadata?.annotations ?? {}), ...indexLabels },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: podSpec,
      status: { phase: 'Pending' },
    });
    return name;
  }
}

/** "0-3,5", as status.completedIndexes reads. */
export function formatIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].filter((i) => Number.isInteger(i)).sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i];
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
    ranges.push(start === sorted[i] ? String(start) : `${start}-${sorted[i]}`);
  }
  return ranges.join(',');
}
