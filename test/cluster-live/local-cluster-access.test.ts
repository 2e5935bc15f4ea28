// The local cluster's other two kubeconfigs (scripts/cluster-up.sh writes them beside the admin
// one): a user restricted to one namespace, and one whose credentials come from an exec plugin.
// Against another cluster, which has neither, these tests are skipped and say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectCluster, type ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { finishedCondition } from '../../client/src/runs/model';

const LIVE_TIMEOUT = 240_000;
const folder = process.env.KUBECONFIG ? dirname(process.env.KUBECONFIG) : '';
const userConfig = join(folder, 'user.kubeconfig');
const execConfig = join(folder, 'exec.kubeconfig');
const skip = folder && existsSync(userConfig) && existsSync(execConfig) ? false : 'not the local cluster (npm run cluster:up): no user.kubeconfig and exec.kubeconfig beside KUBECONFIG';

const echoJob = (name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['echo', 'done'] }] } } },
});

async function runToEnd(connection: ClusterConnection, name: string): Promise<string | undefined> {
  const run = await startClusterRun({ connection, objects: [echoJob(name)] });
  try {
    await run.finished();
    return finishedCondition(run.snapshot().status)?.type;
  } finally {
    run.dispose();
  }
}

test('the exec credential plugin signs in as a cluster admin who runs a Job to Complete', { skip, timeout: LIVE_TIMEOUT }, async () => {
  const probe = connectCluster({ kubeconfigPaths: [execConfig] });
  const namespace = `kube-jobs-exec-${randomBytes(3).toString('hex')}`;
  await probe.call(`create namespace ${namespace}`, () => probe.core.createNamespace({ body: { metadata: { name: namespace } } }));
  try {
    assert.equal(await runToEnd(connectCluster({ kubeconfigPaths: [execConfig], namespace }), 'by-exec'), 'Complete');
  } finally {
    await probe.call(`delete namespace ${namespace}`, () => probe.core.deleteNamespace({ name: namespace, propagationPolicy: 'Background' }));
  }
});

test('the restricted user runs Jobs in its namespace and is told why it may not look elsewhere', { skip, timeout: LIVE_TIMEOUT }, async () => {
  const user = connectCluster({ kubeconfigPaths: [userConfig] });
  assert.equal(user.namespace, 'kube-jobs-user');
  const name = `by-user-${randomBytes(3).toString('hex')}`;
  try {
    assert.equal(await runToEnd(user, name), 'Complete');
  } finally {
    await user.call(`delete job ${name}`, () => user.batch.deleteNamespacedJob({ name, namespace: user.namespace, propagationPolicy: 'Background' }));
  }
  await assert.rejects(
    user.call('list jobs in default', () => user.batch.listNamespacedJob({ namespace: 'default' })),
    (error: unknown) => error instanceof ClusterError && error.kind === 'forbidden' && /kube-jobs-user/.test(error.message) && /"default"/.test(error.message),
  );
  await assert.rejects(
    user.call('list namespaces', () => user.core.listNamespace()),
    (error: unknown) => error instanceof ClusterError && error.kind === 'forbidden' && /cannot list resource "namespaces"/.test(error.message),
  );
});
