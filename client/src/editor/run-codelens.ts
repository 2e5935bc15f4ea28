// CodeLens above each Job and CronJob: run it locally or on the cluster, and while a run of it
// exists, its progress with Logs and Stop.
import * as vscode from 'vscode';
import type { RunRegistry } from './run-registry';
import { workloadDocuments } from './workload-documents';
import { isSuspendable } from '../runs/suspendable-run';
import { completionsText, runState } from '../views/run-presentation';
import { isStopped, runPhase } from './run-offers';
import type { TargetMemory } from './target-memory';

const REFRESH_DELAY_MS = 250;

export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: RunRegistry,
    private readonly targets: TargetMemory,
  ) {
    this.subscriptions.push(
      registry.onDidChange(({ change }) => {
        if (change.kind !== 'event') this.refreshSoon();
      }),
      targets.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  private refreshSoon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, REFRESH_DELAY_MS);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    // Cheap test first: most YAML files are not Jobs.
    if (!/^kind:\s*["']?(Job|CronJob)\b/m.test(text)) return [];
    const workloads = workloadDocuments(text);
    if (workloads.length === 0) return [];
    const context = this.targets.clusterChoice().context;
    const lenses: vscode.CodeLens[] = [];
    for (const workload of workloads) {
      const range = document.lineAt(document.positionAt(workload.anchor).line).range;
      const args = [document.uri, workload.name];
      if (vscode.workspace.isTrusted) {
        if (workload.kind === 'CronJob') {
          lenses.push(new vscode.CodeLens(range, { title: '▶ Run now', command: 'kubeJobs.runCronJobNow', arguments: args, tooltip: 'Create a Job from this CronJob’s jobTemplate and run it' }));
        } else {
          lenses.push(new vscode.CodeLens(range, { title: '▶ Run locally', command: 'kubeJobs.runJobLocally', arguments: args, tooltip: 'Run this Job on the local Docker engine' }));
          if (context) lenses.push(new vscode.CodeLens(range, { title: `▶ Run on ${context}`, command: 'kubeJobs.runJobOnCluster', arguments: args, tooltip: `Run this Job on the cluster of context ${context}` }));
        }
      }
      const entry = this.registry.latestFor(document.uri.toString(), workload.name);
      if (!entry) continue;
      const run = entry.handle.snapshot();
      const state = runState(run);
      const phase = entry.gone ? 'finished' : runPhase(run);
      const progress = `${completionsText(run)} succeeded${run.status.active ? `, ${run.status.active} active` : ''}${run.status.failed ? `, ${run.status.failed} failed` : ''}`;
      const icon = isStopped(run) ? '■ Stopped:' : phase === 'suspended' ? '⏸ Suspended:' : state === 'complete' ? '✔' : state === 'failed' ? '✘' : '●';
      const id = entry.handle.id;
      lenses.push(new vscode.CodeLens(range, { title: `${icon} ${progress}`, command: 'kubeJobs.describe', arguments: [id], tooltip: `Describe the run on ${entry.source.targetLabel}` }));
      lenses.push(new vscode.CodeLens(range, { title: 'Logs', command: 'kubeJobs.showLogs', arguments: [id] }));
      // What the run's state allows, as the Jobs view's menus offer it.
      if (phase === 'active') lenses.push(new vscode.CodeLens(range, { title: 'Stop', command: 'kubeJobs.stop', arguments: [id] }));
      if (phase === 'suspended' && isSuspendable(entry.handle)) lenses.push(new vscode.CodeLens(range, { title: 'Resume', command: 'kubeJobs.resumeRun', arguments: [id] }));
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
