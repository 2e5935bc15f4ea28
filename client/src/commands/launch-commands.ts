// Commands that start a run, or check a manifest on the cluster without running it: from the
// palette, the CodeLens (uri, workloadName) or the Jobs view. Without arguments they work on the
// active editor's manifest, at its cursor.
import * as vscode from 'vscode';
import type { RunEntry } from '../editor/run-registry';
import { workloadAt } from '../editor/workload-documents';
import type { TargetChoice } from '../runs/run-target';
import type { CommandContext, CommandFactory } from './command-context';
import { runEntry, type RunArg } from './run-picking';

async function launchFrom(ctx: CommandContext, uriArg: unknown, name: unknown, choose: () => Promise<TargetChoice | undefined>, expectKind?: 'CronJob'): Promise<RunEntry | undefined> {
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
  return ctx.launcher.launch({ text: source.text, uri: source.uri, workloadName, cursorOffset: source.cursorOffset, choice });
}

export const runJob: CommandFactory = (ctx) => (uri?: unknown, name?: unknown) => launchFrom(ctx, uri, name, () => ctx.targets.resolve());

export const runJobLocally: CommandFactory = (ctx) => (uri?: unknown, name?: unknown) => launchFrom(ctx, uri, name, () => Promise.resolve({ kind: 'docker' }));

export const runJobOnCluster: CommandFactory = (ctx) => (uri?: unknown, name?: unknown) => launchFrom(ctx, uri, name, () => ctx.targets.usableCluster());

export const runCronJobNow: CommandFactory = (ctx) => (uri?: unknown, name?: unknown) => launchFrom(ctx, uri, name, () => ctx.targets.resolve(), 'CronJob');

/** The API server's verdict on the manifest's Job or CronJob, nothing created (a server-side dry run). */
export const checkOnCluster: CommandFactory = (ctx) => async (uri?: unknown, name?: unknown) => {
  const source = await manifestSource(uri);
  if (!source) {
    void vscode.window.showWarningMessage('Kube Jobs: open a Job or CronJob manifest first.');
    return undefined;
  }
  const choice = await ctx.targets.usableCluster();
  if (choice?.kind !== 'cluster') return undefined;
  const workloadName = typeof name === 'string' ? name : workloadAt(source.text, source.cursorOffset ?? 0)?.name;
  return ctx.check.check(await vscode.workspace.openTextDocument(source.uri), choice, workloadName);
};

export const rerun: CommandFactory = (ctx) => async (arg?: RunArg) => {
  const entry = await runEntry(ctx.registry, arg, 'Re-run which Job?');
  if (!entry) return undefined;
  const { source } = entry;
  // The manifest as it is now in the editor if it is open, else as it was when it ran.
  const open = source.uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.uri) : undefined;
  const text = open?.getText() ?? source.manifestText;
  if (text === undefined || !source.choice) {
    void vscode.window.showWarningMessage('Kube Jobs: this run was not started here; run its manifest instead.');
    return undefined;
  }
  return ctx.launcher.launch({ text, uri: source.uri ? vscode.Uri.parse(source.uri) : undefined, workloadName: source.workloadName, choice: source.choice });
};

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
