// Check on Cluster (a server-side dry run) through its command, on the test API server: what it
// refuses shows in the Problems panel at the field it names, from the API server; the next edit
// of the file takes it away; a manifest it takes gets no such problem.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { ServerVerdict } from '../../../client/src/runs/cluster/server-check';
import { describeDiagnostics, diagnosticsWhen, extensionId, openEditor } from './vscode-helpers';

const fromServer = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.filter((d) => d.source?.startsWith('API server ('));

suite('Check on Cluster', () => {
  test('a refused field is a problem at its line, from the API server, gone at the next edit', async function () {
    this.timeout(60_000);
    await vscode.extensions.getExtension<KubeJobsApi>(extensionId)?.activate();
    const editor = await openEditor('refused-job.yaml');
    const { uri } = editor.document;
    const verdict = await vscode.commands.executeCommand<ServerVerdict | undefined>('kubeJobs.checkOnCluster', uri);
    assert.ok(verdict, 'Check on Cluster gave no verdict (its error is in a notification)');
    assert.deepEqual([verdict.accepted, verdict.problems.map((p) => p.field)], [false, ['spec.completions']]);
    const shown = fromServer(vscode.languages.getDiagnostics(uri));
    assert.equal(shown.length, 1, describeDiagnostics(shown));
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('completions: -1'));
    assert.equal(shown[0].range.start.line, line, describeDiagnostics(shown));
    assert.equal(shown[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(shown[0].message, /must be greater than or equal to 0 \(spec\.completions\)$/);

    // The answer was about the old text.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# edited\n'));
    await diagnosticsWhen(uri, (diagnostics) => fromServer(diagnostics).length === 0, 'the API server\'s problem gone after an edit');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a manifest the API server takes gets no problem from it, and nothing is created', async function () {
    this.timeout(60_000);
    const editor = await openEditor('quick-job.yaml');
    const verdict = await vscode.commands.executeCommand<ServerVerdict | undefined>('kubeJobs.checkOnCluster', editor.document.uri);
    assert.ok(verdict, 'Check on Cluster gave no verdict (its error is in a notification)');
    assert.deepEqual([verdict.accepted, verdict.exists, verdict.problems], [true, false, []]);
    assert.deepEqual(fromServer(vscode.languages.getDiagnostics(editor.document.uri)), []);
    // Checked again: had the first check created it, it would exist now.
    const again = await vscode.commands.executeCommand<ServerVerdict | undefined>('kubeJobs.checkOnCluster', editor.document.uri);
    assert.equal(again?.exists, false);
  });
});
