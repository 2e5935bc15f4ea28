// A namespace of its own for a live test file: created before its tests, removed after (with
// whatever they left in it). Without KUBECONFIG the file gets one failing test that says why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectCluster, type ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { retryRefused } from './retry-refused';

/**
 * The file's namespace name, or undefined (and a failing test) when no cluster is configured.
 * `ready` gets the connection to it once it exists, before the tests run; `labels` go on the namespace.
 */
export function liveNamespace(prefix: string, ready: (connection: ClusterConnection) => void, labels?: Record<string, string>): string | undefined {
  if (!process.env.KUBECONFIG) {
    test('the live cluster tier needs a cluster', () => {
      assert.fail('KUBECONFIG is not set: the local cluster did not start (scripts/cluster-up.sh says why above), or these tests ran without one. Start a cluster (npm run cluster:up, or another), export KUBECONFIG=<its kubeconfig>, and run again.');
    });
    return undefined;
  }
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  let connection: ClusterConnection | undefined;
  before(async () => {
    const probe = connectCluster();
    await retryRefused(() => probe.call(`create namespace ${name}`, () => probe.core.createNamespace({ body: { metadata: { name, labels } } })));
    connection = connectCluster({ namespace: name });
    ready(connection);
  });
  after(async () => {
    if (connection) await retryRefused(() => connection!.call(`delete namespace ${name}`, () => connection!.core.deleteNamespace({ name, propagationPolicy: 'Background' })));
  });
  return name;
}
