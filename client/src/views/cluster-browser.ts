// The connection of the selected kube context and namespace, for the Jobs view and the cluster
// commands; made again when the selection changes (so a new object means a new selection).
import { connectCluster, type ClusterConnection } from '../runs/cluster';
import type { TargetChoice } from '../runs/run-target';

export class ClusterBrowser {
  private connection: { key: string; value: ClusterConnection } | undefined;

  constructor(private readonly choice: () => (TargetChoice & { kind: 'cluster' }) | undefined) {}

  /** The connection of the selected context (made again when the selection changes). */
  connect(): ClusterConnection | undefined {
    const choice = this.choice();
    if (!choice?.context) return undefined;
    const key = `${choice.context}\n${choice.namespace ?? ''}`;
    if (this.connection?.key !== key) this.connection = { key, value: connectCluster({ context: choice.context, namespace: choice.namespace }) };
    return this.connection.value;
  }
}
