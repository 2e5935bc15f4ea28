// The extension-host suite (test/e2e/extension-host/*.spec.ts) run inside a real VS Code
// (code-server); each of its mocha tests is reported here as a test of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostSuite } from '../support/e2e/extension-host';
import { assertDockerEngine } from '../support/e2e/docker-engine';
import { startClusterFixture, TEST_CONTEXT } from '../support/api-server/cluster-fixture';

test('extension-host integration suite in code-server', { timeout: 240_000 }, async (t) => {
  // run-local.spec.ts runs a Job on it.
  await assertDockerEngine();
  // run-cluster.spec.ts runs a Job on this test API server, found through KUBECONFIG as kubectl would.
  const cluster = await startClusterFixture();
  t.after(() => cluster.close());
  cluster.server.kubelet.script = (pod) => ({ containers: { busybox: { lines: [`pod ${pod.name} working`, 'done'] } } });
  const { exitCode, results } = await runExtensionHostSuite({
    name: 'extension-host',
    env: { KUBECONFIG: cluster.kubeconfig, KUBE_JOBS_E2E_CONTEXT: TEST_CONTEXT },
  });
  for (const result of results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') throw new Error(result.error);
    });
  }
  assert.ok(results.length > 0, 'the suite ran no test');
  assert.equal(exitCode, 0, `the workbench reported exit code ${exitCode}`);
});
