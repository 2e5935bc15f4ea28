// The run's own lines in its log channel where the editor knows more than the pod's phase: a pod
// the user stopped or suspended reads as stopped (not "✘ Failed"), a stopped Job as Stopped, and
// a container waiting for a missing image says so once instead of leaving "Pending" forever.
// Plain, no `vscode`: the log channel writes what these return.
import { finishedCondition, type PodModel, type Run, type TargetKind } from '../runs/model';
import type { StatusTone } from './log-format';
import { isStopped, podEndedByUser } from '../editor/run-offers';
import { podWaitingProblems, problemKey, problemText } from '../runs/waiting-problems';

export interface StatusLine {
  text: string;
  tone: StatusTone;
}

/** A pod's line for its phase. */
export function podStatusLine(run: Run, pod: PodModel): StatusLine {
  const index = pod.index !== undefined ? ` [index ${pod.index}]` : '';
  const byUser = podEndedByUser(run, pod);
  if (byUser) return { text: `pod/${pod.name}${index} stopped (Job ${byUser})`, tone: 'info' };
  const tone: StatusTone = pod.phase === 'Succeeded' ? 'success' : pod.phase === 'Failed' ? 'failure' : 'info';
  return { text: `pod/${pod.name}${index} ${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}`, tone };
}

/** The Job's last line, once it has finished. */
export function endStatusLine(run: Run): StatusLine | undefined {
  const condition = finishedCondition(run.status);
  if (!condition) return undefined;
  if (isStopped(run)) return { text: `job/${run.jobName} Stopped: its pods were stopped before it finished`, tone: 'info' };
  const reason = condition.reason ? ` (${condition.reason})` : '';
  return { text: `job/${run.jobName} ${condition.type}${reason}${condition.message ? `: ${condition.message}` : ''}`, tone: condition.type === 'Complete' ? 'success' : 'failure' };
}

/** Tells each pod's waiting problem once: a line when it appears or changes, else undefined. */
export class PodProblems {
  private readonly told = new Map<string, string>();

  line(pod: PodModel, target: TargetKind): StatusLine | undefined {
    const [problem] = podWaitingProblems(pod, target);
    const key = problem ? problemKey(problem) : '';
    if ((this.told.get(pod.name) ?? '') === key) return undefined;
    this.told.set(pod.name, key);
    return problem ? { text: problemText(problem), tone: 'failure' } : undefined;
  }
}
