// Running a Job the way a user does, in the browser with the packaged .vsix installed: palette
// → Run Job Locally on seed 001's normal-job, then what the editor shows while it runs and after.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { uiSuite } from '../support/e2e/ui-suite';
import type { Workbench } from '../support/e2e/workbench';

const RUN_TIMEOUT_MS = 150_000;

/** The process controlling a local run of `job`, from the owner file beside its journal (XDG_STATE_HOME of the server). */
function runOwner(workbench: Workbench, job: string): string {
  const dir = join(dirname(workbench.server.workspace), 'xdg', 'state', 'kube-jobs', 'runs');
  const file = readdirSync(dir).find((name) => name.startsWith(`${job}-`) && name.endsWith('.owner'));
  assert.ok(file, `no owner file for ${job} in ${dir}: ${readdirSync(dir).join(', ')}`);
  return readFileSync(join(dir, file), 'utf8');
}

function processAlive(owner: string): boolean {
  try {
    process.kill(Number(owner.split('/')[1]), 0);
    return true;
  } catch {
    return false;
  }
}

uiSuite('run-local', { docker: true }, (test) => {
  test('Run Job Locally: status bar, log channel, Jobs view and notification follow the run to completion', async (workbench) => {
    const { page } = workbench;
    const editor = await workbench.openFile('examples/normal-job.yaml');
    const codeLens = editor.locator('.codelens-decoration');
    await codeLens.filter({ hasText: '▶ Run locally' }).waitFor();
    await workbench.runCommand('Kube Jobs: Run Job Locally');

    // While it runs: the status bar counts it.
    await page.locator('.part.statusbar .statusbar-item', { hasText: '1 Job running' }).waitFor({ timeout: RUN_TIMEOUT_MS });

    // The run's own output channel opens with every container's lines prefixed [pod/container].
    // (\s: the editor renders spaces as no-break spaces.)
    const logLine = page.locator('.part.panel .view-line', { hasText: /^\[normal-job-[a-z0-9-]+\/busybox\]\spod\s\S+\sworking$/ }).first();
    await logLine.waitFor({ timeout: RUN_TIMEOUT_MS });
    await workbench.screenshot('run-log-channel');

    // The Jobs view lists the run under Local Docker.
    await workbench.activityBarItem('Kube Jobs').click();
    const rows = page.locator('.part.sidebar .monaco-list .monaco-list-row');
    await rows.filter({ hasText: 'Local Docker' }).waitFor();
    const runRow = rows.filter({ hasText: 'normal-job' }).first();
    await runRow.waitFor();

    // At the end: a notification with its buttons, and the status bar has nothing left to count.
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: 'job/normal-job on Local Docker completed: 6 succeeded.' });
    await done.waitFor({ timeout: RUN_TIMEOUT_MS });
    for (const button of ['Show Logs', 'Describe']) await done.getByRole('button', { name: button }).waitFor();
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Job running' }).waitFor({ state: 'detached' });
    await runRow.filter({ hasText: '6/6' }).waitFor();
    await codeLens.filter({ hasText: '6/6 succeeded' }).waitFor();
    await workbench.screenshot('run-notification');

    // Its pods, once expanded: six, all succeeded.
    await runRow.click();
    await page.keyboard.press('ArrowRight');
    const podRows = rows.filter({ hasText: /^normal-job-[a-z0-9]+/ });
    await podRows.nth(5).waitFor();
    const pods = await podRows.allInnerTexts();
    assert.equal(pods.length, 6, `pod rows: ${pods.join(' | ')}`);
    assert.ok(pods.every((pod) => pod.includes('Succeeded')), `pod rows: ${pods.join(' | ')}`);
    await workbench.screenshot('jobs-view-finished-run');
  }, { timeout: RUN_TIMEOUT_MS + 30_000 });

  test('Show Run Timeline from the run\'s context menu draws one bar per pod in two slots (parallelism 2)', async (workbench) => {
    const { page } = workbench;
    const runRow = page.locator('.part.sidebar .monaco-list .monaco-list-row', { hasText: 'normal-job' }).first();
    await workbench.contextMenuAction(runRow, 'Show Run Timeline');
    await page.locator('.tab', { hasText: 'Timeline: job/normal-job' }).waitFor();
    // A webview lives in an iframe that hosts the extension's page in another iframe.
    const timeline = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await timeline.locator('#title', { hasText: 'Run Timeline — ' }).waitFor();
    const bars = timeline.locator('svg#chart rect.bar.succeeded');
    await bars.nth(5).waitFor();
    assert.equal(await bars.count(), 6);
    assert.deepEqual(await timeline.locator('svg#chart text.lane-label').allTextContents(), ['slot 1', 'slot 2']);
    await workbench.screenshot('run-timeline');
  });

  test('After a window reload (a new extension host), the runs are taken over: the finished one with its pods, the running one still controlled', async (workbench) => {
    const { page } = workbench;
    await workbench.openFile('long-job.yaml');
    await workbench.runCommand('Kube Jobs: Run Job Locally');
    const running = page.locator('.part.statusbar .statusbar-item', { hasText: '1 Job running' });
    await running.waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.locator('.part.panel .view-line', { hasText: /^\[long-job-[a-z0-9]+\/main\]\sstarted$/ }).first().waitFor({ timeout: RUN_TIMEOUT_MS });

    const ownerBefore = runOwner(workbench, 'long-job');
    await workbench.runCommand('Developer: Reload Window');
    // The new extension host counts the run it took over, and lists both runs again.
    await running.waitFor({ timeout: RUN_TIMEOUT_MS });
    const rows = page.locator('.part.sidebar .monaco-list .monaco-list-row');
    await rows.filter({ hasText: 'normal-job' }).filter({ hasText: '6/6' }).first().waitFor({ timeout: RUN_TIMEOUT_MS });
    const longRow = rows.filter({ hasText: 'long-job' }).first();
    await longRow.waitFor();
    await workbench.screenshot('jobs-view-after-reload');
    // Taken over by the new extension host: the run's owner file names another, live, process.
    const ownerAfter = runOwner(workbench, 'long-job');
    assert.notEqual(ownerAfter, ownerBefore, 'another process controls the run now');
    assert.equal(processAlive(ownerBefore), false, 'the extension host that started the run is gone');

    // Still controlled: Delete stops its container and removes it.
    await workbench.contextMenuAction(longRow, 'Delete');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Delete job/long-job on Local Docker?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.part.statusbar .statusbar-item', { hasText: 'Job running' }).waitFor({ state: 'detached', timeout: 60_000 });
    await rows.filter({ hasText: 'long-job' }).first().waitFor({ state: 'detached' });
  }, { timeout: RUN_TIMEOUT_MS + 60_000 });

  test('Delete from the run\'s context menu removes it from the Jobs view, which shows its welcome again', async (workbench) => {
    const { page } = workbench;
    const runRow = page.locator('.part.sidebar .monaco-list .monaco-list-row', { hasText: 'normal-job' }).first();
    await workbench.contextMenuAction(runRow, 'Delete');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Delete job/normal-job on Local Docker?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.locator('.part.sidebar .welcome-view-content', { hasText: 'No runs to show: a Job you run appears here' }).waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.part.sidebar .monaco-list .monaco-list-row', { hasText: 'normal-job' }).count(), 0);
  });
});
