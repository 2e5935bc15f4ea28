// The Jobs and CronJobs of the selected kube context and namespace, whoever created them, for
// the Jobs view. Listed when the view asks (expanding, refreshing), kept until the next listing.
import { connectCluster, listCronJobJobs, listCronJobs, listJobs, type ClusterConnection, type ClusterCronJobSummary, type ClusterJobSummary } from '../runs/cluster';
import { summarizeJob } from '../runs/cluster/workload-listing';
import type { TargetChoice } from '../targets/run-target';

export interface ClusterListing {
  context: string;
  namespace: string;
  cronJobs: ClusterCronJobSummary[];
  jobs: ClusterJobSummary[];
}

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

  async list(): Promise<ClusterListing | undefined> {
    const connection = this.connect();
    if (!connection) return undefined;
    const [cronJobs, jobs] = await Promise.all([listCronJobs(connection), listJobs(connection)]);
    return { context: connection.context, namespace: connection.namespace, cronJobs, jobs };
  }

  async cronJobJobs(name: string): Promise<ClusterJobSummary[]> {
    const connection = this.connect();
    if (!connection) return [];
    return (await listCronJobJobs(connection, name)).map(summarizeJob);
  }
}
