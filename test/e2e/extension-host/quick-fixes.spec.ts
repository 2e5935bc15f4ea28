// Quick fixes for a scalar of the wrong type and the hover's wording, asked the way the editor
// asks them (vscode.execute*Provider) on an untitled YAML document.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, diagnosticsWhen } from './vscode-helpers';

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: typed
  labels:
    tier: 2
spec:
  completions: "4"
  suspend: "false"
  ttlSecondsAfterFinished: 600
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
          env:
            - name: RETRIES
              value: 3
          resources:
            limits:
              memory: 64Mi
`;

const CRON = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: often
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: main, image: busybox:1.36 }]
`;

async function untitled(text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
  return vscode.window.showTextDocument(document);
}

function at(document: vscode.TextDocument, text: string): vscode.Position {
  const offset = document.getText().indexOf(text);
  assert.ok(offset >= 0, `"${text}" is not in the document`);
  return document.positionAt(offset + 1);
}

suite('Quick fixes and hover wording', () => {
  test('every wrong-type scalar of a Job has its quick fix, and applying them all leaves no wrong type', async function () {
    this.timeout(60_000);
    const editor = await untitled(JOB);
    const { document } = editor;
    const wrongTypes = (d: readonly vscode.Diagnostic[]) => d.filter((x) => codeOf(x) === 'wrong-type');
    await diagnosticsWhen(document.uri, (d) => wrongTypes(d).length === 4, 'four wrong-type problems');
    const fixes: [string, string][] = [
      ['"4"', 'Remove the quotes: 4'],
      ['"false"', 'Remove the quotes: false'],
      ['2\n', 'Quote the value: "2"'],
      ['3\n', 'Quote the value: "3"'],
    ];
    for (const [text, title] of fixes) {
      const position = at(document, text);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position), vscode.CodeActionKind.QuickFix.value);
      const action = actions.find((a) => a.title === title);
      assert.ok(action?.edit, `no quick fix "${title}" at ${text.trim()}; offered: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
    }
    assert.match(document.getText(), /^ {2}completions: 4$/m);
    assert.match(document.getText(), /^ {2}suspend: false$/m);
    assert.match(document.getText(), /^ {4}tier: "2"$/m);
    assert.match(document.getText(), /^ {14}value: "3"$/m);
    const left = await diagnosticsWhen(document.uri, (d) => wrongTypes(d).length === 0, 'no wrong-type problem');
    assert.deepEqual(wrongTypes(left), [], describeDiagnostics(left));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a schedule every 5 minutes reads "Every 5 minutes"; every paragraph of a hover starts with a capital', async () => {
    const { document } = await untitled(CRON);
    const text = async (where: string): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at(document, where));
      return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n\n');
    };
    const schedule = await text('schedule');
    assert.match(schedule, /^Every 5 minutes \(in the controller's time zone, usually UTC\)\.$/m);
    assert.doesNotMatch(schedule, /every hour|every day/);
    const backoff = await text('backoffLimit');
    for (const paragraph of backoff.split('\n\n')) assert.match(paragraph, /^[A-Z*_`]/, paragraph);
    assert.match(backoff, /^The Job fails with reason BackoffLimitExceeded after 3 failed attempts/m);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
