// Activation only: build the pieces, register them, nothing else.
import * as vscode from 'vscode';
import { createLanguageClient } from './language-client';
import { registerLanguageServerCommands } from './commands/language-server';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kube Jobs', { log: true });
  const client = createLanguageClient(context, output);
  // The client is disposable: VS Code stops the server when the extension deactivates.
  context.subscriptions.push(output, client, ...registerLanguageServerCommands(client, output));
  try {
    await client.start();
  } catch (error) {
    output.error(`The Kube Jobs language server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage('The Kube Jobs language server did not start.', 'Show Output').then((choice) => {
      if (choice) output.show();
    });
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
