// What a run is, as the user acts on it, and so what is offered for it: an active run can be
// stopped (and a local one suspended), a suspended one (local or cluster) resumed, a finished
// one re-run. The tree's context value, its menus' `when` clauses, the CodeLens and the status
// bar all read this.
// Plain, no `vscode`.
import { terminationGracePeriodSeconds } from '@shared/job-facts';
import { finishedCondition, type PodModel, type Run } from '../runs/model';

export type RunPhase = 'active' | 'suspended' | 'finished';

export function isSuspended(run: Run): boolean {
  return run.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True');
}

/** Stopped by the user (Stop): not a failure of the Job's own. */
export function isStopped(run: Run): boolean {
  return run.status.conditions.some((c) => (c.type === 'Failed' || c.type === 'FailureTarget') && c.status === 'True' && c.reason === 'Stopped');
}

export function runPhase(run: Run): RunPhase {
  if (finishedCondition(run.status)) return 'finished';
  return isSuspended(run) ? 'suspended' : 'active';
}

/**
 * The tree item's contextValue: `kubeJobs.run.<phase>`, `.local` for a local run (only those
 * offer Suspend beside Stop: Stop suspends a cluster run), `.gone` once its target removed it.
 * Every suspended run offers Resume.
 */
export function runContextValue(run: Run, options: { local: boolean; gone?: boolean }): string {
  const phase = options.gone ? 'finished' : runPhase(run);
  return `kubeJobs.run.${phase}${options.local ? '.local' : ''}${options.gone ? '.gone' : ''}`;
}

/** A pod that ended because the user stopped or suspended its Job, not because it failed. */
export function podEndedByUser(run: Run, pod: PodModel): 'stopped' | 'suspended' | undefined {
  if (pod.phase !== 'Failed' || !pod.deletionTimestamp) return undefined;
  if (isSuspended(run) || deletedBeforeResume(run, pod.deletionTimestamp)) return 'suspended';
  return isStopped(run) ? 'stopped' : undefined;
}

/**
 * A suspended pod's end may be reported after the Job was resumed: it was deleted for the
 * suspension if its deletion (deletionTimestamp, set to the delete's time plus the grace
 * period, less that period) came before the resume.
 */
function deletedBeforeResume(run: Run, deletionTimestamp: string): boolean {
  const resumed = run.status.conditions.find((c) => c.type === 'Suspended' && c.status === 'False' && c.reason === 'JobResumed');
  return resumed !== undefined && Date.parse(deletionTimestamp) - gracePeriodSeconds(run) * 1000 <= Date.parse(resumed.lastTransitionTime);
}

/** The grace period the pods of a run have to stop (terminationGracePeriodSeconds, default 30). */
export function gracePeriodSeconds(run: Run): number {
  return terminationGracePeriodSeconds((run.job.spec as { template?: { spec?: { terminationGracePeriodSeconds?: unknown } } } | undefined)?.template?.spec);
}

/** Whether a container of the run still runs: stopping it waits for its grace period. */
export function hasRunningContainers(run: Run): boolean {
  return run.pods.some((pod) => [...pod.initContainers, ...pod.containers].some((c) => 'running' in c.state));
}
