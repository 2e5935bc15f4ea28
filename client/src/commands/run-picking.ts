// The run a run command works on. Arguments arrive as a tree node from menus, a run id from
// notifications, or nothing from the palette (then a picker of runs).
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from '../editor/run-registry';
import type { JobsTreeNode } from '../views/jobs-tree';

export type RunArg = string | JobsTreeNode | undefined;

export async function runEntry(registry: RunRegistry, arg: RunArg, title: string, filter: (entry: RunEntry) => boolean = () => true): Promise<RunEntry | undefined> {
  const id = typeof arg === 'string' ? arg : arg && 'runId' in arg ? arg.runId : undefined;
  if (id) {
    const entry = registry.get(id);
    if (!entry) void vscode.window.showWarningMessage('Kube Jobs: that run no longer exists.');
    return entry;
  }
  const candidates = registry.all().filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Kube Jobs: there is no run to choose from.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.reverse().map((entry) => {
      const run = entry.handle.snapshot();
      return { label: `job/${run.jobName}`, description: `${entry.source.targetLabel} · ${run.namespace}`, entry };
    }),
    { title },
  );
  return picked?.entry;
}
