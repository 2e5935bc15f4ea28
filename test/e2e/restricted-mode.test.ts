// The extension in Restricted Mode: a second code-server with workspace trust on and the
// workspace untrusted, running the suite of test/e2e/restricted-mode inside its extension host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExtensionHostSuite } from '../support/e2e/extension-host';

test('restricted-mode suite in code-server (untrusted workspace)', { timeout: 240_000 }, async (t) => {
  const { exitCode, results } = await runExtensionHostSuite({ name: 'restricted-mode', specs: 'restricted-mode', restricted: true });
  for (const result of results) {
    await t.test(result.title, { skip: result.state === 'pending' }, () => {
      if (result.state === 'failed') throw new Error(result.error);
    });
  }
  assert.ok(results.length > 0, 'the suite ran no test');
  assert.equal(exitCode, 0, `the workbench reported exit code ${exitCode}`);
});
