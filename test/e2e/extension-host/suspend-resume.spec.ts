// Suspend Run and Resume Run on a local run, on the real Docker engine: suspending stops the
// running pod without counting a failure and the run shows as suspended; resuming starts a pod
// again.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import type { Run } from '../../../client/src/runs/model';
import { extensionId, openEditor } from './vscode-helpers';

/** Resolves with the run once `predicate` holds: checked now and on every change of the run. */
function runWhen(entry: RunEntry, predicate: (run: Run) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const run = entry.handle.snapshot();
      if (!predicate(run)) return false;
      subscription.dispose();
      resolve(run);
      return true;
    };
    const subscription = entry.handle.onDidChange(() => check());
    check();
  });
}

const running = (run: Run) => run.pods.some((pod) => pod.containers.some((c) => 'running' in c.state));
const suspended = (run: Run) => run.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True');

suite('Suspend and Resume a local run', () => {
  let entry: RunEntry | undefined;

  test('Suspend stops the running pod without a failure; Resume starts one again', async function () {
    this.timeout(120_000);
    await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    const editor = await openEditor('long-job.yaml');
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');
    const first = await runWhen(entry, running);
    const firstPod = first.pods[0].name;
    const lensTitles = async (): Promise<string[]> =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 20)).map((l) => l.command?.title ?? '');

    // Offered by state: a running run can be stopped, not resumed; Resume on it changes nothing.
    let titles = await lensTitles();
    assert.ok(titles.includes('Stop') && !titles.includes('Resume'), `CodeLens of a running run: ${titles.join(' | ')}`);
    await vscode.commands.executeCommand('kubeJobs.resumeRun', entry.handle.id);
    assert.ok(!suspended(entry.handle.snapshot()) && running(entry.handle.snapshot()), 'Resume on a running run leaves it running');

    await vscode.commands.executeCommand('kubeJobs.suspendRun', entry.handle.id);
    const paused = await runWhen(entry, (run) => suspended(run) && run.status.active === 0);
    assert.equal(paused.status.failed, 0, 'a suspended pod is not a failure');
    assert.ok(!paused.status.conditions.some((c) => c.type === 'Failed' && c.status === 'True'));
    titles = await lensTitles();
    assert.ok(titles.some((t) => t.includes('Suspended') && t.includes('0/1 succeeded')), `CodeLens: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Resume') && !titles.includes('Stop'), `CodeLens of a suspended run offers Resume, not Stop: ${titles.join(' | ')}`);

    await vscode.commands.executeCommand('kubeJobs.resumeRun', entry.handle.id);
    const resumed = await runWhen(entry, (run) => !suspended(run) && run.pods.some((p) => p.name !== firstPod && p.containers.some((c) => 'running' in c.state)));
    assert.equal(resumed.status.failed, 0);

    await vscode.commands.executeCommand('kubeJobs.stop', entry.handle.id);
    await entry.handle.finished();
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
