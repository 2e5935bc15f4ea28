// Commands about the language server itself.
import * as vscode from 'vscode';
import type { CommandFactory } from './command-context';

export const showServerOutput: CommandFactory = (ctx) => () => ctx.output.show(true);

export const restartServer: CommandFactory = (ctx) => async () => {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the Kube Jobs language server' }, () => ctx.languageClient.restart());
};
