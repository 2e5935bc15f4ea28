// Each snippet of the extension is offered by completion where its prefix is typed, and what it
// inserts is a manifest the language server accepts: no diagnostic at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { completionLabel, diagnosticsWhen, extensionId, openEditor } from './vscode-helpers';

interface SnippetDefinition {
  prefix: string | string[];
}

function contributedSnippets(): { name: string; prefix: string }[] {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  const files = (extension.packageJSON as { contributes: { snippets: { path: string }[] } }).contributes.snippets;
  return files.flatMap((file) => {
    const definitions = JSON.parse(readFileSync(join(extension.extensionPath, file.path), 'utf8')) as Record<string, SnippetDefinition>;
    return Object.entries(definitions).map(([name, definition]) => ({ name, prefix: [definition.prefix].flat()[0] }));
  });
}

// Starts from a broken Job (the server ignores YAML that is no Kubernetes object) so that "no
// diagnostics" afterwards is news from the server about the inserted text, not the state before.
const BROKEN_START = 'apiVersion: batch/v1\nkind: Job\nspec: [\n';

suite('snippets', () => {
  const snippets = contributedSnippets();

  test('the extension contributes the job and cronjob snippets', () => {
    const prefixes = snippets.map((s) => s.prefix);
    assert.ok(prefixes.includes('job') && prefixes.includes('cronjob'), `prefixes: ${prefixes.join(', ')}`);
  });

  for (const snippet of snippets) {
    test(`"${snippet.prefix}" (${snippet.name}) is offered and inserts a manifest without diagnostics`, async () => {
      const editor = await openEditor('scratch.yaml');
      const { document } = editor;
      const whole = (): vscode.Range => new vscode.Range(0, 0, document.lineCount, 0);
      await editor.edit((edit) => edit.replace(whole(), `${BROKEN_START}${snippet.prefix}`));
      await diagnosticsWhen(document.uri, (found) => found.length > 0, 'the errors of the starting text');

      const end = document.lineAt(document.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
      const offered = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Snippet);
      const item = offered.find((i) => completionLabel(i) === snippet.prefix);
      assert.ok(item, `snippet "${snippet.prefix}" not offered; snippets offered: ${offered.map(completionLabel).join(', ')}`);
      assert.ok(item.insertText instanceof vscode.SnippetString, 'the completion does not insert a snippet');

      // One edit replaces everything, as accepting the completion on a file holding only the prefix would.
      assert.ok(await editor.insertSnippet(item.insertText, whole()), 'the snippet was not inserted');
      assert.match(document.getText(), /^apiVersion: batch\/v1$/m);
      await diagnosticsWhen(document.uri, (found) => found.length === 0, 'no diagnostics after inserting the snippet');
      await vscode.commands.executeCommand('leaveSnippet');
    });
  }

  // Leaves scratch.yaml as it is on disk for the specs that follow.
  teardown(async () => {
    if (vscode.window.activeTextEditor?.document.isDirty) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
