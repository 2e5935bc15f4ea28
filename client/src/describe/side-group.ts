// Describe and the Run Timeline open beside the manifest in one editor group, reused each time:
// the group that already shows one of them, else a new one beside the active editor.
import * as vscode from 'vscode';

export const DESCRIBE_SCHEME = 'kube-jobs-describe';
export const TIMELINE_VIEW_TYPE = 'kubeJobs.timeline';

function isRunView(tab: vscode.Tab): boolean {
  const { input } = tab;
  if (input instanceof vscode.TabInputText) return input.uri.scheme === DESCRIBE_SCHEME;
  // Webview tabs carry their view type with a prefix of the workbench's.
  if (input instanceof vscode.TabInputWebview) return input.viewType.endsWith(TIMELINE_VIEW_TYPE);
  return false;
}

export function runViewColumn(): vscode.ViewColumn {
  return vscode.window.tabGroups.all.find((group) => group.tabs.some(isRunView))?.viewColumn ?? vscode.ViewColumn.Beside;
}
