// Run Job on Cluster through its command, on the kube context KUBECONFIG names: the test API
// server the node side started (test/support/api-server), reached over real HTTP.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { extensionId, openEditor } from './vscode-helpers';

suite('Run Job on Cluster', () => {
  let entry: RunEntry | undefined;

  test('examples/normal-job.yaml runs on the current kube context and completes with six pods and their logs', async function () {
    this.timeout(60_000);
    const context = process.env.KUBE_JOBS_E2E_CONTEXT;
    assert.ok(process.env.KUBECONFIG && context, 'the e2e harness set no KUBECONFIG for this suite');
    const extension = vscode.extensions.getExtension<KubeJobsApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    const editor = await openEditor('examples/normal-job.yaml');

    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobOnCluster', editor.document.uri);
    assert.ok(entry, 'Run Job on Cluster started no run (its error is in a notification)');
    assert.equal(api.registry.get(entry.handle.id), entry, 'the run is not in the registry the Jobs view shows');
    assert.equal(entry.source.targetLabel, context);

    const run = await entry.handle.finished();
    assert.equal(run.target, 'cluster');
    assert.equal(run.status.conditions.find((c) => c.type === 'Complete')?.status, 'True', `conditions: ${JSON.stringify(run.status.conditions)}`);
    assert.equal(run.status.succeeded, 6);
    assert.equal(run.pods.length, 6, `pods of the finished run: ${run.pods.map((p) => `${p.name} ${p.phase}`).join(', ')}`);
    const lines: string[] = [];
    for await (const line of entry.handle.logs(run.pods[0].name, 'busybox')) lines.push(line.text);
    assert.deepEqual(lines, [`pod ${run.pods[0].name} working`, 'done']);
  });

  test('Describe names the kube context the run went to', async function () {
    this.timeout(30_000);
    assert.ok(entry, 'no run from the test before');
    await vscode.commands.executeCommand('kubeJobs.describe', entry.handle.id);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, new RegExp(`^Target:\\s+${process.env.KUBE_JOBS_E2E_CONTEXT ?? '-'}$`, 'm'));
    assert.match(text, /^Pods Statuses:\s+0 Active \(0 Ready\) \/ 6 Succeeded \/ 0 Failed$/m);
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
