// Deleting several runs at once: the runs selected in the Jobs view, or every finished run
// ("Delete All Finished"). One confirmation names them all; a run that cannot be deleted is
// named in one error and stays in the view.
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from '../editor/run-registry';
import type { JobsTreeNode } from './jobs-tree-nodes';

/** The runs among the selected tree rows (pods and containers stand for nothing here). */
export function selectedRunIds(selected: readonly JobsTreeNode[] | undefined): string[] {
  return (selected ?? []).flatMap((node) => (node.kind === 'run' ? [node.runId] : []));
}

function label(entry: RunEntry): string {
  return `job/${entry.handle.snapshot().jobName} on ${entry.source.targetLabel}`;
}

/** Asks once, then deletes every run of `ids` still known; resolves with how many were deleted. */
export async function deleteRuns(registry: RunRegistry, ids: readonly string[], title: string): Promise<number> {
  const entries = ids.flatMap((id) => registry.get(id) ?? []);
  if (entries.length === 0) {
    void vscode.window.showInformationMessage('Kube Jobs: there is no run to delete.');
    return 0;
  }
  const names = entries.map(label);
  const shown = names.length > 10 ? [...names.slice(0, 10), `… and ${names.length - 10} more`] : names;
  const answer = await vscode.window.showWarningMessage(
    title,
    { modal: true, detail: `${shown.join('\n')}\n\nTheir pods, containers and logs are removed.` },
    'Delete',
  );
  if (answer !== 'Delete') return 0;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${entries.length} runs` }, async () => {
    const results = await Promise.allSettled(
      entries.map(async (entry) => {
        await entry.handle.delete();
        registry.remove(entry.handle.id);
      }),
    );
    const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [`${names[i]}: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`] : []));
    if (failed.length > 0) void vscode.window.showErrorMessage(`Kube Jobs: could not delete ${failed.join('; ')}`);
    return entries.length - failed.length;
  });
}
