// The "Jobs" tree: targets → runs → pods → containers, updated from run events (no polling).
// Refreshes are coalesced so that a Job with a hundred pods does not make the view flicker.
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from '../runs/run-registry';
import type { ContainerModel, PodModel, Run } from '../runs/model';
import type { ClusterCronJobSummary, ClusterJobSummary } from '../runs/cluster';
import { LOCAL_DOCKER_LABEL } from '../targets/run-target';
import type { ClusterBrowser } from './cluster-browser';
import { clusterJobItem, cronJobItem, messageItem } from './cluster-items';
import { containerDescription, failedContainer, podDescription, runDescription, runState, runTooltip, type RunState } from './run-presentation';

export type JobsTreeNode =
  | { kind: 'target'; id: string; label: string; cluster: boolean }
  | { kind: 'run'; id: string; runId: string }
  | { kind: 'clusterCronJob'; id: string; cronJob: ClusterCronJobSummary }
  | { kind: 'clusterJob'; id: string; job: ClusterJobSummary }
  | { kind: 'message'; id: string; text: string; problem: boolean }
  | { kind: 'pod'; id: string; runId: string; pod: string }
  | { kind: 'container'; id: string; runId: string; pod: string; container: string };

const REFRESH_DELAY_MS = 150;

const stateIcon: Record<RunState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  pending: new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow')),
  complete: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  suspended: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
};

