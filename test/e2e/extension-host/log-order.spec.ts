// The order of a run's output channel as a user reads it: a container's stdout and stderr lines
// in the order written, the pod's "✘ Failed" after them, the Job's "✘ Failed" last.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { extensionId, openEditor } from './vscode-helpers';
import { channelFiles, channelTextWhen } from './output-channel-text';

suite('Log order', () => {
  let entry: RunEntry | undefined;

  test('stdout and stderr as written; the pod\'s and the Job\'s final lines after the lines they sum up', async function () {
    this.timeout(90_000);
    const api = await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    assert.ok(api, `${extensionId} is not loaded`);
    const editor = await openEditor('order-job.yaml');
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');
    await entry.handle.finished();
    await api.logs.get(entry.handle.id)?.drained();

    const [file] = channelFiles('order-job');
    assert.ok(file, `no output-channel file of the run; output channels: ${channelFiles('').join(', ')}`);
    const text = await channelTextWhen(file, (t) => /=== ✘ job\/order-job Failed/.test(t), 'the Job\'s final line');
    const lines = text.split('\n').filter((line) => line !== '');
    const expected = [/\] out-1$/, /stderr\] err-2$/, /\] out-3$/, /stderr\] err-4$/, /^=== ✘ pod\/order-job-\S+ Failed$/, /^=== ✘ job\/order-job Failed \(BackoffLimitExceeded\)/];
    const at = expected.map((pattern) => lines.findIndex((line) => pattern.test(line)));
    assert.ok(at.every((i) => i >= 0), text);
    assert.deepEqual([...at].sort((a, b) => a - b), at, text);
    assert.equal(at.at(-1), lines.length - 1, text);
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
