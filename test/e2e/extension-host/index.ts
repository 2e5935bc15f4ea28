// The extension-host side of the e2e tier: a mocha suite, loaded by VS Code from
// `extensionTestsPath` — by code-server here (test/support/e2e/extension-host.ts), by
// @vscode/test-electron on a desktop VS Code (test/e2e/desktop/run-test-electron.mjs).
// Every `*.spec.js` next to this file is a part of it.
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One mocha test's outcome, as the node:test side reports it. */
export interface SuiteResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  // KUBE_JOBS_E2E_GREP narrows a run to matching tests while writing one.
  const grep = process.env.KUBE_JOBS_E2E_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.spec.js')).sort()) mocha.addFile(join(__dirname, file));

  const results: SuiteResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.KUBE_JOBS_E2E_RESULTS;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('pending', (test) => results.push({ title: test.fullTitle(), state: 'pending' }));
    // Hooks fail through this event too: their title says which hook.
    runner.on('fail', (test, error: Error) => results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: error.stack ?? String(error) }));
  });
}
