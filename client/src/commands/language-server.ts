// Commands about the language server itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerLanguageServerCommands(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kubeJobs.showServerOutput', () => output.show(true)),
    vscode.commands.registerCommand('kubeJobs.restartServer', async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Restarting the Kube Jobs language server' },
        () => client.restart(),
      );
    }),
  ];
}
