// What a new user meets when a run cannot go as planned, in the browser with the packaged .vsix:
// no kubeconfig, an image that is not there, a container that ignores SIGTERM, a suspended run,
// a Job removed by its TTL the moment it ends, a machine setting put in workspace settings.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { uiSuite } from '../support/e2e/ui-suite';
import type { Workbench } from '../support/e2e/workbench';

const RUN_TIMEOUT_MS = 90_000;
/** Well under the 30 s grace period the slow-stop Job's pods would otherwise use. */
const KILL_TIMEOUT_MS = 15_000;
const missingKubeconfig = join(tmpdir(), 'kube-jobs-e2e-no-kubeconfig', 'config');

function toast(workbench: Workbench, text: string | RegExp): Locator {
  return workbench.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
}

function statusBarItem(workbench: Workbench, text: string | RegExp): Locator {
  return workbench.page.locator('.part.statusbar .statusbar-item', { hasText: text });
}

function jobsRow(workbench: Workbench, text: string | RegExp): Locator {
  return workbench.page.locator('.part.sidebar .monaco-list .monaco-list-row', { hasText: text }).first();
}

/** The log channel's lines in the panel (the editor renders spaces as no-break spaces: \s). */
function logLine(workbench: Workbench, pattern: RegExp): Locator {
  return workbench.page.locator('.part.panel .view-line', { hasText: pattern }).first();
}

async function showJobsView(workbench: Workbench): Promise<void> {
  const open = workbench.page.locator('.part.activitybar .action-item.checked .action-label[aria-label^="Kube Jobs"]');
  if ((await open.count()) === 0) await workbench.activityBarItem('Kube Jobs').click();
  await open.first().waitFor();
}

/** Clicks Cancel on the progress notification that counts the grace period down: the pods are killed now. */
async function killNow(workbench: Workbench, verb: string, job: string): Promise<void> {
  const progress = toast(workbench, `${verb} job/${job}`);
  await progress.filter({ hasText: 'waiting up to 30 s for its pods to stop' }).waitFor();
  await progress.getByRole('button', { name: 'Cancel' }).click();
}

