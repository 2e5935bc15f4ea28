// A run its target removed by itself (its ttlSecondsAfterFinished ended, or another process
// deleted it) stays in the editor with its last state: how that reads.
import type { Run } from '../runs/model';
import type { GoneCause } from './run-registry';

/** "removed by its TTL (ttlSecondsAfterFinished: 0)", or "deleted from Local Docker". */
export function goneText(run: Run, targetLabel: string, cause: GoneCause): string {
  const ttl = (run.job.spec as { ttlSecondsAfterFinished?: unknown } | undefined)?.ttlSecondsAfterFinished;
  if (cause === 'ttl') return `removed by its TTL (ttlSecondsAfterFinished: ${String(ttl)})`;
  return `deleted from ${targetLabel}`;
}

/** For a run that has just finished: its TTL of 0 removes it at once (said with the outcome). */
export function removedAtOnceText(run: Run): string | undefined {
  const ttl = (run.job.spec as { ttlSecondsAfterFinished?: unknown } | undefined)?.ttlSecondsAfterFinished;
  return ttl === 0 ? 'removed by its TTL (ttlSecondsAfterFinished: 0)' : undefined;
}
