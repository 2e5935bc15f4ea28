// "Check on Cluster": the manifest's Job or CronJob (and the ConfigMaps and Secrets of its file
// it uses) sent to the selected cluster with dryRun=All, as `kubectl create --dry-run=server`.
// What the API server refuses shows in the Problems panel at the fields it names, its warnings
// at the object; they go away at the next edit of the file, since they were about its old text.
import * as vscode from 'vscode';
import { checkOnServer, connectCluster, type ServerVerdict } from '../runs/cluster';
import { ManifestError, readPlacedManifest, selectWorkload } from '../runs/manifest';
import type { TargetChoice } from '../runs/run-target';
import { ServerAnswerPlaces, type PlacedAnswer } from './server-problem-places';

const SHOW_PROBLEMS = 'Show Problems';
const SEVERITY: Record<PlacedAnswer['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class ClusterCheck implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('kube-jobs-cluster');
  private readonly subscriptions: vscode.Disposable[] = [
    this.diagnostics,
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) this.diagnostics.delete(event.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => this.diagnostics.delete(document.uri)),
  ];

  /** Checks the workload named (else the only one) of the document; user-facing problems are shown, and give undefined. */
  async check(document: vscode.TextDocument, choice: TargetChoice & { kind: 'cluster' }, workloadName?: string): Promise<ServerVerdict | undefined> {
    if (!vscode.workspace.isTrusted) {
      // A kubeconfig may run programs (exec credential plugins).
      const answer = await vscode.window.showErrorMessage('Kube Jobs talks to clusters only in a trusted workspace.', 'Manage Workspace Trust');
      if (answer) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const text = document.getText();
    let placed: ReturnType<typeof readPlacedManifest>;
    let workload: ReturnType<typeof selectWorkload>;
    try {
      placed = readPlacedManifest(document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString(), text);
      workload = selectWorkload(placed.manifest, workloadName);
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      void vscode.window.showErrorMessage(`Kube Jobs: ${error.message}`);
      return undefined;
    }
    const label = `${(workload.kind ?? 'Job').toLowerCase()}/${workload.metadata?.name ?? ''}`;
    let verdict: ServerVerdict;
    try {
      const connection = connectCluster({ context: choice.context, namespace: choice.namespace });
      verdict = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking ${label} on ${connection.context} (server-side dry run)` }, () =>
        // Like a run: the manifest's namespace wins over the context's, not over a chosen one.
        checkOnServer(connection, workload, [...placed.manifest.configMaps, ...placed.manifest.secrets], { namespace: connection.namespaceGiven ? connection.namespace : undefined }),
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Kube Jobs: could not check ${label}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const answers = new ServerAnswerPlaces(text, placed.places).answers(verdict, workload, 'Run Job will ask to replace it or run a copy.');
    this.diagnostics.set(
      document.uri,
      answers.map(({ lines, severity, message }) => {
        const line = document.lineAt(Math.min(lines.first, document.lineCount - 1));
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length), message, SEVERITY[severity]);
        diagnostic.source = `API server (${verdict.context})`;
        return diagnostic;
      }),
    );
    void this.tell(verdict);
    return verdict;
  }

  private async tell(verdict: ServerVerdict): Promise<void> {
    const label = verdict.workload;
    const where = `${verdict.context} (namespace ${verdict.namespace})`;
    let answer: string | undefined;
    if (!verdict.accepted) {
      const [first] = verdict.problems;
      const more = verdict.problems.length > 1 ? ` (and ${verdict.problems.length - 1} more)` : '';
      answer = await vscode.window.showErrorMessage(`Kube Jobs: the API server on ${where} refuses ${label}: ${first.field ? `${first.field}: ` : ''}${first.message}${more}`, SHOW_PROBLEMS);
    } else if (verdict.warnings.length > 0) {
      answer = await vscode.window.showWarningMessage(`Kube Jobs: ${label} passes the API server's checks on ${where}, with ${verdict.warnings.length === 1 ? 'a warning' : `${verdict.warnings.length} warnings`}: ${verdict.warnings[0]}`, SHOW_PROBLEMS);
    } else {
      const exists = verdict.exists ? ` It already exists there: Run Job will ask to replace it or run a copy.` : '';
      void vscode.window.showInformationMessage(`Kube Jobs: ${label} passes the API server's checks on ${where}; nothing was created.${exists}`);
    }
    if (answer === SHOW_PROBLEMS) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