uiSuite('run-problems', { docker: true, env: { KUBECONFIG: missingKubeconfig } }, (test) => {
  test('Run Job on Cluster without a kubeconfig: an error says why and what to do, and nothing runs (no picker, no local run)', async (workbench) => {
    await workbench.openFile('long-job.yaml');
    await workbench.runCommand('Kube Jobs: Run Job on Cluster');
    const error = toast(workbench, 'nothing was run — there is no cluster to run on');
    await error.waitFor();
    const text = await error.innerText();
    for (const advice of [`no kubeconfig found (looked at ${missingKubeconfig})`, 'Set KUBECONFIG', '~/.kube/config', 'Select Target']) {
      assert.ok(text.includes(advice), `the error says "${advice}": ${text}`);
    }
    await error.getByRole('button', { name: 'Select Target' }).waitFor();
    assert.equal(await workbench.quickInput.isVisible(), false, 'no target picker opened instead');
    assert.equal(await statusBarItem(workbench, 'running').count(), 0, 'nothing runs locally instead');
    await workbench.screenshot('no-kubeconfig');

    // Its button opens the picker, whose "No cluster" item shows the whole reason and, chosen, says the same.
    await error.getByRole('button', { name: 'Select Target' }).click();
    const noCluster = workbench.quickInput.locator('.monaco-list-row', { hasText: 'No cluster' });
    await noCluster.waitFor();
    assert.match(await noCluster.innerText(), /no kubeconfig found \(looked at .*\)/);
    await noCluster.click();
    await workbench.quickInput.waitFor({ state: 'hidden' });
    await toast(workbench, 'there is no cluster to run on').waitFor();
    assert.equal(await statusBarItem(workbench, 'running').count(), 0);
    await workbench.runCommand('Notifications: Clear All Notifications');
  });

  test('A missing image: the Job\'s row and the log channel name ErrImagePull, and one notification says what to do', async (workbench) => {
    await workbench.openFile('missing-image.yaml');
    await workbench.runCommand('Kube Jobs: Run Job Locally');
    const stuck = toast(workbench, 'job/missing-image on Local Docker is stuck');
    await stuck.waitFor({ timeout: RUN_TIMEOUT_MS });
    const text = await stuck.innerText();
    for (const advice of ['ErrImagePull', 'nosuch:1', 'docker pull nosuch:1', 'docker load', 'imagePullPolicy']) {
      assert.ok(text.includes(advice), `the notification says "${advice}": ${text}`);
    }
    for (const button of ['Stop', 'Describe']) await stuck.getByRole('button', { name: button }).waitFor();
    await logLine(workbench, /^===\s✘\spod\/missing-image-[a-z0-9]+\/main\swaiting:\sErrImagePull/).waitFor({ timeout: RUN_TIMEOUT_MS });
    await showJobsView(workbench);
    const row = jobsRow(workbench, 'missing-image');
    await row.filter({ hasText: /ErrImagePull|ImagePullBackOff/ }).waitFor({ timeout: RUN_TIMEOUT_MS });
    await workbench.screenshot('missing-image');

    // Told once per run: ErrImagePull turning into ImagePullBackOff adds no notification and no log line.
    await row.filter({ hasText: 'ImagePullBackOff' }).waitFor({ timeout: RUN_TIMEOUT_MS });
    assert.equal(await logLine(workbench, /waiting:\s/).count(), 1, 'one log line names the waiting reason');
    await workbench.runCommand('Notifications: Show Notifications');
    const told = workbench.page.locator('.notifications-center .notification-list-item', { hasText: 'is stuck' });
    await told.first().waitFor();
    assert.equal(await told.count(), 1, 'one notification per run');

    await told.first().getByRole('button', { name: 'Stop' }).click();
    await toast(workbench, 'job/missing-image on Local Docker stopped.').or(workbench.page.locator('.notifications-center .notification-list-item', { hasText: 'job/missing-image on Local Docker stopped.' })).first().waitFor({ timeout: RUN_TIMEOUT_MS });
    await row.filter({ hasText: 'Stopped' }).waitFor();
    await workbench.runCommand('Notifications: Clear All Notifications');
  }, { timeout: RUN_TIMEOUT_MS + 60_000 });

  test('Suspend and Stop: offered by state, the grace period shown with a way to kill now, a suspended run counted apart, a stopped one shown as Stopped', async (workbench) => {
    await workbench.openFile('slow-stop-job.yaml');
    await workbench.runCommand('Kube Jobs: Run Job Locally');
    await logLine(workbench, /^\[slow-stop-job-[a-z0-9]+\/main\]\sstarted$/).waitFor({ timeout: RUN_TIMEOUT_MS });
    await statusBarItem(workbench, '1 Job running').waitFor();
    await showJobsView(workbench);
    const row = jobsRow(workbench, 'slow-stop-job');
    await row.waitFor();

    const running = await workbench.contextMenuEntries(row);
    assert.ok(running.includes('Suspend Run') && running.includes('Stop'), `a running run's menu: ${running.join(' | ')}`);
    assert.ok(!running.includes('Resume Run'), `a running run offers no Resume: ${running.join(' | ')}`);

    await workbench.contextMenuAction(row, 'Suspend Run');
    await killNow(workbench, 'Suspending', 'slow-stop-job');
    // Killed, not left its 30 s: the pod ends within a few seconds, and is not logged as a failure.
    await logLine(workbench, /^===\spod\/slow-stop-job-[a-z0-9]+\sstopped\s\(Job\ssuspended\)$/).waitFor({ timeout: KILL_TIMEOUT_MS });
    await statusBarItem(workbench, '1 Job suspended').waitFor();
    assert.equal(await statusBarItem(workbench, 'running').count(), 0, 'a suspended run is not counted as running');
    await row.filter({ hasText: 'Suspended' }).waitFor();
    assert.equal(await logLine(workbench, /✘/).count(), 0, 'a suspended pod is not logged as failed');
    const suspended = await workbench.contextMenuEntries(row);
    assert.ok(suspended.includes('Resume Run'), `a suspended run's menu: ${suspended.join(' | ')}`);
    assert.ok(!suspended.includes('Suspend Run') && !suspended.includes('Stop'), `a suspended run offers neither Suspend nor Stop: ${suspended.join(' | ')}`);
    // The editor draws its CodeLens again once it has the focus back from the tree.
    const editor = workbench.editor('slow-stop-job.yaml');
    await editor.locator('.view-lines').click();
    const codeLens = editor.locator('.codelens-decoration');
    await codeLens.filter({ hasText: 'Resume' }).waitFor();
    assert.equal(await codeLens.filter({ hasText: /^Stop$/ }).count(), 0, 'the CodeLens offers Resume, not Stop');

    await workbench.contextMenuAction(row, 'Resume Run');
    await statusBarItem(workbench, '1 Job running').waitFor({ timeout: RUN_TIMEOUT_MS });
    await workbench.page.locator('.part.panel .view-line', { hasText: /^\[slow-stop-job-[a-z0-9]+\/main\]\sstarted$/ }).nth(1).waitFor({ timeout: RUN_TIMEOUT_MS });

    await workbench.runCommand('Kube Jobs: Stop');
    const killed = Date.now();
    await killNow(workbench, 'Stopping', 'slow-stop-job');
    await toast(workbench, 'job/slow-stop-job on Local Docker stopped.').waitFor({ timeout: KILL_TIMEOUT_MS });
    const took = Date.now() - killed;
    assert.ok(took < KILL_TIMEOUT_MS, `stopped ${took} ms after Cancel`);
    await row.filter({ hasText: 'Stopped' }).waitFor();
    await logLine(workbench, /^===\sjob\/slow-stop-job\sStopped/).waitFor();
    // Its pods too read as stopped, not as failed with exit 137.
    await row.click();
    await workbench.page.keyboard.press('ArrowRight');
    const podRows = workbench.page.locator('.part.sidebar .monaco-list .monaco-list-row', { hasText: /^slow-stop-job-[a-z0-9]+/ });
    // Two: the one deleted for the suspend reads so (as on a cluster), the one started on resume was stopped.
    await podRows.filter({ hasText: 'Stopped (Job suspended)' }).waitFor();
    await podRows.filter({ hasText: 'Stopped (Job stopped)' }).waitFor();
    assert.equal(await podRows.count(), 2);
    const pods = await podRows.allInnerTexts();
    assert.ok(pods.every((text) => !text.includes('exit 137') && !text.includes('Failed')), `pod rows: ${pods.join(' | ')}`);
    assert.equal(await toast(workbench, 'job/slow-stop-job on Local Docker failed').count(), 0, 'a stopped run is not reported as failed');
    await workbench.runCommand('Notifications: Clear All Notifications');
  }, { timeout: RUN_TIMEOUT_MS * 2 });

  test('A Job removed by its TTL the moment it ends: the outcome is notified, its row and log channel stay', async (workbench) => {
    await workbench.openFile('ttl-zero-job.yaml');
    await workbench.runCommand('Kube Jobs: Run Job Locally');
    const failed = toast(workbench, 'job/ttl-zero-job on Local Docker failed');
    await failed.waitFor({ timeout: RUN_TIMEOUT_MS });
    assert.match(await failed.innerText(), /exited 3.*removed by its TTL \(ttlSecondsAfterFinished: 0\)/s);
    await showJobsView(workbench);
    await jobsRow(workbench, 'ttl-zero-job').filter({ hasText: 'removed by its TTL' }).waitFor();
    await logLine(workbench, /^\[ttl-zero-job-[a-z0-9]+\/main\]\schecking$/).waitFor();
    await logLine(workbench, /^===\sjob\/ttl-zero-job\sremoved\sby\sits\sTTL/).waitFor();
    await workbench.runCommand('Notifications: Clear All Notifications');
  }, { timeout: RUN_TIMEOUT_MS + 30_000 });

  test('kubeJobs.docker.host in workspace settings, where VS Code ignores it: a warning names the file', async (workbench) => {
    // The extension is active (it activates on YAML), as when the user works on a manifest.
    await workbench.openFile('restarting-job.yaml');
    const settingsDir = join(workbench.server.workspace, '.vscode');
    mkdirSync(settingsDir, { recursive: true });
    writeFileSync(join(settingsDir, 'settings.json'), '{\n  // ignored here: a machine setting\n  "kubeJobs.docker.host": "tcp://127.0.0.1:2375"\n}\n');
    const warning = toast(workbench, 'kubeJobs.docker.host is set to "tcp://127.0.0.1:2375" in .vscode/settings.json, where it is ignored');
    await warning.waitFor({ timeout: 30_000 });
    for (const button of ['Open Setting', 'Open File']) await warning.getByRole('button', { name: button }).waitFor();
  });
});

const noEngine = 'unix:///tmp/kube-jobs-e2e-no-engine.sock';

// DOCKER_HOST, not the setting: code-server is a remote window, where a machine setting is read
// from the remote's own settings, not from the user settings the harness writes.
uiSuite('docker-unreachable', { env: { DOCKER_HOST: noEngine } }, (test) => {
  test('No Docker engine: the error says how to start one or where to point, and its button opens the setting', async (workbench) => {
    await workbench.openFile('long-job.yaml');
    await workbench.runCommand('Kube Jobs: Run Job Locally');
    const error = toast(workbench, `no Docker engine answers at ${noEngine}`);
    await error.waitFor();
    const text = await error.innerText();
    for (const advice of ['sudo dockerd', 'DOCKER_HOST', 'kubeJobs.docker.host']) assert.ok(text.includes(advice), `the error says "${advice}": ${text}`);
    assert.ok(!text.includes('scripts/'), `no advice from this repository, which a user of the extension does not have: ${text}`);
    await error.getByRole('button', { name: 'Open Setting' }).click();
    await workbench.page.locator('.settings-editor .setting-item-contents', { hasText: 'The Docker engine to run Jobs on' }).first().waitFor();
  });
});
