// Restricted Mode (an untrusted workspace): authoring works — completion and diagnostics — and
// running does not: no Run CodeLens, and Run Job Locally refuses with a notification, nothing
// started. (The run commands' enablement, isWorkspaceTrusted, also keeps them out of the palette.)
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import { completionLabel, diagnosticsWhen, extensionId, openEditor } from '../extension-host/vscode-helpers';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
  return lenses.map((lens) => lens.command?.title ?? '');
}

suite('Restricted Mode', () => {
  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the harness did not reach Restricted Mode');
  });

  test('no Run CodeLens above a Job', async function () {
    this.timeout(30_000);
    await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    const editor = await openEditor('long-job.yaml');
    const titles = await lensTitles(editor.document.uri);
    assert.deepEqual(titles.filter((t) => t.startsWith('▶')), [], `CodeLens: ${titles.join(' | ')}`);
  });

  test('completion still offers the fields of a Job spec', async function () {
    this.timeout(60_000);
    const editor = await openEditor('long-job.yaml');
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('  backoffLimit:'));
    assert.ok(line > 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(line, 2));
    const labels = list.items.map(completionLabel);
    assert.ok(labels.includes('parallelism') && labels.includes('completions'), `completions: ${labels.slice(0, 30).join(', ')}`);
  });

  test('diagnostics still flag a broken manifest', async function () {
    this.timeout(60_000);
    const editor = await openEditor('broken-job.yaml');
    const found = await diagnosticsWhen(editor.document.uri, (d) => d.length > 0, 'the syntax error');
    assert.ok(found.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
  });

  test('Run Job Locally refuses: once its notification is closed the command ends, nothing started', async function () {
    this.timeout(60_000);
    const api = await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    assert.ok(api);
    const editor = await openEditor('long-job.yaml');
    const started: string[] = [];
    const subscription = api.registry.onDidChange(({ entry }) => started.push(entry.handle.id));
    let settled = false;
    const pending = vscode.commands.executeCommand('kubeJobs.runJobLocally', editor.document.uri).then((result) => {
      settled = true;
      return result;
    });
    // The refusal is a notification the command waits on, which the extension API cannot read;
    // closing every notification answers it. Each round trip goes to the workbench and back.
    while (!settled) await vscode.commands.executeCommand('notifications.clearAll');
    assert.equal(await pending, undefined);
    subscription.dispose();
    assert.deepEqual(started, []);
    assert.deepEqual(api.registry.all(), []);
  });
});
