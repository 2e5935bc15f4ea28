// One test API server, a kubeconfig pointing at it, and a connection through client-node:
// what every cluster-tier test starts from.
import { TestApiServer, ADMIN_TOKEN } from './test-api-server';
import { writeKubeconfig } from './kubeconfig-file';
import { connectCluster, type ClusterConnection } from '../../../client/src/runs/cluster/cluster-connection';

export interface ClusterFixture {
  server: TestApiServer;
  kubeconfig: string;
  connection: ClusterConnection;
  close(): Promise<void>;
}

export const TEST_CONTEXT = 'test-cluster';

export async function startClusterFixture(options: { namespace?: string } = {}): Promise<ClusterFixture> {
  const server = await TestApiServer.start();
  if (options.namespace && options.namespace !== 'default') server.createNamespace(options.namespace);
  const kubeconfig = writeKubeconfig([{ name: TEST_CONTEXT, server: server.url, token: ADMIN_TOKEN, namespace: options.namespace }]);
  const connection = connectCluster({ kubeconfigPaths: [kubeconfig] });
  return { server, kubeconfig, connection, close: () => server.close() };
}

/** A batch/v1 Job manifest object, busybox by default. */
export function jobManifest(name: string, spec: Record<string, unknown> = {}, containers: Record<string, unknown>[] = [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }]): Record<string, unknown> & { metadata: { name: string } } {
  const { restartPolicy = 'Never', initContainers, ...jobSpec } = spec as { restartPolicy?: string; initContainers?: unknown[] };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...jobSpec, template: { spec: { restartPolicy, ...(initContainers ? { initContainers } : {}), containers } } },
  };
}
