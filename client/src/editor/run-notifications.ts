// Notifications about runs: when one ends (success, stopped, or failure with its reason), when
// one is stuck on something the user must fix (a missing image: once per run), and when its
// target removed it (its TTL) — with the way to look closer.
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from './run-registry';
import { finishedCondition } from '../runs/model';
import { explainFailure } from '../runs/run-summary';
import { goneText, removedAtOnceText } from './run-gone';
import { isStopped } from './run-offers';
import { problemText, waitingProblems } from '../runs/waiting-problems';

export function notifyRunEnds(registry: RunRegistry): vscode.Disposable {
  const announced = new Set<string>();
  const stuckTold = new Set<string>();
  return registry.onDidChange(({ entry, change }) => {
    const id = entry.handle.id;
    if (change.kind === 'removed') {
      announced.delete(id);
      stuckTold.delete(id);
      return;
    }
    if (change.kind === 'gone') {
      announceEnd(entry, announced, true);
      return;
    }
    if (change.kind === 'pod' && !stuckTold.has(id)) {
      const run = entry.handle.snapshot();
      const [stuck] = waitingProblems(run);
      if (stuck) {
        stuckTold.add(id);
        const advice = stuck.advice ?? 'Describe the run for its events; the pod starts once the cause is fixed.';
        void vscode.window
          .showWarningMessage(`job/${run.jobName} on ${entry.source.targetLabel} is stuck: ${problemText(stuck, true)}. ${advice}`, 'Stop', 'Describe')
          .then((choice) => {
            if (choice === 'Stop') void vscode.commands.executeCommand('kubeJobs.stop', id);
            else if (choice === 'Describe') void vscode.commands.executeCommand('kubeJobs.describe', id);
          });
      }
      return;
    }
    if (change.kind === 'status') announceEnd(entry, announced, false);
  });
}

/** Once per run: how it ended; `gone`: its target has just removed it. */
function announceEnd(entry: RunEntry, announced: Set<string>, gone: boolean): void {
  const id = entry.handle.id;
  const run = entry.handle.snapshot();
  const where = `job/${run.jobName} on ${entry.source.targetLabel}`;
  const condition = finishedCondition(run.status);
  if (announced.has(id)) return;
  if (!condition) {
    if (!gone) return;
    announced.add(id);
    void vscode.window.showWarningMessage(`${where} was ${goneText(run, entry.source.targetLabel, entry.gone?.cause ?? 'deletedElsewhere')} before it finished.`, 'Show Logs').then((choice) => show(id, choice));
    return;
  }
  announced.add(id);
  // A TTL of 0 removes the run the moment it ends, whether its removal is known yet or not.
  const removal = gone ? goneText(run, entry.source.targetLabel, entry.gone?.cause ?? 'deletedElsewhere') : removedAtOnceText(run);
  const removed = removal ? ` It was then ${removal}; its logs stay until you delete the run.` : '';
  if (condition.type === 'Complete') {
    void vscode.window.showInformationMessage(`${where} completed: ${run.status.succeeded} succeeded.${removed}`, 'Show Logs', 'Describe').then((choice) => show(id, choice));
  } else if (isStopped(run)) {
    void vscode.window.showInformationMessage(`${where} stopped.${removed}`, 'Show Logs', 'Describe').then((choice) => show(id, choice));
  } else {
    const why = explainFailure(run).slice(0, 2).join('; ');
    void vscode.window.showErrorMessage(`${where} failed — ${why || condition.reason || 'Failed'}${removed}`, 'Show Logs', 'Describe').then((choice) => show(id, choice));
  }
}

function show(runId: string, choice: string | undefined): void {
  if (choice === 'Show Logs') void vscode.commands.executeCommand('kubeJobs.showLogs', runId);
  else if (choice === 'Describe') void vscode.commands.executeCommand('kubeJobs.describe', runId);
}
