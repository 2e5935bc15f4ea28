// Stop and Re-run through their commands on the real Docker engine: a stopped run ends Failed
// with its pod kept; Re-run starts a new run of the same Job on the same target.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import type { Run } from '../../../client/src/runs/model';
import { extensionId, openEditor } from './vscode-helpers';

/** Resolves once the run has a running container: its output reached the logs. */
function whenRunning(entry: RunEntry): Promise<Run> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const run = entry.handle.snapshot();
      if (!run.pods.some((pod) => pod.containers.some((c) => 'running' in c.state))) return false;
      subscription.dispose();
      resolve(run);
      return true;
    };
    const subscription = entry.handle.onDidChange(() => check());
    check();
  });
}

suite('Stop and Re-run', () => {
  const entries: RunEntry[] = [];

  test('Stop ends a running Job: Failed, its pod kept with the container terminated', async function () {
    this.timeout(90_000);
    const extension = vscode.extensions.getExtension<KubeJobsApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await extension.activate();
    const editor = await openEditor('long-job.yaml');
    const entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');
    entries.push(entry);
    await whenRunning(entry);

    await vscode.commands.executeCommand('kubeJobs.stop', entry.handle.id);
    const run = await entry.handle.finished();
    const failed = run.status.conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    assert.ok(failed, `conditions: ${JSON.stringify(run.status.conditions)}`);
    assert.equal(run.pods.length, 1, 'the stopped pod stays, with its logs');
    const container = run.pods[0].containers[0];
    assert.ok('terminated' in container.state, `container state: ${JSON.stringify(container.state)}`);
  });

  test('Re-run starts a new run of the same Job on the same target', async function () {
    this.timeout(90_000);
    const api = (await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate()) as KubeJobsApi;
    const first = entries[0];
    assert.ok(first, 'no run from the test before');
    const second = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.rerun', first.handle.id);
    assert.ok(second, 'Re-run started no run');
    entries.push(second);
    assert.notEqual(second.handle.id, first.handle.id);
    assert.equal(second.source.targetLabel, 'Local Docker');
    assert.equal(second.handle.snapshot().jobName, 'long-job');
    assert.ok(api.registry.get(first.handle.id), 'the first run stays until it is deleted');
    await whenRunning(second);
    await vscode.commands.executeCommand('kubeJobs.stop', second.handle.id);
    await second.handle.finished();
  });

  suiteTeardown(async () => {
    for (const entry of entries) await entry.handle.delete();
  });
});
