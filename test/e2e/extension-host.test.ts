// The extension-host suite (test/e2e/extension-host/*.spec.ts) run inside a real VS Code
// (code-server); each of its mocha tests is reported here as a test of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostSuite } from '../support/e2e/extension-host';
import { assertDockerEngine } from '../support/e2e/docker-engine';
import { startClusterFixture, TEST_CONTEXT } from '../support/api-server/cluster-fixture';
import { ADMIN_TOKEN } from '../support/api-server/test-api-server';
import { writeKubeconfig } from '../support/api-server/kubeconfig-file';

/** A second context (same server) and namespace, for Select Target and Select Namespace. */
const OTHER_CONTEXT = 'second-cluster';
const OTHER_NAMESPACE = 'batch-work';

test('extension-host integration suite in code-server', { timeout: 420_000 }, async (t) => {
  // run-local.spec.ts runs a Job on it.
  await assertDockerEngine();
  // run-cluster.spec.ts runs a Job on this test API server, found through KUBECONFIG as kubectl would.
  const cluster = await startClusterFixture();
  t.after(() => cluster.close());
  cluster.server.createNamespace(OTHER_NAMESPACE);
  const kubeconfig = writeKubeconfig([
    { name: TEST_CONTEXT, server: cluster.server.url, token: ADMIN_TOKEN },
    { name: OTHER_CONTEXT, server: cluster.server.url, token: ADMIN_TOKEN },
  ]);
  cluster.server.kubelet.script = (pod) => ({ containers: { busybox: { lines: [`pod ${pod.name} working`, 'done'] } } });
  const { exitCode, results } = await runExtensionHostSuite({
    name: 'extension-host',
    env: { KUBECONFIG: kubeconfig, KUBE_JOBS_E2E_CONTEXT: TEST_CONTEXT, KUBE_JOBS_E2E_OTHER_CONTEXT: OTHER_CONTEXT, KUBE_JOBS_E2E_OTHER_NAMESPACE: OTHER_NAMESPACE },
  });
  for (const result of results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') throw new Error(result.error);
    });
  }
  assert.ok(results.length > 0, 'the suite ran no test');
  assert.equal(exitCode, 0, `the workbench reported exit code ${exitCode}`);
});
