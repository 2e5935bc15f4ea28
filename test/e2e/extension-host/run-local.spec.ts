// Run Job Locally through its command on seed 001's normal-job (six completions, two at a
// time) on the real Docker engine, then what Describe shows about the finished run.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { dirname } from 'node:path';
import { extensionId, openEditor } from './vscode-helpers';
import { channelFiles } from './output-channel-text';
import { modeOf } from '../../support/file-modes';

const RUN_TIMEOUT_MS = 120_000;

suite('Run Job Locally', () => {
  let entry: RunEntry | undefined;

  test('examples/normal-job.yaml completes on the local Docker engine with six succeeded pods', async function () {
    this.timeout(RUN_TIMEOUT_MS);
    const extension = vscode.extensions.getExtension<KubeJobsApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const api = await extension.activate();
    const editor = await openEditor('examples/normal-job.yaml');

    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run (its error is in a notification)');
    assert.equal(api.registry.get(entry.handle.id), entry, 'the run is not in the registry the Jobs view shows');
    assert.equal(entry.source.targetLabel, 'Local Docker');

    const run = await entry.handle.finished();
    const complete = run.status.conditions.find((c) => c.type === 'Complete');
    assert.equal(complete?.status, 'True', `conditions: ${JSON.stringify(run.status.conditions)}`);
    assert.equal(run.status.succeeded, 6);
    assert.equal(run.status.failed, 0);
    assert.deepEqual(run.pods.map((pod) => pod.phase), Array<string>(6).fill('Succeeded'));
  });

  test('Describe shows the finished run like kubectl describe', async function () {
    this.timeout(30_000);
    assert.ok(entry, 'no run from the test before');
    await vscode.commands.executeCommand('kubeJobs.describe', entry.handle.id);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document, 'Describe opened no editor');
    const text = document.getText();
    assert.match(text, /^Name:\s+normal-job$/m);
    assert.match(text, /^Target:\s+Local Docker$/m);
    assert.match(text, /^Completions:\s+6$/m);
    assert.match(text, /^Pods Statuses:\s+0 Active \(0 Ready\) \/ 6 Succeeded \/ 0 Failed$/m);
    for (const pod of entry.handle.snapshot().pods) assert.ok(text.includes(pod.name), `Describe does not list pod ${pod.name}`);
  });

  test("the run's log, as VS Code keeps it on disk, is the user's alone: 0600 in a 0700 folder", async function () {
    this.timeout(30_000);
    assert.ok(entry, 'no run from the test before');
    const api = await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    await api?.logs.get(entry.handle.id)?.drained();
    const files = channelFiles('Kube Jobs jobnormal-job (Local Docker)');
    assert.ok(files.length > 0, `no output-channel file of the run; output channels: ${channelFiles('').join(', ')}`);
    for (const file of files) {
      assert.equal(modeOf(file), '600', file);
      assert.equal(modeOf(dirname(file)), '700', dirname(file));
    }
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
