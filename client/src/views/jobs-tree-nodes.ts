// The elements of the Jobs tree. Plain data, so that the parts that decide the tree's shape can
// run (and be tested) without VS Code.
import type { ClusterCronJobSummary, ClusterJobSummary } from '../runs/cluster';
import type { PodModel } from '../runs/model';

export type JobsTreeNode =
  | { kind: 'target'; id: string; label: string; cluster: boolean }
  | { kind: 'run'; id: string; runId: string }
  | { kind: 'clusterCronJob'; id: string; cronJob: ClusterCronJobSummary }
  | { kind: 'clusterJob'; id: string; job: ClusterJobSummary }
  | { kind: 'clusterPod'; id: string; jobId: string; pod: PodModel }
  | { kind: 'message'; id: string; text: string; problem: boolean }
  | { kind: 'pod'; id: string; runId: string; pod: string }
  | { kind: 'container'; id: string; runId: string; pod: string; container: string };

export type TargetNode = JobsTreeNode & { kind: 'target' };
export type CronJobNode = JobsTreeNode & { kind: 'clusterCronJob' };
export type ClusterJobNode = JobsTreeNode & { kind: 'clusterJob' };

/** Nodes are kept by id: VS Code refreshes an element by the identity it was given. */
export class TreeNodes {
  private readonly nodes = new Map<string, JobsTreeNode>();

  /** The node of that id, with its data brought up to date. */
  intern<T extends JobsTreeNode>(node: T): T {
    const known = this.nodes.get(node.id) as T | undefined;
    if (known) return Object.assign(known, node);
    this.nodes.set(node.id, node);
    return node;
  }

  get(id: string): JobsTreeNode | undefined {
    return this.nodes.get(id);
  }

  all(): JobsTreeNode[] {
    return [...this.nodes.values()];
  }

  forget(keep: (node: JobsTreeNode) => boolean): void {
    for (const [id, node] of this.nodes) if (!keep(node)) this.nodes.delete(id);
  }
}
