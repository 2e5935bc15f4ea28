// The cluster as a RunTarget, for the editor and the CLI: one kube context and namespace.
import type { RunTarget, StartRequest } from '../run-target';
import type { RunHandle } from '../model';
import { connectCluster, type ClusterConnection, type ClusterOptions } from './cluster-connection';
import { runWorkload } from './start-cluster-run';

export class ClusterTarget implements RunTarget {
  readonly kind = 'cluster' as const;
  readonly label: string;
  readonly namespace: string;

  constructor(readonly connection: ClusterConnection) {
    this.label = connection.context;
    this.namespace = connection.namespace;
  }

  start(request: StartRequest): Promise<RunHandle> {
    const resolve = request.resolveConflict;
    return runWorkload(this.connection, request.workload, {
      // Like kubectl: the manifest's namespace wins over the context's, not over --namespace.
      namespace: this.connection.namespaceGiven ? this.namespace : undefined,
      report: request.report,
      warn: request.warn,
      configObjects: [...request.manifest.configMaps, ...request.manifest.secrets],
      onConflict: resolve ? (conflict) => resolve(conflict.jobName, conflict.reason === 'exists' ? 'already exists' : `cannot be updated: ${conflict.message}`) : 'fail',
    });
  }
}

export function createClusterTarget(options: ClusterOptions = {}): ClusterTarget {
  return new ClusterTarget(connectCluster(options));
}
