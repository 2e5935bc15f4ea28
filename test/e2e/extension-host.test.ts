// The extension-host suite (test/e2e/extension-host/*.spec.ts) run inside a real VS Code
// (code-server); each of its mocha tests is reported here as a test of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostSuite } from '../support/e2e/extension-host';
import { assertDockerEngine } from '../support/e2e/docker-engine';

test('extension-host integration suite in code-server', { timeout: 240_000 }, async (t) => {
  // run-local.spec.ts runs a Job on it.
  await assertDockerEngine();
  const { exitCode, results } = await runExtensionHostSuite({ name: 'extension-host' });
  for (const result of results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') throw new Error(result.error);
    });
  }
  assert.ok(results.length > 0, 'the suite ran no test');
  assert.equal(exitCode, 0, `the workbench reported exit code ${exitCode}`);
});
