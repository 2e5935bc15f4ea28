// A status-bar item that counts active runs (and suspended ones apart); hidden when nothing runs.
import * as vscode from 'vscode';
import type { RunRegistry } from './run-registry';
import { runPhase } from './run-offers';

export class ActiveRunsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubeJobs.activeRuns', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: RunRegistry) {
    this.item.name = 'Kube Jobs: active runs';
    this.item.command = 'kubeJobs.jobs.focus';
    this.subscription = registry.onDidChange(({ change }) => {
      if (change.kind === 'added' || change.kind === 'removed' || change.kind === 'gone' || change.kind === 'status') this.update();
    });
    this.update();
  }

  private update(): void {
    const phases = this.registry
      .all()
      .filter((entry) => !entry.gone)
      .map((entry) => runPhase(entry.handle.snapshot()));
    const active = phases.filter((phase) => phase === 'active').length;
    const suspended = phases.filter((phase) => phase === 'suspended').length;
    if (active === 0 && suspended === 0) {
      this.item.hide();
      return;
    }
    const parts = [
      ...(active > 0 ? [`$(sync~spin) ${active} Job${active === 1 ? '' : 's'} running`] : []),
      ...(suspended > 0 ? [`$(debug-pause) ${suspended}${active > 0 ? '' : ` Job${suspended === 1 ? '' : 's'}`} suspended`] : []),
    ];
    this.item.text = parts.join('  ');
    this.item.tooltip = `Kube Jobs: ${active} running, ${suspended} suspended — click to show them`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
