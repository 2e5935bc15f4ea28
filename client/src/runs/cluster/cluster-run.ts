// A Job on a cluster, followed: one watch for the Job, one for its pods (by the Job's selector)
// and one for the namespace's events, mapped onto the shared Run model. Logs are opened only
// when asked for, per container, and survive dropped connections.
import { PatchStrategy, setHeaderOptions, type CoreV1Event, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { JOB_NAME_LABEL } from '@shared/job-facts';
import { Emitter, type Disposable } from '../emitter';
import { isFinished, RunGone, type LogLine, type LogOptions, type RemovalCause, type Run, type RunChange, type RunEvent, type RunStatus } from '../model';
import type { ClusterConnection } from './cluster-connection';
import { ClusterError } from './cluster-errors';
import { ListWatch, type ListWatchStats, type WatchEventType } from './list-watch';
import { podModelOf, runEventOf, runStatusOf } from './run-mapping';
import { containerLogLines, type ContainerWatch } from './container-logs';
import { readOutcomeFromEvents } from './outcome-from-events';
import { jobNamed, namespaceEvents, podsSelected } from './watched-collections';
import type { SuspendableRunHandle } from '../suspendable-run';

export interface ClusterRunInit {
  connection: ClusterConnection;
  /** The Job as the API server returned it on create (it has its uid). */
  created: V1Job;
  /** The Job as submitted: what Run.job shows. */
  submitted: Record<string, unknown>;
  cronJobName?: string;
}

export function clusterRunId(namespace: string, name: string, uid: string): string {
  return `${namespace}/${name}@${uid}`;
}

/** The label selector of a Job's pods: its own selector, else the job-name label. */
export function podSelectorOf(job: V1Job): string {
  const labels = job.spec?.selector?.matchLabels;
  if (labels && Object.keys(labels).length > 0) return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return `${JOB_NAME_LABEL}=${job.metadata?.name ?? ''}`;
}

export class ClusterRun implements SuspendableRunHandle, Disposable {
  readonly id: string;
  private readonly run: Run;
  private readonly uid: string;
  private readonly rawPods = new Map<string, V1Pod>();
  private readonly eventsByUid = new Map<string, RunEvent>();
  private readonly pendingPodEvents = new Map<string, CoreV1Event[]>();
  private readonly changes = new Emitter<RunChange>();
  private readonly podUpdates = new Emitter<string>();
  private readonly problems = new Emitter<ClusterError>();
  private readonly watches: ListWatch<V1Job | V1Pod | CoreV1Event>[] = [];
  /** The pods' watch (also in `watches`), listed again when the Job has finished. */
  private readonly podWatch: ListWatch<V1Pod>;
  private finishers: { resolve: (run: Run) => void; reject: (error: Error) => void }[] = [];
  /** The pods read again once the Job has finished, before finished() resolves. */
  private settled: Promise<void> | undefined;
  private gone: RunGone | undefined;
  /** This process asked for the deletion. */
  private deleting = false;
  /** Reading how a Job deleted unseen ended, from its events. */
  private outcomeRead: Promise<void> | undefined;
  private removed = false;
  removedBy: RemovalCause | undefined;
  /** Reopened log streams, for tests and diagnostics. */
  logResumes = 0;
  readonly onDidChange = this.changes.event;
  /** Watch problems that persist (the watch is retried meanwhile). */
  readonly onDidFail = this.problems.event;

  private constructor(
    private readonly connection: ClusterConnection,
    created: V1Job,
    submitted: Record<string, unknown>,
    cronJobName: string | undefined,
  ) {
    const name = created.metadata?.name ?? '';
    const namespace = created.metadata?.namespace ?? connection.namespace;
    this.uid = created.metadata?.uid ?? '';
    this.id = clusterRunId(namespace, name, this.uid);
    this.run = {
      id: this.id,
      target: 'cluster',
      context: connection.context,
      namespace,
      jobName: name,
      ...(cronJobName ? { cronJobName } : {}),
      job: submitted,
      status: runStatusOf(created),
      pods: [],
      events: [],
    };
    const selector = podSelectorOf(created);
    const onError = (error: ClusterError) => this.problems.fire(error);
    this.podWatch = new ListWatch<V1Pod>({
      ...podsSelected(connection, namespace, selector, name),
      onReplace: (pods) => this.replacePods(pods),
      onEvent: (type, pod) => this.podEvent(type, pod),
      onError,
    });
    this.watches.push(
      new ListWatch<V1Job>({
        ...jobNamed(connection, namespace, name),
        onReplace: (jobs) => {
          const job = jobs.find((j) => j.metadata?.uid === this.uid);
          if (job) this.updateJob(job);
          else this.jobGone();
        },
        onEvent: (type, job) => {
          if (job.metadata?.uid !== this.uid) return;
          // The deleted object carries the Job's last status: a TTL of 0 may delete it right
          // after it finished, and that status is its outcome.
          if (type !== 'DELETED') return this.updateJob(job);
          // Settled once the removal is known too, so that the outcome comes with how the run went away.
          this.setStatus(runStatusOf(job), false);
          this.jobGone();
        },
        onError,
      }) as ListWatch<V1Job | V1Pod | CoreV1Event>,
      this.podWatch as ListWatch<V1Job | V1Pod | CoreV1Event>,
      new ListWatch<CoreV1Event>({
        ...namespaceEvents(connection, namespace, name),
        onReplace: (events) => events.forEach((e) => this.eventSeen(e)),
        onEvent: (type, event) => {
          if (type !== 'DELETED') this.eventSeen(event);
        },
        onError,
      }) as ListWatch<V1Job | V1Pod | CoreV1Event>,
    );
  }

  /** Starts following a created Job; resolves once the first lists are in. */
  static async follow(init: ClusterRunInit): Promise<ClusterRun> {
    const run = new ClusterRun(init.connection, init.created, init.submitted, init.cronJobName);
    try {
      for (const watch of run.watches) await watch.start();
    } catch (error) {
      run.dispose();
      throw error;
    }
    return run;
  }

  /** Lists and watches opened so far per kind: one watch per kind, not per pod. */
  watchStats(): { job: ListWatchStats; pods: ListWatchStats; events: ListWatchStats } {
    const [job, pods, events] = this.watches.map((w) => ({ ...w.stats }));
    return { job, pods, events };
  }

  snapshot(): Run {
    return structuredClone(this.run);
  }

  finished(): Promise<Run> {
    if (this.settled) return this.settled.then(() => this.snapshot());
    if (isFinished(this.run.status)) return Promise.resolve(this.snapshot());
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => this.finishers.push({ resolve, reject }));
  }

  logs(pod: string, container: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const restartsAtOpen = this.containerStatus(pod, container)?.restartCount ?? 0;
    const watch: ContainerWatch = {
      instance: () => {
        if (this.removed || !this.rawPods.has(pod)) return 'gone';
        const status = this.containerStatus(pod, container);
        if (!status) return 'waiting';
        if (status.restartCount > restartsAtOpen) return 'restarted';
        if (status.state?.terminated) return 'terminated';
        if (status.state?.running) return 'running';
        // Waiting after a start (CrashLoopBackOff) counts as ended; before any start, as waiting.
        return status.lastState?.terminated ? 'terminated' : 'waiting';
      },
      changed: () =>
        new Promise<void>((resolve) => {
          const subscription = this.podUpdates.event((name) => {
            if (name !== pod && name !== '*') return;
            subscription.dispose();
            resolve();
          });
        }),
    };
    return containerLogLines({
      connection: this.connection,
      namespace: this.run.namespace,
      pod,
      container,
      watch,
      options,
      onResume: () => this.logResumes++,
    });
  }

  /** Suspends the Job: its active pods end, finished pods and their logs stay. */
  stop(): Promise<void> {
    return this.setSuspended(true);
  }

  /** Sets spec.suspend, as `kubectl patch job … suspend`: false resumes a Job stopped or suspended. */
  async setSuspended(suspended: boolean): Promise<void> {
    const { jobName: name, namespace } = this.run;
    await this.connection.call(`${suspended ? 'suspend' : 'resume'} job/${name}`, () =>
      this.connection.batch.patchNamespacedJob({ name, namespace, body: { spec: { suspend: suspended } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    );
  }

  /** Deletes the Job and its pods (propagation Background), and stops following it. */
  async delete(): Promise<void> {
    const { jobName: name, namespace } = this.run;
    this.deleting = true;
    try {
      await this.connection.call(`delete job/${name}`, () => this.connection.batch.deleteNamespacedJob({ name, namespace, propagationPolicy: 'Background' }));
    } catch (error) {
      if (!(error instanceof ClusterError && error.kind === 'notFound')) throw error;
    }
    this.markRemoved('deleted');
  }

  /** Stops watching; the Job stays on the cluster. */
  dispose(): void {
    for (const watch of this.watches) watch.stop();
    this.podUpdates.fire('*');
  }

  private updateJob(job: V1Job): void {
    this.setStatus(runStatusOf(job));
  }

  private setStatus(status: RunStatus, settle = true): void {
    if (JSON.stringify(status) === JSON.stringify(this.run.status)) return;
    this.run.status = status;
    this.changes.fire({ kind: 'status', status: structuredClone(status) });
    if (settle && isFinished(status)) this.settle();
  }

  /**
   * The Job's watch and its pods' are separate streams: the Job's end can arrive before the last
   * pods or their final states. The pods are listed again then, so that a finished run has them all.
   */
  private settle(): void {
    if (this.settled) return;
    this.settled = this.podWatch
      .resync()
      .catch(() => undefined)
      .then(() => {
        for (const { resolve } of this.finishers.splice(0)) resolve(this.snapshot());
      });
  }

  private replacePods(pods: V1Pod[]): void {
    const names = new Set(pods.map((p) => p.metadata?.name ?? ''));
    for (const name of [...this.rawPods.keys()]) if (!names.has(name)) this.podEvent('DELETED', this.rawPods.get(name) as V1Pod);
    for (const pod of pods) this.podEvent('MODIFIED', pod);
  }

  private podEvent(type: WatchEventType, pod: V1Pod): void {
    const name = pod.metadata?.name ?? '';
    if (type === 'DELETED') {
      if (!this.rawPods.delete(name)) return;
      this.run.pods = this.run.pods.filter((p) => p.name !== name);
      this.changes.fire({ kind: 'podRemoved', name });
      this.podUpdates.fire(name);
      return;
    }
    const model = podModelOf(pod);
    const known = this.run.pods.find((p) => p.name === name);
    this.rawPods.set(name, pod);
    if (known && JSON.stringify(known) === JSON.stringify(model)) return;
    this.run.pods = known ? this.run.pods.map((p) => (p.name === name ? model : p)) : [...this.run.pods, model];
    this.changes.fire({ kind: 'pod', pod: structuredClone(model) });
    this.podUpdates.fire(name);
    for (const event of this.pendingPodEvents.get(name) ?? []) this.eventSeen(event);
    this.pendingPodEvents.delete(name);
  }

  private eventSeen(event: CoreV1Event): void {
    const involved = event.involvedObject ?? {};
    const aboutJob = involved.kind === 'Job' && involved.uid === this.uid;
    const pod = involved.kind === 'Pod' ? this.rawPods.get(involved.name ?? '') : undefined;
    const aboutPod = !!pod && (!involved.uid || involved.uid === pod.metadata?.uid);
    if (!aboutJob && !aboutPod) {
      // A pod's events can arrive before the pod: keep those that may be ours until it shows up.
      if (involved.kind === 'Pod' && (involved.name ?? '').startsWith(`${this.run.jobName}-`)) {
        const list = this.pendingPodEvents.get(involved.name ?? '') ?? [];
        this.pendingPodEvents.set(involved.name ?? '', [...list.filter((e) => e.metadata?.uid !== event.metadata?.uid), event]);
      }
      return;
    }
    const key = event.metadata?.uid ?? event.metadata?.name ?? '';
    const mapped = runEventOf(event);
    const known = this.eventsByUid.get(key);
    if (known && JSON.stringify(known) === JSON.stringify(mapped)) return;
    this.eventsByUid.set(key, mapped);
    if (known) this.run.events.splice(this.run.events.indexOf(known), 1);
    insertByTime(this.run.events, mapped);
    this.changes.fire({ kind: 'event', event: structuredClone(mapped) });
  }

  private containerStatus(pod: string, container: string) {
    const status = this.rawPods.get(pod)?.status;
    return [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])].find((c) => c.name === container);
  }

  /**
   * The Job is gone. Deleted before its final status was seen (quick, with a TTL of 0), its
   * outcome may still be told by the events the Job controller wrote about it.
   */
  private jobGone(): void {
    if (this.removed || this.outcomeRead) return;
    if (isFinished(this.run.status) || this.deleting) return this.markRemoved(this.removedCause());
    this.outcomeRead = readOutcomeFromEvents(this.connection, this.run.namespace, this.run.jobName, this.uid)
      .then((condition) => {
        if (condition) this.setStatus({ ...this.run.status, conditions: [...this.run.status.conditions, condition] }, false);
      })
      .catch(() => undefined)
      .finally(() => this.markRemoved(this.removedCause()));
  }

  /** Why the Job is gone: this process deleted it, its TTL ended, or someone else deleted it. */
  private removedCause(): RemovalCause {
    if (this.deleting) return 'deleted';
    const ttl = (this.run.job.spec as { ttlSecondsAfterFinished?: unknown } | undefined)?.ttlSecondsAfterFinished;
    return isFinished(this.run.status) && typeof ttl === 'number' ? 'ttl' : 'deletedElsewhere';
  }

  private markRemoved(cause: RemovalCause): void {
    if (this.removed) return;
    this.removed = true;
    this.removedBy = cause;
    this.dispose();
    const last = this.snapshot();
    if (!isFinished(last.status)) {
      const by = cause === 'deletedElsewhere' ? ' by another client' : '';
      this.gone = new RunGone(`job/${this.run.jobName} was deleted from ${this.run.namespace}${by} before it finished`, cause, last);
    }
    this.changes.fire({ kind: 'removed', cause, last });
    for (const { resolve, reject } of this.finishers.splice(0)) {
      if (this.gone) reject(this.gone);
      else resolve(last);
    }
  }
}

/** Keeps events in time order without sorting the whole list at each event (a namespace may have thousands). */
function insertByTime(events: RunEvent[], event: RunEvent): void {
  let index = events.length;
  while (index > 0 && events[index - 1].time > event.time) index--;
  events.splice(index, 0, event);
}
