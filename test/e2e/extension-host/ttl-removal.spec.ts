// A Job whose ttlSecondsAfterFinished is 0 is removed the moment it ends: the editor keeps the
// run with its outcome (marked as removed) and its log channel, until the user deletes it.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { finishedCondition } from '../../../client/src/runs/model';
import { extensionId, openEditor } from './vscode-helpers';
import { channelFiles, channelTextWhen } from './output-channel-text';

suite('A run removed by its TTL', () => {
  let api: KubeJobsApi | undefined;
  let entry: RunEntry | undefined;

  test('ttlSecondsAfterFinished: 0 — the run stays, failed and marked removed, with its logs', async function () {
    this.timeout(90_000);
    api = (await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate()) as KubeJobsApi;
    const registry = api.registry;
    const editor = await openEditor('ttl-zero-job.yaml');
    const gone = new Promise<RunEntry>((resolve) => {
      const subscription = registry.onDidChange(({ entry: changed, change }) => {
        if (change.kind !== 'gone') return;
        subscription.dispose();
        resolve(changed);
      });
    });
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');
    assert.equal(await gone, entry, 'the TTL removed the run');

    assert.equal(registry.get(entry.handle.id), entry, 'the run stays in the editor after its TTL removed it');
    assert.ok(entry.gone);
    const condition = finishedCondition(entry.handle.snapshot().status);
    assert.equal(condition?.type, 'Failed', `the outcome is read before the TTL removes the run: ${JSON.stringify(entry.handle.snapshot().status)}`);

    const channel = api.logs.get(entry.handle.id);
    assert.ok(channel, 'the log channel stays');
    channel.flush();
    const [file] = channelFiles('ttl-zero-job');
    assert.ok(file, `no output-channel file of the run; output channels: ${channelFiles('').join(', ')}`);
    const text = await channelTextWhen(file, (t) => t.includes('removed by its TTL'), 'the removal line');
    assert.match(text, /\[ttl-zero-job-[a-z0-9]+\/main\] checking/);
    assert.match(text, /=== ✘ job\/ttl-zero-job Failed \(BackoffLimitExceeded\)/);
    assert.match(text, /=== job\/ttl-zero-job removed by its TTL \(ttlSecondsAfterFinished: 0\)/);

    const titles = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 20)).map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.startsWith('✘')) && !titles.includes('Stop'), `CodeLens: ${titles.join(' | ')}`);

    // Deleting it here forgets it.
    await registry.delete(entry.handle.id);
    assert.equal(registry.get(entry.handle.id), undefined);
  });

  suiteTeardown(async () => {
    if (entry && api?.registry.get(entry.handle.id)) await api.registry.delete(entry.handle.id);
  });
});
