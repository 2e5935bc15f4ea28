// New Job from Template: each template becomes an untitled YAML document whose text the
// language server accepts as it is (no diagnostics), and which it does check (a bad line shows).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticsWhen, extensionId } from './vscode-helpers';

suite('New Job from Template', () => {
  const extension = vscode.extensions.getExtension(extensionId);
  const snippetsFile = extension ? join(extension.extensionPath, 'snippets', 'kube-jobs.code-snippets') : '';
  const templates = snippetsFile ? Object.keys(JSON.parse(readFileSync(snippetsFile, 'utf8')) as Record<string, unknown>) : [];

  test('there are templates to choose from', () => {
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.ok(templates.length >= 5, `templates: ${templates.join(', ')}`);
  });

  for (const template of templates) {
    test(`"${template}" opens an untitled YAML document with no diagnostics`, async function () {
      this.timeout(60_000);
      await extension?.activate();
      await vscode.commands.executeCommand('kubeJobs.newJobFromTemplate', template);
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, 'no editor was opened');
      const { document } = editor;
      assert.equal(document.isUntitled, true);
      assert.equal(document.languageId, 'yaml');
      assert.match(document.getText(), /^kind: (Job|CronJob)$/m);
      await vscode.commands.executeCommand('leaveSnippet');

      // The server looks at this document: a line that is not a field is flagged ...
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, '\nnotAField: 1\n'));
      const flagged = await diagnosticsWhen(document.uri, (found) => found.length > 0, 'the diagnostic of the added line');
      assert.ok(flagged.some((d) => /notAField/.test(d.message)), flagged.map((d) => d.message).join('; '));
      // ... and the template's own text has nothing to say.
      await vscode.commands.executeCommand('undo');
      await diagnosticsWhen(document.uri, (found) => found.length === 0, `no diagnostics in the "${template}" template`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }
});
