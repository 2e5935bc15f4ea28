// The "Jobs" tree: targets → runs → pods → containers, updated from run events (no polling), and
// the selected namespace's own Jobs and CronJobs, watched while the tree shows them.
// Refreshes are coalesced so that a Job with a hundred pods does not make the view flicker.
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from '../editor/run-registry';
import type { ContainerModel, PodModel, Run } from '../runs/model';
import { LOCAL_DOCKER_LABEL } from '../runs/run-target';
import { decoratePodItem, decorateRunItem } from '../editor/run-row-item';
import type { ClusterBrowser } from './cluster-browser';
import { clusterJobItem, clusterPodItem, cronJobItem, messageItem } from './cluster-items';
import { LiveClusterTree } from './live-cluster-tree';
import { TreeNodes, type JobsTreeNode } from './jobs-tree-nodes';
import { containerDescription, containerIsLive, failedContainer, podDescription, podIsLive, runDescription, runIsLive, runState, runTooltip, type RunState } from './run-presentation';
import { RunNumbers } from './run-numbers';

export type { JobsTreeNode } from './jobs-tree-nodes';

const REFRESH_DELAY_MS = 150;
/** How often the rows of what is still going on redraw their "running for" times. */
const TICK_MS = 1000;

const stateIcon: Record<RunState, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  pending: new vscode.ThemeIcon('clock', new vscode.ThemeColor('charts.yellow')),
  complete: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  suspended: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
};