function podIcon(pod: PodModel): vscode.ThemeIcon {
  switch (pod.phase) {
    case 'Succeeded':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'Failed':
      return new vscode.ThemeIcon('close', new vscode.ThemeColor('testing.iconFailed'));
    case 'Running':
      return new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('charts.blue'));
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

function containerIcon(container: ContainerModel): vscode.ThemeIcon {
  const { state } = container;
  if ('running' in state) return new vscode.ThemeIcon('debug-start', new vscode.ThemeColor('charts.blue'));
  if ('waiting' in state) return new vscode.ThemeIcon('watch', new vscode.ThemeColor('charts.yellow'));
  return state.terminated.exitCode === 0
    ? new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'))
    : new vscode.ThemeIcon('x', new vscode.ThemeColor('testing.iconFailed'));
}

export class JobsTreeProvider implements vscode.TreeDataProvider<JobsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<JobsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Nodes are kept by id: VS Code refreshes an element by the identity it was given. */
  private readonly nodes = new Map<string, JobsTreeNode>();
  private readonly dirty = new Set<string>();
  private refreshAll = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly registry: RunRegistry,
    private readonly cluster: ClusterBrowser,
  ) {
    this.subscription = registry.onDidChange(({ entry, change }) => {
      if (change.kind === 'removed') this.forgetRun(entry.handle.id);
      if (change.kind === 'added' || change.kind === 'removed') this.scheduleRefresh();
      else this.scheduleRefresh(`run:${entry.handle.id}`);
    });
  }

  /** The node of that id, with its data brought up to date: VS Code knows nodes by identity. */
  private node<T extends JobsTreeNode>(node: T): T {
    const known = this.nodes.get(node.id) as T | undefined;
    if (known) return Object.assign(known, node);
    this.nodes.set(node.id, node);
    return node;
  }

  /** Lists the cluster again (after a selection change, a delete, the refresh button). */
  refresh(): void {
    this.scheduleRefresh();
  }

  private forgetRun(runId: string): void {
    for (const [id, node] of this.nodes) if ('runId' in node && node.runId === runId) this.nodes.delete(id);
  }

  private scheduleRefresh(id?: string): void {
    if (id === undefined) this.refreshAll = true;
    else this.dirty.add(id);
    this.timer ??= setTimeout(() => this.flush(), REFRESH_DELAY_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.refreshAll) {
      this.changed.fire(undefined);
    } else {
      for (const id of this.dirty) {
        const node = this.nodes.get(id);
        if (node) this.changed.fire(node);
      }
    }
    this.refreshAll = false;
    this.dirty.clear();
  }

  private run(runId: string): Run | undefined {
    return this.registry.get(runId)?.handle.snapshot();
  }

  async getChildren(element?: JobsTreeNode): Promise<JobsTreeNode[]> {
    const entries = this.registry.all();
    if (!element) return this.targets(entries);
    switch (element.kind) {
      case 'target':
        return element.cluster && element.label === this.currentContext() ? this.clusterChildren(element, entries) : this.runNodes(entries.filter((e) => e.source.targetLabel === element.label));
      case 'clusterCronJob':
        return this.cronJobChildren(element);
      case 'run':
        return (this.run(element.runId)?.pods ?? []).map((pod) =>
          this.node({ kind: 'pod', id: `pod:${element.runId}/${pod.name}`, runId: element.runId, pod: pod.name }),
        );
      case 'pod': {
        const pod = this.run(element.runId)?.pods.find((p) => p.name === element.pod);
        return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].map((c) =>
          this.node({ kind: 'container', id: `container:${element.runId}/${element.pod}/${c.name}`, runId: element.runId, pod: element.pod, container: c.name }),
        );
      }
      default:
        return [];
    }
  }

  private currentContext(): string | undefined {
    try {
      return this.cluster.connect()?.context;
    } catch {
      // A broken kubeconfig: the cluster node is left out; running on it says why.
      return undefined;
    }
  }

  /** Local Docker (once something ran there) and kube contexts; nothing at all shows the welcome view. */
  private targets(entries: RunEntry[]): JobsTreeNode[] {
    const labels = new Set(entries.map((e) => e.source.targetLabel));
    const context = this.currentContext();
    const nodes: JobsTreeNode[] = [];
    if (labels.delete(LOCAL_DOCKER_LABEL)) nodes.push(this.node({ kind: 'target', id: 'target:docker', label: LOCAL_DOCKER_LABEL, cluster: false }));
    if (context) labels.add(context);
    for (const label of labels) nodes.push(this.node({ kind: 'target', id: `target:cluster:${label}`, label, cluster: true }));
    return nodes;
  }

  private runNodes(entries: RunEntry[]): JobsTreeNode[] {
    return entries.map((e) => this.node({ kind: 'run', id: `run:${e.handle.id}`, runId: e.handle.id }));
  }

  /** CronJobs, then the Jobs no CronJob owns; a Job followed here shows as its run, with pods. */
  private async clusterChildren(target: JobsTreeNode & { kind: 'target' }, entries: RunEntry[]): Promise<JobsTreeNode[]> {
    const runs = entries.filter((e) => e.source.targetLabel === target.label);
    let listing;
    try {
      listing = await this.cluster.list();
    } catch (error) {
      return [this.message(target.id, error instanceof Error ? error.message : String(error), true), ...this.runNodes(runs)];
    }
    if (!listing) return this.runNodes(runs);
    const listed = new Set(listing.jobs.map((j) => j.id));
    const nodes: JobsTreeNode[] = listing.cronJobs.map((cronJob) => this.node({ kind: 'clusterCronJob', id: `cronjob:${target.label}/${cronJob.namespace}/${cronJob.name}`, cronJob }));
    for (const job of listing.jobs.filter((j) => !j.cronJobName)) nodes.push(this.jobNode(target.label, job));
    // Runs started here whose Job is gone from the listing (deleted elsewhere) stay with their logs.
    nodes.push(...this.runNodes(runs.filter((e) => !listed.has(e.handle.id))));
    if (nodes.length === 0) nodes.push(this.message(target.id, `no Jobs or CronJobs in namespace ${listing.namespace}`, false));
    return nodes;
  }

  private async cronJobChildren(element: JobsTreeNode & { kind: 'clusterCronJob' }): Promise<JobsTreeNode[]> {
    try {
      const jobs = await this.cluster.cronJobJobs(element.cronJob.name);
      const context = this.currentContext() ?? '';
      return jobs.length > 0 ? jobs.map((job) => this.jobNode(context, job)) : [this.message(element.id, 'no Jobs yet', false)];
    } catch (error) {
      return [this.message(element.id, error instanceof Error ? error.message : String(error), true)];
    }
  }

  private jobNode(context: string, job: ClusterJobSummary): JobsTreeNode {
    if (this.registry.get(job.id)) return this.node({ kind: 'run', id: `run:${job.id}`, runId: job.id });
    return this.node({ kind: 'clusterJob', id: `job:${context}/${job.id}`, job });
  }

  private message(parentId: string, text: string, problem: boolean): JobsTreeNode {
    return this.node({ kind: 'message', id: `message:${parentId}`, text, problem });
  }

  getTreeItem(element: JobsTreeNode): vscode.TreeItem {
    const now = Date.now();
    switch (element.kind) {
      case 'target': {
        const item = new vscode.TreeItem(element.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = element.id;
        item.iconPath = new vscode.ThemeIcon(element.cluster ? 'cloud' : 'vm');
        item.contextValue = element.cluster ? 'kubeJobs.target.cluster' : 'kubeJobs.target.docker';
        if (element.cluster && element.label === this.currentContext()) item.description = `namespace ${this.cluster.connect()?.namespace ?? ''}`;
        return item;
      }
      case 'clusterCronJob':
        return cronJobItem(element.id, element.cronJob, now);
      case 'clusterJob':
        return clusterJobItem(element.id, element.job, now);
      case 'message':
        return messageItem(element.id, element.text, element.problem);
      case 'run': {
        const run = this.run(element.runId);
        const item = new vscode.TreeItem(run?.jobName ?? element.runId, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.id;
        if (run) {
          const state = runState(run);
          item.description = runDescription(run, now);
          item.tooltip = runTooltip(run);
          item.iconPath = stateIcon[state];
          item.contextValue = `kubeJobs.run.${state === 'complete' || state === 'failed' ? 'finished' : 'active'}`;
        }
        return item;
      }
      case 'pod': {
        const pod = this.run(element.runId)?.pods.find((p) => p.name === element.pod);
        const item = new vscode.TreeItem(element.pod, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.id;
        if (pod) {
          item.description = podDescription(pod, now);
          item.iconPath = podIcon(pod);
          const failed = failedContainer(pod);
          item.tooltip = `pod/${pod.name} — ${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}${pod.message ? `\n${pod.message}` : ''}${failed ? `\nfailed container: ${failed.name}` : ''}`;
        }
        item.contextValue = 'kubeJobs.pod';
        return item;
      }
      case 'container': {
        const pod = this.run(element.runId)?.pods.find((p) => p.name === element.pod);
        const container = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])].find((c) => c.name === element.container);
        const item = new vscode.TreeItem(element.container, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        if (container) {
          item.description = containerDescription(container);
          item.iconPath = containerIcon(container);
          item.tooltip = `${container.name} (${container.image})\n${item.description}`;
          item.contextValue = container.restartCount > 0 ? 'kubeJobs.container.restarted' : 'kubeJobs.container';
        }
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
