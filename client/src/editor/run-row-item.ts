// The Jobs view's rows of a run and its pods, as the editor's run states add to them: Stopped,
// the waiting reason of a stuck container, removal by the TTL, and the context value the menus'
// `when` clauses read (what the run's state offers).
import * as vscode from 'vscode';
import { isLocalRunHandle } from '../runs/local-runner';
import type { PodModel, Run } from '../runs/model';
import type { RunEntry } from './run-registry';
import { podEndedByUser, runContextValue } from './run-offers';
import { runRowNotes } from './run-row-notes';

export function decorateRunItem(item: vscode.TreeItem, entry: RunEntry): void {
  const run = entry.handle.snapshot();
  const notes = runRowNotes(entry);
  if (notes.description) item.description = [notes.description, typeof item.description === 'string' ? item.description : ''].filter(Boolean).join(' · ');
  if (notes.tooltip.length > 0) item.tooltip = [typeof item.tooltip === 'string' ? item.tooltip : '', ...notes.tooltip].filter(Boolean).join('\n');
  if (notes.icon) item.iconPath = new vscode.ThemeIcon(notes.icon.id, notes.icon.color ? new vscode.ThemeColor(notes.icon.color) : undefined);
  item.contextValue = runContextValue(run, { local: isLocalRunHandle(entry.handle), gone: entry.gone !== undefined });
}

/** A pod the user stopped (Stop, Suspend) did not fail: no red cross, no exit 137. */
export function decoratePodItem(item: vscode.TreeItem, run: Run, pod: PodModel): void {
  const byUser = podEndedByUser(run, pod);
  if (!byUser) return;
  item.description = `Stopped (Job ${byUser})`;
  item.iconPath = new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
}