export function podIcon(pod: PodModel): vscode.ThemeIcon {
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

function containersOf(pod: PodModel | undefined): ContainerModel[] {
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
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
  private readonly changed = new vscode.EventEmitter<JobsTreeNode | JobsTreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new TreeNodes();
  private readonly dirty = new Set<string>();
  private refreshAll = false;
  private timer: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly numbers = new RunNumbers();
  private readonly subscriptions: { dispose(): void }[];
  /** The namespace's Jobs, CronJobs and pods, watched while the cluster target is shown. */
  readonly live: LiveClusterTree;

  constructor(
    private readonly registry: RunRegistry,
    private readonly cluster: ClusterBrowser,
  ) {
    this.live = new LiveClusterTree({
      connect: () => this.connection(),
      nodes: this.nodes,
      runIds: (label) => registry.all().filter((e) => e.source.targetLabel === label).map((e) => e.handle.id),
      isRun: (jobId) => registry.get(jobId) !== undefined,
    });
    for (const entry of registry.all()) this.number(entry);
    this.subscriptions = [
      registry.onDidChange(({ entry, change }) => {
        if (change.kind === 'added') this.number(entry);
        if (change.kind === 'removed') this.forgetRun(entry.handle.id);
        if (change.kind === 'added' || change.kind === 'removed') this.scheduleRefresh();
        else this.scheduleRefresh(`run:${entry.handle.id}`);
      }),
      // Already batched by the watch: one event names every element a burst touched.
      this.live.onDidChange((nodes) => this.changed.fire(nodes)),
    ];
  }

  /** The tree view, which also says when the cluster part is out of sight (then nothing is watched). */
  createView(viewId: string): vscode.TreeView<JobsTreeNode> {
    const view = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: true, canSelectMany: true });
    if (view.visible) this.startTicking();
    this.subscriptions.push(
      view,
      view.onDidChangeVisibility(({ visible }) => {
        if (visible) {
          this.scheduleRefresh();
          this.startTicking();
        } else {
          this.stopTicking();
          this.live.stop();
        }
      }),
      view.onDidCollapseElement(({ element }) => {
        if (element.kind === 'target' && element.cluster) this.live.stop();
      }),
      view.onDidExpandElement(({ element }) => {
        if (element.kind === 'target' && element.cluster) this.changed.fire(element);
      }),
    );
    return view;
  }

  /** Stops watching and lists the cluster again (the refresh button). */
  relist(): void {
    this.live.stop();
    this.scheduleRefresh();
  }

  /** Draws the tree again (after a selection change or a command); a new selection is watched anew. */
  refresh(): void {
    this.scheduleRefresh();
  }

  private number(entry: RunEntry): number {
    return this.numbers.of(entry.handle.id, entry.source.targetLabel, entry.handle.snapshot().jobName);
  }

  /** Redraws, once a second while the view is visible, only the rows whose times are still running. */
  private startTicking(): void {
    this.ticker ??= setInterval(() => {
      const live = this.liveNodes();
      if (live.length > 0) this.changed.fire(live);
    }, TICK_MS);
  }

  private stopTicking(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** The rows shown whose text says how long something has been going on. */
  liveNodes(): JobsTreeNode[] {
    const watched = this.live.watching() !== undefined;
    // One snapshot per run and tick, however many of its pods are shown.
    const runs = new Map<string, Run | undefined>();
    const runOf = (runId: string): Run | undefined => {
      if (!runs.has(runId)) runs.set(runId, this.run(runId));
      return runs.get(runId);
    };
    const podOf = (runId: string, name: string): PodModel | undefined => runOf(runId)?.pods.find((p) => p.name === name);
    return this.nodes.all().filter((node) => {
      switch (node.kind) {
        case 'run': {
          const run = runOf(node.runId);
          return run !== undefined && runIsLive(run);
        }
        case 'pod': {
          const pod = podOf(node.runId, node.pod);
          return pod !== undefined && podIsLive(pod);
        }
        case 'container': {
          const pod = podOf(node.runId, node.pod);
          const container = containersOf(pod).find((c) => c.name === node.container);
          return container !== undefined && containerIsLive(container);
        }
        case 'clusterJob':
          return watched && node.job.state === 'Running';
        case 'clusterPod':
          return watched && podIsLive(node.pod);
        default:
          return false;
      }
    });
  }

  private forgetRun(runId: string): void {
    this.nodes.forget((node) => !('runId' in node && node.runId === runId));
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

  private pod(runId: string, name: string): PodModel | undefined {
    return this.run(runId)?.pods.find((p) => p.name === name);
  }

  private container(runId: string, pod: string, name: string): ContainerModel | undefined {
    const found = this.pod(runId, pod);
    return containersOf(found).find((c) => c.name === name);
  }

  async getChildren(element?: JobsTreeNode): Promise<JobsTreeNode[]> {
    const entries = this.registry.all();
    if (!element) return this.targets(entries);
    switch (element.kind) {
      case 'target':
        return element.cluster && element.label === this.currentContext() ? this.clusterChildren(element) : this.runNodes(entries.filter((e) => e.source.targetLabel === element.label));
      case 'clusterCronJob':
        return this.live.cronJobChildren(element);
      case 'clusterJob':
        return this.live.jobChildren(element);
      case 'run':
        return (this.run(element.runId)?.pods ?? []).map((pod) =>
          this.nodes.intern({ kind: 'pod', id: `pod:${element.runId}/${pod.name}`, runId: element.runId, pod: pod.name }),
        );
      case 'pod': {
        const pod = this.pod(element.runId, element.pod);
        return containersOf(pod).map((c) =>
          this.nodes.intern({ kind: 'container', id: `container:${element.runId}/${element.pod}/${c.name}`, runId: element.runId, pod: element.pod, container: c.name }),
        );
      }
      default:
        return [];
    }
  }

  private connection(): ReturnType<ClusterBrowser['connect']> {
    try {
      return this.cluster.connect();
    } catch {
      // A broken kubeconfig: the cluster node is left out; running on it says why.
      return undefined;
    }
  }

  private currentContext(): string | undefined {
    return this.connection()?.context;
  }

  /** Local Docker (once something ran there) and kube contexts; nothing at all shows the welcome view. */
  private targets(entries: RunEntry[]): JobsTreeNode[] {
    const labels = new Set(entries.map((e) => e.source.targetLabel));
    const context = this.currentContext();
    // Another selection (or none): the old namespace is no longer watched.
    if (this.live.watching() && this.live.watching() !== this.connection()) this.live.stop();
    const nodes: JobsTreeNode[] = [];
    if (labels.delete(LOCAL_DOCKER_LABEL)) nodes.push(this.nodes.intern({ kind: 'target', id: 'target:docker', label: LOCAL_DOCKER_LABEL, cluster: false }));
    if (context) labels.add(context);
    for (const label of labels) nodes.push(this.nodes.intern({ kind: 'target', id: `target:cluster:${label}`, label, cluster: true }));
    return nodes;
  }

  private runNodes(entries: RunEntry[]): JobsTreeNode[] {
    return entries.map((e) => this.nodes.intern({ kind: 'run', id: `run:${e.handle.id}`, runId: e.handle.id }));
  }

  /** CronJobs, then the Jobs no CronJob owns; a Job followed here shows as its run, with pods. */
  private async clusterChildren(target: JobsTreeNode & { kind: 'target' }): Promise<JobsTreeNode[]> {
    try {
      return await this.live.children(target);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return [this.nodes.intern({ kind: 'message', id: `message:${target.id}`, text, problem: true }), ...this.runNodes(this.registry.all().filter((e) => e.source.targetLabel === target.label))];
    }
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
      case 'clusterPod':
        return clusterPodItem(element.id, element.pod, podIcon(element.pod), now);
      case 'message':
        return messageItem(element.id, element.text, element.problem);
      case 'run': {
        const entry = this.registry.get(element.runId);
        const run = entry?.handle.snapshot();
        const item = new vscode.TreeItem(run && entry ? `${run.jobName} #${this.number(entry)}` : element.runId, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.id;
        if (run) {
          const state = runState(run);
          item.description = runDescription(run, now);
          item.tooltip = runTooltip(run, entry?.source);
          item.iconPath = stateIcon[state];
          item.contextValue = `kubeJobs.run.${state === 'complete' || state === 'failed' ? 'finished' : 'active'}`;
        }
        // What the run's state offers, and what stopped, is stuck or was removed (run-row-item).
        const known = this.registry.get(element.runId);
        if (known) decorateRunItem(item, known);
        return item;
      }
      case 'pod': {
        const pod = this.pod(element.runId, element.pod);
        const item = new vscode.TreeItem(element.pod, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.id;
        if (pod) {
          item.description = podDescription(pod, now);
          item.iconPath = podIcon(pod);
          const failed = failedContainer(pod);
          item.tooltip = `pod/${pod.name} — ${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}${pod.message ? `\n${pod.message}` : ''}${failed ? `\nfailed container: ${failed.name}` : ''}`;
        }
        item.contextValue = 'kubeJobs.pod';
        const podRun = this.run(element.runId);
        if (podRun && pod) decoratePodItem(item, podRun, pod);
        return item;
      }
      case 'container': {
        const container = this.container(element.runId, element.pod, element.container);
        const item = new vscode.TreeItem(element.container, vscode.TreeItemCollapsibleState.None);
        item.id = element.id;
        if (container) {
          item.description = containerDescription(container, now);
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
    this.stopTicking();
    this.live.stop();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
