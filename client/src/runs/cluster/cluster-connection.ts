// One kube context, ready to use: the typed API clients, watch and log streams, the namespace,
// and `call`, which turns any failure into a ClusterError that names the context.
import { BatchV1Api, CoreV1Api, Watch, type KubeConfig } from '@kubernetes/client-node';
import { explainClusterError, type ClusterLocation } from './cluster-errors';
import { loadKubeConfig, type KubeConfigOptions } from './kube-config';

export type ClusterOptions = KubeConfigOptions;

export class ClusterConnection implements ClusterLocation {
  readonly batch: BatchV1Api;
  readonly core: CoreV1Api;
  readonly watcher: Watch;
  readonly config: KubeConfig;
  readonly context: string;
  readonly namespace: string;
  /** The namespace was asked for (--namespace), not the context's default. */
  readonly namespaceGiven: boolean;
  readonly server: string;

  constructor(options: ClusterOptions = {}) {
    const resolved = loadKubeConfig(options);
    this.context = resolved.context;
    this.namespace = resolved.namespace;
    this.namespaceGiven = options.namespace !== undefined;
    this.server = resolved.server;
    this.batch = resolved.config.makeApiClient(BatchV1Api);
    this.core = resolved.config.makeApiClient(CoreV1Api);
    this.watcher = new Watch(resolved.config);
    this.config = resolved.config;
  }

  /** Runs one API call; a failure becomes a ClusterError saying what was being done. */
  async call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw explainClusterError(error, this, action);
    }
  }
}

export function connectCluster(options: ClusterOptions = {}): ClusterConnection {
  return new ClusterConnection(options);
}
