// The language server's completion and hover, asked the way the editor asks them
// (vscode.execute*Provider), on the seed examples.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { completionLabel, openEditor } from './vscode-helpers';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** The position just after `text` on the first line holding it. */
function after(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in ${document.uri.path}`);
  return document.positionAt(offset + text.length);
}

suite('completion and hover', () => {
  test('completion inside a Job\'s spec offers the JobSpec fields the manifest does not have yet', async () => {
    const editor = await openEditor('examples/normal-job.yaml');
    const { document } = editor;
    // A new, empty line among spec's fields, indented like them.
    const line = after(document, '  parallelism: 2').line + 1;
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '  \n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, 2));
    const labels = list.items.map(completionLabel);
    for (const field of ['backoffLimit', 'activeDeadlineSeconds', 'completionMode', 'podFailurePolicy']) {
      assert.ok(labels.includes(field), `"${field}" not offered; offered: ${labels.join(', ')}`);
    }
    assert.ok(!labels.includes('parallelism'), 'offers parallelism, which the spec already has');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('hovering a Job field explains it', async () => {
    const { document } = await openEditor('examples/normal-job.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, after(document, '  complet'));
    assert.match(hoverText(hovers), /completions/i);
  });

  test('hovering a CronJob schedule says in words when it runs', async () => {
    const { document } = await openEditor('examples/hello-cronjob.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, after(document, 'schedule: "*/'));
    assert.match(hoverText(hovers), /every minute/i);
  });
});
