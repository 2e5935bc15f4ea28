// The extension wakes up on its own when a YAML file opens, and its language server reports
// a syntax error in a Job manifest where the user made it.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhen, extensionId, openEditor, workspaceUri } from './vscode-helpers';

function isSyntaxError(diagnostic: vscode.Diagnostic): boolean {
  return codeOf(diagnostic) === 'yaml-syntax';
}

suite('activation and diagnostics', () => {
  test('opening a Job manifest with a YAML syntax error activates the extension and shows the error', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    const uri = workspaceUri('broken-job.yaml');
    // No activate() call: opening the file must be enough.
    await openEditor('broken-job.yaml');
    const diagnostics = await diagnosticsWhen(uri, (found) => found.some(isSyntaxError), 'the syntax error');
    assert.equal(extension.isActive, true);
    assert.ok((extension.exports as { registry?: unknown }).registry, 'activate() returned no run registry');
    const error = diagnostics.find(isSyntaxError);
    assert.ok(error);
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    // Line 13, column 17 (1-based): the second ": " in "- name: main: worker".
    assert.deepEqual([error.range.start.line + 1, error.range.start.character + 1], [13, 17]);
    assert.match(error.message, /nested mappings/i);
  });

  test('fixing the error clears the diagnostic', async () => {
    const editor = await openEditor('broken-job.yaml');
    const uri = editor.document.uri;
    await diagnosticsWhen(uri, (found) => found.some(isSyntaxError), 'the syntax error');
    const line = editor.document.lineAt(12);
    const at = line.text.indexOf(': worker');
    assert.ok(at > 0, `unexpected line 13: ${line.text}`);
    await editor.edit((edit) => edit.delete(new vscode.Range(12, at, 12, at + ': worker'.length)));
    // Apart from that error the manifest is a valid Job: nothing is left at error level.
    await diagnosticsWhen(uri, (found) => !found.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'no error after the fix');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
