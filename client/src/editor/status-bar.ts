// A status-bar item that counts active runs; hidden when nothing runs.
import * as vscode from 'vscode';
import type { RunRegistry } from '../runs/run-registry';

export class ActiveRunsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeJobs.activeRuns', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: RunRegistry) {
    this.item.name = 'Kube Jobs: active runs';
    this.item.command = 'kubeJobs.jobs.focus';
    this.subscription = registry.onDidChange(({ change }) => {
      if (change.kind === 'added' || change.kind === 'removed' || change.kind === 'status') this.update();
    });
    this.update();
  }

  private update(): void {
    const active = this.registry.activeCount();
    if (active === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(sync~spin) ${active} Job${active === 1 ? '' : 's'} running`;
    this.item.tooltip = 'Kube Jobs: runs in progress — click to show them';
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
