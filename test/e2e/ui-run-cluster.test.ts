// A Job run on the local one-node Kubernetes from the browser with the packaged .vsix, as a user
// does: the CodeLens `▶ Run on <context>`, the run's log channel, the Jobs view under the
// context, Stop (which suspends a cluster run) and Resume Run, then the end. The extension finds
// the cluster through KUBECONFIG (the test command's local cluster), in a namespace of this
// file's own. Without KUBECONFIG this suite fails.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { parse, stringify } from 'yaml';
import { liveNamespace } from '../cluster-live/live-namespace';
import { uiSuite } from '../support/e2e/ui-suite';
import type { Workbench } from '../support/e2e/workbench';

const RUN_TIMEOUT_MS = 120_000;

/** A copy of the cluster's kubeconfig whose current context works in `namespace`, removed after the file's tests. */
function kubeconfigFor(namespace: string): { path: string; context: string } {
  const config = parse(readFileSync(process.env.KUBECONFIG as string, 'utf8')) as { 'current-context': string; contexts: { name: string; context: { namespace?: string } }[] };
  const context = config['current-context'];
  for (const entry of config.contexts) if (entry.name === context) entry.context.namespace = namespace;
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-e2e-cluster-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'config');
  writeFileSync(path, stringify(config), { mode: 0o600 });
  return { path, context };
}

function toast(workbench: Workbench, text: string | RegExp): Locator {
  return workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

function logLine(workbench: Workbench, pattern: RegExp): Locator {
  return workbench.page.locator('.part.panel .view-line', { hasText: pattern });
}

const namespace = liveNamespace('kube-jobs-e2e', () => {});
if (namespace) {
  const { path, context } = kubeconfigFor(namespace);
  uiSuite('run-cluster', { env: { KUBECONFIG: path } }, (test) => {
    test(`▶ Run on the context runs the Job on the cluster: logs, the Jobs view, Stop (suspends) and Resume Run, then completed`, async (workbench) => {
      const { page } = workbench;
      const editor = await workbench.openFile('cluster-job.yaml');
      const codeLens = editor.locator('.codelens-decoration');
      await codeLens.locator('a', { hasText: `▶ Run on ${context}` }).click();

      // Its own output channel, every line prefixed [pod/container] (\s: no-break spaces).
      await logLine(workbench, /^\[cluster-job-[a-z0-9]+\/main\]\spod\scluster-job-[a-z0-9]+\sworking$/).first().waitFor({ timeout: RUN_TIMEOUT_MS });
      await page.locator('.part.statusbar .statusbar-item', { hasText: '1 Job running' }).waitFor();

      // The Jobs view lists it under the context.
      await workbench.activityBarItem('Kube Jobs').click();
      const rows = page.locator('.part.sidebar .monaco-list .monaco-list-row');
      await rows.filter({ hasText: context }).first().waitFor();
      const runRow = rows.filter({ hasText: 'cluster-job' }).first();
      await runRow.waitFor();
      await workbench.screenshot('cluster-run-running');

      // Stop suspends a cluster run: its pod goes, nothing failed, and Resume is offered.
      await workbench.contextMenuAction(runRow, 'Stop');
      await page.locator('.part.statusbar .statusbar-item', { hasText: '1 Job suspended' }).waitFor({ timeout: RUN_TIMEOUT_MS });
      await runRow.filter({ hasText: 'Suspended' }).waitFor();
      const suspended = await workbench.contextMenuEntries(runRow);
      assert.ok(suspended.includes('Resume Run'), `a suspended cluster run's menu: ${suspended.join(' | ')}`);
      assert.ok(!suspended.includes('Stop'), `a suspended run offers no Stop: ${suspended.join(' | ')}`);
      await editor.locator('.view-lines').click();
      await codeLens.filter({ hasText: 'Resume' }).waitFor();

      await workbench.contextMenuAction(runRow, 'Resume Run');
      const done = toast(workbench, `job/cluster-job on ${context} completed: 2 succeeded.`);
      await done.waitFor({ timeout: RUN_TIMEOUT_MS });
      await runRow.filter({ hasText: '2/2' }).waitFor();
      await codeLens.filter({ hasText: '2/2 succeeded' }).waitFor();
      // Both pods that completed wrote their lines to the channel; the one Stop ended reads as
      // stopped, not failed, even though the cluster told its end after the resume.
      const finished = await logLine(workbench, /^\[cluster-job-[a-z0-9]+\/main\]\sdone$/).allInnerTexts();
      assert.ok(finished.length >= 2, `"done" lines: ${finished.join(' | ')}`);
      await logLine(workbench, /^===\spod\/cluster-job-[a-z0-9]+\sstopped\s\(Job\ssuspended\)$/).first().waitFor();
      assert.equal(await logLine(workbench, /✘/).count(), 0, 'no pod is logged as failed');
      await workbench.screenshot('cluster-run-completed');
    }, { timeout: RUN_TIMEOUT_MS * 2 });
  });
}
