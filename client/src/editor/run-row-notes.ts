// What leads a run's row in the Jobs view besides its counts: a stopped run reads "Stopped" (not a
// failure), a stuck one names the waiting reason (ErrImagePull) instead of hiding it three levels
// down, a removed one says so. Plain data, no `vscode`: the tree turns it into a TreeItem.
import { isFinished } from '../runs/model';
import type { RunEntry } from './run-registry';
import { goneText } from './run-gone';
import { isStopped, isSuspended } from './run-offers';
import { problemText, waitingProblems } from '../runs/waiting-problems';

export interface RunRowNotes {
  /** Leads the row's description; empty when there is nothing to add. */
  description: string;
  /** Lines added to the row's tooltip. */
  tooltip: string[];
  /** A codicon (and theme colour) instead of the state's own, where the state alone misleads. */
  icon?: { id: string; color?: string };
}

export function runRowNotes(entry: RunEntry): RunRowNotes {
  const run = entry.handle.snapshot();
  const description: string[] = [];
  const tooltip: string[] = [];
  let icon: RunRowNotes['icon'];
  const finished = isFinished(run.status);
  if (finished && isStopped(run)) {
    description.push('Stopped');
    tooltip.push('Stopped by you before it finished: its pods were stopped, not failed.');
    icon = { id: 'debug-stop', color: 'disabledForeground' };
  } else if (!finished && isSuspended(run)) {
    description.push('Suspended');
  }
  const [stuck] = finished || entry.gone ? [] : waitingProblems(run);
  if (stuck) {
    description.push(stuck.reason);
    tooltip.push(problemText(stuck));
    icon = { id: 'warning', color: 'list.warningForeground' };
  }
  if (entry.gone) {
    const text = goneText(run, entry.source.targetLabel, entry.gone.cause);
    description.push(text);
    tooltip.push(`${text}: its last state and logs stay here until you delete it.`);
  }
  return { description: description.join(' · '), tooltip, icon };
}
