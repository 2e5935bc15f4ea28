// Describe opens a read-only document (kube-jobs-describe:) that follows the run as it goes.
import * as vscode from 'vscode';
import { describeRun } from '../describe/describe-run';
import type { RunRegistry } from '../runs/run-registry';

export const DESCRIBE_SCHEME = 'kube-jobs-describe';

export class DescribeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: RunRegistry) {
    this.subscription = registry.onDidChange(({ entry, change }) => {
      const uri = this.open.get(entry.handle.id);
      if (uri && change.kind !== 'added') this.changed.fire(uri);
    });
  }

  uriFor(runId: string): vscode.Uri {
    const entry = this.registry.get(runId);
    const name = entry?.handle.snapshot().jobName ?? 'run';
    const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/job-${name}.describe`, query: new URLSearchParams({ run: runId }).toString() });
    this.open.set(runId, uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const runId = new URLSearchParams(uri.query).get('run') ?? '';
    const entry = this.registry.get(runId);
    if (!entry) return `The run ${runId} no longer exists (it was deleted or its TTL ended).\n`;
    return describeRun(entry.handle.snapshot(), entry.source.targetLabel);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
