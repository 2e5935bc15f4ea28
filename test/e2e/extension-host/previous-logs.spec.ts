// Show Previous Logs on the real Docker engine: a container that failed and was restarted in
// place (restartPolicy OnFailure) has two attempts; the command brings the first one's output
// into the run's log channel.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import type { JobsTreeNode } from '../../../client/src/views/jobs-tree';
import { extensionId, openEditor } from './vscode-helpers';
import { channelFiles, channelTextWhen } from './output-channel-text';

suite('Show Previous Logs', () => {
  let entry: RunEntry | undefined;

  test('a restarted container shows its first attempt’s output in the run’s log channel', async function () {
    this.timeout(120_000);
    const api = await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    assert.ok(api, `${extensionId} is not loaded`);
    const editor = await openEditor('restarting-job.yaml');
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');
    const run = await entry.handle.finished();
    assert.equal(run.status.succeeded, 1, `conditions: ${JSON.stringify(run.status.conditions)}`);
    // The pod whose container was restarted in place (the one that succeeded).
    const pod = run.pods.find((p) => p.phase === 'Succeeded');
    assert.ok(pod, `pods: ${JSON.stringify(run.pods.map((p) => [p.name, p.phase, p.reason]))}`);
    assert.equal(pod.containers[0].restartCount, 1, `pods: ${JSON.stringify(run.pods.map((p) => [p.name, p.phase, p.reason, p.containers[0].restartCount]))}`);

    // The channel shows the current attempt, as a user sees it when the run has ended.
    const [file] = channelFiles('restarting-job');
    assert.ok(file, `no log channel of the run; channels: ${channelFiles('').join(', ')}`);
    const before = await channelTextWhen(file, (t) => t.includes(`[${pod.name}/main] second attempt works`), 'the second attempt');
    assert.equal(before.split('\n').filter((l) => l === `[${pod.name}/main] first attempt fails`).length, 1, `the first attempt once, as it ran:\n${before}`);

    // As from the tree's context menu on the restarted container.
    const node: JobsTreeNode = { kind: 'container', id: `container:${entry.handle.id}/${pod.name}/main`, runId: entry.handle.id, pod: pod.name, container: 'main' };
    await vscode.commands.executeCommand('kubeJobs.showPreviousLogs', node);
    const text = await channelTextWhen(file, (t) => t.includes(`end of previous logs of ${pod.name}/main`), 'the end of the previous logs');
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.includes(`previous logs of ${pod.name}/main`) && !l.includes('end of'));
    const end = lines.findIndex((l) => l.includes(`end of previous logs of ${pod.name}/main (1 line`));
    assert.ok(start >= 0 && end > start, text);
    assert.deepEqual(lines.slice(start + 1, end), [`[${pod.name}/main] first attempt fails`]);
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
