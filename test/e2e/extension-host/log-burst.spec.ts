// A burst of 100,000 log lines from one container reaches the run's output channel whole and in
// order, while the extension host keeps answering. The channel's text is read from the file VS
// Code keeps it in (output_logging under the server's logs), as a user's Output view shows it.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { extensionId, openEditor } from './vscode-helpers';
import { channelFiles, channelTextWhen } from './output-channel-text';

const LINES = 100_000;

suite('Log burst', () => {
  let entry: RunEntry | undefined;

  test('100,000 lines from one container reach the output channel, all of them in order', async function () {
    this.timeout(180_000);
    const api = await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    assert.ok(api, `${extensionId} is not loaded`);
    const editor = await openEditor('burst-job.yaml');
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
    assert.ok(entry, 'Run Job Locally started no run');

    // The extension host stays responsive while the lines pour in: a command answers meanwhile.
    const answered = Date.now();
    await vscode.commands.executeCommand('kubeJobs.describe', entry.handle.id);
    assert.ok(Date.now() - answered < 10_000, 'Describe waited on the log burst');

    const run = await entry.handle.finished();
    assert.equal(run.status.succeeded, 1);
    const channel = api.logs.get(entry.handle.id);
    assert.ok(channel, 'the run has no log channel');
    await channel.drained();

    const [file, ...others] = channelFiles('burst-job');
    assert.ok(file, `no output-channel file of the run; output channels: ${channelFiles('').join(', ')}`);
    assert.deepEqual(others, []);
    const pod = run.pods[0].name;
    const prefix = `[${pod}/main] `;
    const text = await channelTextWhen(file, (t) => t.includes(`${prefix}${LINES}\n`), `line ${LINES}`, 60_000);
    const numbers = text
      .split('\n')
      .filter((line) => line.startsWith(prefix))
      .map((line) => Number(line.slice(prefix.length)));
    assert.equal(numbers.length, LINES, 'every line is in the channel, once');
    assert.ok(
      numbers.every((n, i) => n === i + 1),
      'in order',
    );
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
