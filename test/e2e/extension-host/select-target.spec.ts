// Select Target and Select Namespace, given the item to pick as the palette's picker would: the
// CodeLens names the chosen context, and the next run goes to that context and namespace.
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import type { TargetChoice } from '../../../client/src/runs/run-target';
import { extensionId, openEditor } from './vscode-helpers';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
  return lenses.map((lens) => lens.command?.title ?? '');
}

suite('Select Target and Namespace', () => {
  const context = process.env.KUBE_JOBS_E2E_CONTEXT ?? '';
  const other = process.env.KUBE_JOBS_E2E_OTHER_CONTEXT ?? '';
  const namespace = process.env.KUBE_JOBS_E2E_OTHER_NAMESPACE ?? '';
  let entry: RunEntry | undefined;

  test('choosing another context changes the CodeLens; the namespace chosen there is where the next run goes', async function () {
    this.timeout(60_000);
    assert.ok(context && other && namespace, 'the e2e harness named no second context and namespace');
    await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    const editor = await openEditor('examples/normal-job.yaml');
    const uri = editor.document.uri;
    assert.ok((await lensTitles(uri)).includes(`▶ Run on ${context}`), `CodeLens: ${(await lensTitles(uri)).join(' | ')}`);

    const chosen = await vscode.commands.executeCommand<TargetChoice | undefined>('kubeJobs.selectTarget', other);
    assert.deepEqual(chosen && { kind: chosen.kind, context: chosen.kind === 'cluster' ? chosen.context : undefined }, { kind: 'cluster', context: other });
    const titles = await lensTitles(uri);
    assert.ok(titles.includes(`▶ Run on ${other}`), `CodeLens: ${titles.join(' | ')}`);
    assert.ok(!titles.includes(`▶ Run on ${context}`), `CodeLens: ${titles.join(' | ')}`);

    assert.equal(await vscode.commands.executeCommand<string | undefined>('kubeJobs.selectNamespace', namespace), namespace);
    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobOnCluster', uri);
    assert.ok(entry, 'Run Job on Cluster started no run');
    assert.equal(entry.source.targetLabel, other);
    assert.equal(entry.handle.snapshot().namespace, namespace);
    const run = await entry.handle.finished();
    assert.equal(run.status.succeeded, 6);
  });

  test('an item that is not offered changes nothing', async function () {
    this.timeout(30_000);
    const editor = await openEditor('examples/normal-job.yaml');
    assert.equal(await vscode.commands.executeCommand('kubeJobs.selectTarget', 'no-such-context'), undefined);
    assert.ok((await lensTitles(editor.document.uri)).includes(`▶ Run on ${other}`));
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
    // Back to the first context for whatever runs next.
    await vscode.commands.executeCommand('kubeJobs.selectTarget', context);
  });
});
