// Describe opens a read-only document (kube-jobs-describe:) that follows the run as it goes,
// highlighted and folded by section, in the editor group Describe and the Timeline share.
import * as vscode from 'vscode';
import { describeRun } from '../describe/describe-run';
import { describeSections } from '../describe/describe-sections';
import { DESCRIBE_SCHEME, runViewColumn } from '../describe/side-group';
import type { RunRegistry } from './run-registry';

export { DESCRIBE_SCHEME } from '../describe/side-group';
export const DESCRIBE_LANGUAGE_ID = 'kube-jobs-describe';

export class DescribeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Map<string, vscode.Uri>();
  private readonly subscription: { dispose(): void };

  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly registry: RunRegistry) {
    this.subscription = registry.onDidChange(({ entry, change }) => {
      const uri = this.open.get(entry.handle.id);
      if (uri && change.kind !== 'added') this.changed.fire(uri);
    });
    this.subscriptions = [
      // Also a Describe tab restored after a reload: its path alone would make it plain text.
      vscode.workspace.onDidOpenTextDocument((document) => void this.setLanguage(document)),
      vscode.languages.registerFoldingRangeProvider({ language: DESCRIBE_LANGUAGE_ID }, {
        provideFoldingRanges: (document) => describeSections(document.getText()).map((s) => new vscode.FoldingRange(s.start, s.end, vscode.FoldingRangeKind.Region)),
      }),
    ];
  }

  /** Opens the run's Describe document in the group Describe and the Timeline share. */
  async show(runId: string): Promise<vscode.TextEditor> {
    const document = await this.setLanguage(await vscode.workspace.openTextDocument(this.uriFor(runId)));
    return vscode.window.showTextDocument(document, { preview: true, viewColumn: runViewColumn() });
  }

  private async setLanguage(document: vscode.TextDocument): Promise<vscode.TextDocument> {
    if (document.uri.scheme !== DESCRIBE_SCHEME || document.languageId === DESCRIBE_LANGUAGE_ID) return document;
    return vscode.languages.setTextDocumentLanguage(document, DESCRIBE_LANGUAGE_ID);
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
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
