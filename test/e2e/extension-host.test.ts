// The extension-host suite (test/e2e/extension-host/*.spec.ts) run inside a real VS Code
// (code-server); each of its mocha tests is reported here as a test of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostSuite } from '../support/e2e/extension-host';
import { assertDockerEngine } from '../support/e2e/docker-engine';
import { startClusterFixture, TEST_CONTEXT } from '../support/api-server/cluster-fixture';
import { ADMIN_TOKEN } from '../support/api-server/test-api-server';
import { writeKubeconfig } from '../support/api-server/kubeconfig-file';
import { JobScript } from '../support/api-server/job-script';

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
  // examples/normal-job.yaml as the test plays it, in whichever namespace it is run: 6 pods, 2 at
  // a time, each writing two lines.
  cluster.server.store.onChange((event) => {
    if (event.plural !== 'jobs' || event.type !== 'ADDED' || event.object.metadata.name !== 'normal-job') return;
    const script = new JobScript(cluster.server, event.object.metadata.namespace);
    void (async () => {
      for (let wave = 0; wave < 3; wave++) {
        const pods = await Promise.all([script.createPod(event.object), script.createPod(event.object)]);
        await script.jobStatus('normal-job', { active: 2, succeeded: wave * 2 });
        await Promise.all(pods.map((pod) => pod.playToEnd({ containers: { busybox: { lines: [`pod ${pod.name} working`, 'done'] } } })));
      }
      await script.finish('normal-job', { type: 'Complete' }, { succeeded: 6 });
    })().catch((error: unknown) => console.error(`normal-job in ${event.object.metadata.namespace ?? ''} was not played to its end: ${String(error)}`));
  });
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
