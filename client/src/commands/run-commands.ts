// Commands on a run of the Jobs view: stop, suspend, resume, delete, and show its logs,
// description or timeline. Arguments arrive as a tree node from menus, a run id from
// notifications, or nothing from the palette (then a picker of runs).
import * as vscode from 'vscode';
import type { RunEntry } from '../editor/run-registry';
import { isFinished } from '../runs/model';
import { isSuspendable } from '../runs/suspendable-run';
import type { JobsTreeNode } from '../views/jobs-tree';
import { deleteRuns, selectedRunIds } from '../views/run-deletion';
import { runPhase } from '../editor/run-offers';
import { whileStopping } from '../editor/stopping-progress';
import type { CommandContext, CommandFactory } from './command-context';
import { runEntry, type RunArg } from './run-picking';

export const stopRun: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Stop which run?', (e) => !e.gone && !isFinished(e.handle.snapshot().status));
  if (!entry) return;
  const name = entry.handle.snapshot().jobName;
  if (entry.gone || isFinished(entry.handle.snapshot().status)) {
    void vscode.window.showInformationMessage(`Kube Jobs: job/${name} has already finished.`);
    return;
  }
  await whileStopping(entry, 'Stopping', () => entry.handle.stop()).catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Kube Jobs: could not stop job/${name}: ${error instanceof Error ? error.message : String(error)}`);
  });
};

/** Suspends or resumes a run, local or on a cluster (spec.suspend, as `kubectl patch job … suspend`). */
async function setSuspended(ctx: CommandContext, arg: RunArg, suspended: boolean): Promise<void> {
  const wanted = suspended ? 'active' : 'suspended';
  const entry = await runEntry(ctx.registry, arg, suspended ? 'Suspend which run?' : 'Resume which run?', (e) => !e.gone && runPhase(e.handle.snapshot()) === wanted && isSuspendable(e.handle));
  if (!entry) return;
  const run = entry.handle.snapshot();
  const name = run.jobName;
  if (!isSuspendable(entry.handle)) {
    void vscode.window.showWarningMessage(`Kube Jobs: job/${name} cannot be suspended or resumed on ${entry.source.targetLabel}.`);
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

export const suspendRun: CommandFactory = (ctx) => (arg?: RunArg) => setSuspended(ctx, arg, true);

export const resumeRun: CommandFactory = (ctx) => (arg?: RunArg) => setSuspended(ctx, arg, false);

export const deleteRun: CommandFactory = (ctx) => async (arg?: RunArg, selected?: readonly JobsTreeNode[]) => {
  // Several runs selected in the Jobs view: all of them, after one confirmation.
  const many = selectedRunIds(selected);
  if (many.length > 1) return deleteRuns(ctx.registry, many, `Delete ${many.length} runs?`);
  const entry = await runEntry(ctx.registry, arg, 'Delete which run?');
  if (!entry) return;
  const name = entry.handle.snapshot().jobName;
  const answer = await vscode.window.showWarningMessage(
    `Delete job/${name} on ${entry.source.targetLabel}?`,
    { modal: true, detail: 'Its pods, containers and logs are removed.' },
    'Delete',
  );
  if (answer !== 'Delete') return;
  await whileStopping(entry, 'Deleting', () => ctx.registry.delete(entry.handle.id)).catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Kube Jobs: could not delete job/${name}: ${error instanceof Error ? error.message : String(error)}`);
  });
};

export const deleteAllFinished: CommandFactory = (ctx) => () => {
  const finished = ctx.registry.all().filter((entry) => isFinished(entry.handle.snapshot().status));
  if (finished.length === 0) {
    void vscode.window.showInformationMessage('Kube Jobs: no run has finished; running runs are kept.');
    return Promise.resolve(0);
  }
  return deleteRuns(ctx.registry, finished.map((entry) => entry.handle.id), `Delete ${finished.length} finished run${finished.length === 1 ? '' : 's'}?`);
};

export const showLogs: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Show the logs of which run?');
  if (entry) ctx.logs.show(entry.handle.id);
};

export const showPreviousLogs: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Show the previous logs of which run?');
  if (!entry) return;
  const target = await previousTarget(entry, arg);
  if (!target) return;
  const channel = ctx.logs.get(entry.handle.id);
  channel?.show();
  try {
    await channel?.appendPrevious(target.pod, target.container);
  } catch (error) {
    void vscode.window.showErrorMessage(`Kube Jobs: no previous logs for ${target.pod}/${target.container}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

export const describeRun: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Describe which run?');
  if (!entry) return;
  await ctx.describe.show(entry.handle.id);
};

export const showTimeline: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Show the timeline of which run?');
  if (entry) ctx.showTimeline(entry.handle.id);
};

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
