// A journaled run's status as its controller last knew it, without taking the run over: what
// `kube-jobs runs list` shows for runs no process is showing.
import { randomUUID } from 'node:crypto';
import { finishedCondition, type Run } from '../model';
import { replayJournal } from './journal-replay';
import { RecordedDraws } from './recorded-draws';
import { journalPath, readJournal } from './run-journal';

/** The run as its journal leaves it; undefined when there is no readable journal. */
export function journaledRun(dir: string, runId: string): Run | undefined {
  try {
    const journal = readJournal(journalPath(dir, runId));
    return replayJournal(journal, new RecordedDraws(randomUUID, randomUUID)).controller.snapshot();
  } catch {
    return undefined;
  }
}

/** "Complete 6/6", "Failed (BackoffLimitExceeded)", "2 active, 1 succeeded". */
export function statusSummary(run: Run): string {
  const condition = finishedCondition(run.status);
  if (condition) return `${condition.type}${condition.reason && condition.type === 'Failed' ? ` (${condition.reason})` : ''}: ${run.status.succeeded} succeeded, ${run.status.failed} failed`;
  return `${run.status.active} active, ${run.status.succeeded} succeeded, ${run.status.failed} failed`;
}

/** When a finished run's ttlSecondsAfterFinished ends (epoch ms); undefined when it has none or is not finished. */
export function ttlEnd(run: Run): number | undefined {
  const condition = finishedCondition(run.status);
  const ttl = (run.job.spec as { ttlSecondsAfterFinished?: unknown } | undefined)?.ttlSecondsAfterFinished;
  if (!condition || typeof ttl !== 'number') return undefined;
  return Date.parse(condition.lastTransitionTime) + ttl * 1000;
}
