// Describe and the Run Timeline as a user opens them again and again: one editor group beside
// the manifest, reused; Describe in its own language (highlighted, folded by section).
import assert from 'node:assert/strict';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { openEditor } from './vscode-helpers';

const RUN_TIMEOUT_MS = 90_000;

suite('Describe and Timeline', () => {
  const runs: RunEntry[] = [];

  test('Describe of two runs and their timelines all open in one group beside the manifest', async function () {
    this.timeout(2 * RUN_TIMEOUT_MS);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (let i = 0; i < 2; i++) {
      const editor = await openEditor('quick-job.yaml');
      const entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', editor.document.uri);
      assert.ok(entry, 'Run Job Locally started no run');
      runs.push(entry);
      await entry.handle.finished();
    }
    // From the manifest's editor first, as from its CodeLens; then from the tree while the
    // last Describe or Timeline is the active editor (where "beside" would be a third group).
    await openEditor('quick-job.yaml');
    for (const entry of runs) {
      await vscode.commands.executeCommand('kubeJobs.describe', entry.handle.id);
      await vscode.commands.executeCommand('kubeJobs.showTimeline', entry.handle.id);
    }
    await vscode.commands.executeCommand('kubeJobs.describe', runs[0].handle.id);
    const groups = vscode.window.tabGroups.all;
    assert.equal(groups.length, 2, `groups: ${groups.map((g) => g.tabs.map((t) => t.label).join(', ')).join(' | ')}`);
    const side = groups[1].tabs.map((tab) => tab.label);
    assert.ok(side.some((label) => label.startsWith('Timeline: job/quick-job')), side.join(', '));
    assert.ok(side.some((label) => label === 'job-quick-job.describe'), side.join(', '));
    assert.ok(groups[0].tabs.some((tab) => tab.label === 'quick-job.yaml'));
  });

  test('Describe is a document of its own language, folded by section', async function () {
    this.timeout(30_000);
    assert.ok(runs[0], 'no run from the test before');
    await vscode.commands.executeCommand('kubeJobs.describe', runs[0].handle.id);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document && document.uri.scheme === 'kube-jobs-describe', 'Describe opened no editor');
    assert.equal(document.languageId, 'kube-jobs-describe');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    const headings = ranges.map((range) => document.lineAt(range.start).text.trim());
    for (const heading of ['Pod Template:', 'Conditions:', 'Pods:', 'Events:']) assert.ok(headings.includes(heading), `${heading} does not fold: ${headings.join(' | ')}`);
    // Events columns never touch.
    assert.match(document.getText(), /^ {2}Normal {3,}SuccessfulCreate {3,}\S+ {3,}job\/quick-job {3,}Created pod: quick-job-/m);
  });

  suiteTeardown(async () => {
    for (const entry of runs) await entry.handle.delete();
  });
});
