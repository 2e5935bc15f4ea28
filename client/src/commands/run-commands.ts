// The run commands of the palette, the CodeLens, the tree's menus and the notifications.
// Arguments arrive as (uri, workloadName) from CodeLens, a tree node from menus, a run id from
// notifications, or nothing from the palette (then the active editor, or a picker of runs).
import * as vscode from 'vscode';
import type { RunEntry, RunRegistry } from '../editor/run-registry';
import { isFinished } from '../runs/model';
import { isLocalRunHandle } from '../runs/local-runner';
import { workloadAt } from '../editor/workload-documents';
import type { TargetChoice } from '../runs/run-target';
import type { JobsTreeNode } from '../views/jobs-tree';
import { deleteRuns, selectedRunIds } from '../views/run-deletion';
import type { DescribeDocuments } from '../editor/describe-documents';
import type { RunLogChannels } from '../logs/log-channels';
import type { RunLauncher } from '../editor/run-launcher';
import type { TargetMemory } from '../editor/target-memory';
import { newJobFromTemplate } from '../editor/templates';
import { runPhase } from '../editor/run-offers';
import { whileStopping } from '../editor/stopping-progress';

export interface RunCommandDeps {
  registry: RunRegistry;
  launcher: RunLauncher;
  targets: TargetMemory;
  logs: RunLogChannels;
  describe: DescribeDocuments;
  extensionUri: vscode.Uri;
  listNamespaces: (context: string) => Promise<string[]>;
  showTimeline: (runId: string) => void;
}

type RunArg = string | JobsTreeNode | undefined;

