// A notification when a run ends: success, or failure with its reason, and the way to look closer.
import * as vscode from 'vscode';
import type { RunRegistry } from '../runs/run-registry';
import { finishedCondition } from '../runs/model';
import { explainFailure } from '../runs/run-summary';

export function notifyRunEnds(registry: RunRegistry): vscode.Disposable {
  const announced = new Set<string>();
  return registry.onDidChange(({ entry, change }) => {
    if (change.kind === 'removed') {
      announced.delete(entry.handle.id);
      return;
    }
    if (change.kind !== 'status' || announced.has(entry.handle.id)) return;
    const run = entry.handle.snapshot();
    const condition = finishedCondition(run.status);
    if (!condition) return;
    announced.add(entry.handle.id);
    const where = `job/${run.jobName} on ${entry.source.targetLabel}`;
    const show = (choice: string | undefined): void => {
      if (choice === 'Show Logs') void vscode.commands.executeCommand('kubeJobs.showLogs', entry.handle.id);
      else if (choice === 'Describe') void vscode.commands.executeCommand('kubeJobs.describe', entry.handle.id);
    };
    if (condition.type === 'Complete') {
      void vscode.window.showInformationMessage(`${where} completed: ${run.status.succeeded} succeeded.`, 'Show Logs', 'Describe').then(show);
    } else {
      const why = explainFailure(run).slice(0, 2).join('; ');
      void vscode.window.showErrorMessage(`${where} failed — ${why || condition.reason || 'Failed'}`, 'Show Logs', 'Describe').then(show);
    }
  });
}
