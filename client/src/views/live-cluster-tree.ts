// The cluster part of the Jobs tree, kept live: while it is shown, the selected namespace's Jobs,
// CronJobs and pods are watched (NamespaceWorkloads), and each batch of changes names only the
// tree elements to redraw. Plain TypeScript: JobsTreeProvider hands these to VS Code.
import type { ClusterConnection } from '../runs/cluster';
import type { ClusterJobSummary, ClusterCronJobSummary } from '../runs/cluster';
import { NamespaceWorkloads, type WorkloadChanges } from '../runs/cluster/namespace-workloads';
import type { ListWatchStats } from '../runs/cluster/list-watch';
import type { ClusterJobNode, CronJobNode, JobsTreeNode, TargetNode, TreeNodes } from './jobs-tree-nodes';

export interface LiveClusterTreeDeps {
  /** The connection of the selected context and namespace; the same object while the selection stays. */
  connect(): ClusterConnection | undefined;
  nodes: TreeNodes;
  /** Runs started or followed from this editor on that target. */
  runIds(targetLabel: string): string[];
  /** The Job (by id) is followed as a run, which then stands for it in the tree. */
  isRun(jobId: string): boolean;
  /** How long watch events are collected before the tree is told (default 100 ms). */
  batchMs?: number;
}

export class LiveClusterTree {
  private watched: { workloads: NamespaceWorkloads; subscription: { dispose(): void } } | undefined;
  private readonly listeners = new Set<(nodes: JobsTreeNode[]) => void>();

  constructor(private readonly deps: LiveClusterTreeDeps) {}

  /** Called with the elements to redraw, once per batch of watch events. */
  onDidChange(listener: (nodes: JobsTreeNode[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The target's children: CronJobs, the Jobs no CronJob owns, runs whose Job is gone; starts watching. */
  async children(target: TargetNode): Promise<JobsTreeNode[]> {
    const connection = this.deps.connect();
    const runs = this.deps.runIds(target.label);
    if (!connection) return runs.map((id) => this.runNode(id));
    const workloads = this.watch(connection);
    await workloads.start();
    const context = connection.context;
    const nodes: JobsTreeNode[] = [];
    if (workloads.error) nodes.push(this.message(target.id, workloads.error.message, true));
    for (const cronJob of workloads.allCronJobs()) nodes.push(this.cronJobNode(context, cronJob));
    const jobs = workloads.allJobs();
    for (const job of jobs.filter((j) => !j.cronJobName)) nodes.push(this.jobNode(context, job));
    // Runs started here whose Job is gone from the namespace (deleted elsewhere) stay with their logs.
    const listed = new Set(jobs.map((j) => j.id));
    nodes.push(...runs.filter((id) => !listed.has(id)).map((id) => this.runNode(id)));
    if (nodes.length === 0) nodes.push(this.message(target.id, `no Jobs or CronJobs in namespace ${workloads.namespace}`, false));
    return nodes;
  }

  cronJobChildren(element: CronJobNode): JobsTreeNode[] {
    const workloads = this.watched?.workloads;
    if (!workloads) return [];
    const jobs = workloads.jobsOf(element.cronJob.name);
    return jobs.length > 0 ? jobs.map((job) => this.jobNode(workloads.connection.context, job)) : [this.message(element.id, 'no Jobs yet', false)];
  }

  jobChildren(element: ClusterJobNode): JobsTreeNode[] {
    const workloads = this.watched?.workloads;
    if (!workloads) return [];
    const context = workloads.connection.context;
    return workloads.podsOf(element.job).map((pod) => this.deps.nodes.intern({ kind: 'clusterPod', id: `clusterpod:${context}/${element.job.namespace}/${pod.name}`, jobId: element.job.id, pod }));
  }

  /** Stops watching (the view is hidden, the selection changed, the refresh button); the next `children` call lists and watches again. */
  stop(): void {
    this.watched?.subscription.dispose();
    this.watched?.workloads.stop();
    this.watched = undefined;
  }

  /** The connection being watched, if any. */
  watching(): ClusterConnection | undefined {
    return this.watched?.workloads.connection;
  }

  stats(): { jobs: ListWatchStats; cronJobs: ListWatchStats; pods: ListWatchStats } | undefined {
    return this.watched?.workloads.stats();
  }

  private watch(connection: ClusterConnection): NamespaceWorkloads {
    if (this.watched?.workloads.connection === connection) return this.watched.workloads;
    this.stop();
    const workloads = new NamespaceWorkloads(connection, connection.namespace, { batchMs: this.deps.batchMs });
    const subscription = workloads.onDidChange((changes) => this.changed(workloads, changes));
    this.watched = { workloads, subscription };
    return workloads;
  }

  /** Turns a batch of changes into the elements shown that they touch; elements never shown are skipped. */
  private changed(workloads: NamespaceWorkloads, changes: WorkloadChanges): void {
    const context = workloads.connection.context;
    const { nodes } = this.deps;
    const redraw: JobsTreeNode[] = [];
    const target = nodes.get(`target:cluster:${context}`);
    if (changes.membership && target) redraw.push(target);
    for (const name of changes.cronJobs) {
      const node = nodes.get(`cronjob:${context}/${workloads.namespace}/${name}`);
      const cronJob = workloads.cronJob(name);
      if (node?.kind === 'clusterCronJob' && cronJob) redraw.push(this.cronJobNode(context, cronJob));
    }
    for (const id of changes.jobs) {
      const node = nodes.get(`job:${context}/${id}`);
      const job = workloads.job(id);
      if (node?.kind === 'clusterJob' && job && !this.deps.isRun(id)) redraw.push(this.jobNode(context, job));
    }
    if (redraw.length > 0) for (const listener of this.listeners) listener(redraw);
  }

  private cronJobNode(context: string, cronJob: ClusterCronJobSummary): JobsTreeNode {
    return this.deps.nodes.intern({ kind: 'clusterCronJob', id: `cronjob:${context}/${cronJob.namespace}/${cronJob.name}`, cronJob });
  }

  private jobNode(context: string, job: ClusterJobSummary): JobsTreeNode {
    if (this.deps.isRun(job.id)) return this.runNode(job.id);
    return this.deps.nodes.intern({ kind: 'clusterJob', id: `job:${context}/${job.id}`, job });
  }

  private runNode(runId: string): JobsTreeNode {
    return this.deps.nodes.intern({ kind: 'run', id: `run:${runId}`, runId });
  }

  private message(parentId: string, text: string, problem: boolean): JobsTreeNode {
    return this.deps.nodes.intern({ kind: 'message', id: `message:${parentId}`, text, problem });
  }
}