export function registerRunCommands(deps: RunCommandDeps): vscode.Disposable[] {
  const { registry, launcher, targets, logs, describe } = deps;

  async function launchFrom(uriArg: unknown, name: unknown, choose: () => Promise<TargetChoice | undefined>, expectKind?: 'CronJob'): Promise<RunEntry | undefined> {
    const source = await manifestSource(uriArg);
    if (!source) {
      void vscode.window.showWarningMessage('Kube Jobs: open a Job or CronJob manifest first.');
      return undefined;
    }
    const workloadName = typeof name === 'string' ? name : workloadAt(source.text, source.cursorOffset ?? 0)?.name;
    if (expectKind) {
      const workload = workloadAt(source.text, source.cursorOffset ?? 0);
      if (typeof name !== 'string' && workload?.kind !== expectKind) {
        void vscode.window.showWarningMessage('Kube Jobs: put the cursor in a CronJob to run it now.');
        return undefined;
      }
    }
    const choice = await choose();
    if (!choice) return undefined;
    return launcher.launch({ text: source.text, uri: source.uri, workloadName, cursorOffset: source.cursorOffset, choice });
  }

  async function runEntry(arg: RunArg, title: string, filter: (entry: RunEntry) => boolean = () => true): Promise<RunEntry | undefined> {
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

  /** Suspends or resumes a local run (spec.suspend, as `kubectl patch job … suspend`). */
  async function setSuspended(arg: RunArg, suspended: boolean): Promise<void> {
    const wanted = suspended ? 'active' : 'suspended';
    const entry = await runEntry(arg, suspended ? 'Suspend which run?' : 'Resume which run?', (e) => !e.gone && runPhase(e.handle.snapshot()) === wanted && isLocalRunHandle(e.handle));
    if (!entry) return;
    const run = entry.handle.snapshot();
    const name = run.jobName;
    if (!isLocalRunHandle(entry.handle)) {
      void vscode.window.showWarningMessage(`Kube Jobs: job/${name} is not a local run; suspend it on its cluster.`);
      return;
    }
    // Offered by state; a command run anyway (palette, keybinding) says why nothing happens.
    const phase = entry.gone ? 'finished' : runPhase(run);
    if (phase !== wanted) {
      const state = phase === 'finished' ? 'has finished' : phase === 'suspended' ? 'is already suspended' : 'is running, not suspended';
      void vscode.window.showWarningMessage(`Kube Jobs: job/${name} ${state}: there is nothing to ${suspended ? 'suspend' : 'resume'}.`);
      return;
    }
    const handle = entry.handle;
    try {
      if (suspended) await whileStopping(entry, 'Suspending', () => handle.setSuspended(true));
      else await handle.setSuspended(false);
    } catch (error) {
      void vscode.window.showErrorMessage(`Kube Jobs: could not ${suspended ? 'suspend' : 'resume'} job/${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return [
    vscode.commands.registerCommand('kubeJobs.runJob', (uri?: unknown, name?: unknown) => launchFrom(uri, name, () => targets.resolve())),
    vscode.commands.registerCommand('kubeJobs.runJobLocally', (uri?: unknown, name?: unknown) => launchFrom(uri, name, () => Promise.resolve({ kind: 'docker' }))),
    vscode.commands.registerCommand('kubeJobs.runJobOnCluster', (uri?: unknown, name?: unknown) =>
      launchFrom(uri, name, () => targets.usableCluster()),
    ),
    vscode.commands.registerCommand('kubeJobs.runCronJobNow', (uri?: unknown, name?: unknown) => launchFrom(uri, name, () => targets.resolve(), 'CronJob')),
    vscode.commands.registerCommand('kubeJobs.rerun', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Re-run which Job?');
      if (!entry) return undefined;
      const { source } = entry;
      // The manifest as it is now in the editor if it is open, else as it was when it ran.
      const open = source.uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.uri) : undefined;
      const text = open?.getText() ?? source.manifestText;
      if (text === undefined || !source.choice) {
        void vscode.window.showWarningMessage('Kube Jobs: this run was not started here; run its manifest instead.');
        return undefined;
      }
      return launcher.launch({ text, uri: source.uri ? vscode.Uri.parse(source.uri) : undefined, workloadName: source.workloadName, choice: source.choice });
    }),
    vscode.commands.registerCommand('kubeJobs.stop', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Stop which run?', (e) => !e.gone && !isFinished(e.handle.snapshot().status));
      if (!entry) return;
      const name = entry.handle.snapshot().jobName;
      if (entry.gone || isFinished(entry.handle.snapshot().status)) {
        void vscode.window.showInformationMessage(`Kube Jobs: job/${name} has already finished.`);
        return;
      }
      await whileStopping(entry, 'Stopping', () => entry.handle.stop()).catch((error: unknown) => {
        void vscode.window.showErrorMessage(`Kube Jobs: could not stop job/${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }),
    vscode.commands.registerCommand('kubeJobs.suspendRun', (arg?: RunArg) => setSuspended(arg, true)),
    vscode.commands.registerCommand('kubeJobs.resumeRun', (arg?: RunArg) => setSuspended(arg, false)),
    vscode.commands.registerCommand('kubeJobs.delete', async (arg?: RunArg, selected?: readonly JobsTreeNode[]) => {
      // Several runs selected in the Jobs view: all of them, after one confirmation.
      const many = selectedRunIds(selected);
      if (many.length > 1) return deleteRuns(registry, many, `Delete ${many.length} runs?`);
      const entry = await runEntry(arg, 'Delete which run?');
      if (!entry) return;
      const name = entry.handle.snapshot().jobName;
      const answer = await vscode.window.showWarningMessage(
        `Delete job/${name} on ${entry.source.targetLabel}?`,
        { modal: true, detail: 'Its pods, containers and logs are removed.' },
        'Delete',
      );
      if (answer !== 'Delete') return;
      await whileStopping(entry, 'Deleting', () => registry.delete(entry.handle.id)).catch((error: unknown) => {
        void vscode.window.showErrorMessage(`Kube Jobs: could not delete job/${name}: ${error instanceof Error ? error.message : String(error)}`);
      });
    }),
    vscode.commands.registerCommand('kubeJobs.showLogs', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Show the logs of which run?');
      if (entry) logs.show(entry.handle.id);
    }),
    vscode.commands.registerCommand('kubeJobs.showPreviousLogs', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Show the previous logs of which run?');
      if (!entry) return;
      const target = await previousTarget(entry, arg);
      if (!target) return;
      const channel = logs.get(entry.handle.id);
      channel?.show();
      try {
        await channel?.appendPrevious(target.pod, target.container);
      } catch (error) {
        void vscode.window.showErrorMessage(`Kube Jobs: no previous logs for ${target.pod}/${target.container}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
    vscode.commands.registerCommand('kubeJobs.describe', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Describe which run?');
      if (!entry) return;
      await describe.show(entry.handle.id);
    }),
    vscode.commands.registerCommand('kubeJobs.showTimeline', async (arg?: RunArg) => {
      const entry = await runEntry(arg, 'Show the timeline of which run?');
      if (entry) deps.showTimeline(entry.handle.id);
    }),
    // An argument names the item to pick (for keybindings and tests); none shows the picker.
    vscode.commands.registerCommand('kubeJobs.selectTarget', (pick?: unknown) => targets.pickTarget(typeof pick === 'string' ? pick : undefined)),
    vscode.commands.registerCommand('kubeJobs.selectNamespace', (pick?: unknown) => targets.pickNamespace(deps.listNamespaces, typeof pick === 'string' ? pick : undefined)),
    vscode.commands.registerCommand('kubeJobs.newJobFromTemplate', (pick?: unknown) => newJobFromTemplate(deps.extensionUri, typeof pick === 'string' ? pick : undefined)),
  ];
}

/** The text a run command works on: the given manifest, else the active editor's. */
async function manifestSource(uriArg: unknown): Promise<{ text: string; uri: vscode.Uri; cursorOffset?: number } | undefined> {
  if (uriArg instanceof vscode.Uri) {
    const document = await vscode.workspace.openTextDocument(uriArg);
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    return { text: document.getText(), uri: document.uri, cursorOffset: editor ? document.offsetAt(editor.selection.active) : undefined };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  return { text: editor.document.getText(), uri: editor.document.uri, cursorOffset: editor.document.offsetAt(editor.selection.active) };
}

/** The container whose previous logs to show: the tree's container, else a restarted one picked. */
async function previousTarget(entry: RunEntry, arg: RunArg): Promise<{ pod: string; container: string } | undefined> {
  if (arg && typeof arg !== 'string' && arg.kind === 'container') return { pod: arg.pod, container: arg.container };
  const restarted = entry.handle
    .snapshot()
    .pods.flatMap((pod) => [...pod.initContainers, ...pod.containers].filter((c) => c.restartCount > 0).map((c) => ({ pod: pod.name, container: c.name, restarts: c.restartCount })));
  if (restarted.length === 0) {
    void vscode.window.showInformationMessage('Kube Jobs: no container of this run has restarted, so there are no previous logs.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    restarted.map((r) => ({ label: `${r.pod}/${r.container}`, description: `${r.restarts} restart${r.restarts === 1 ? '' : 's'}`, target: r })),
    { title: 'Previous logs of which container?' },
  );
  return picked?.target;
}
