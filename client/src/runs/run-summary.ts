// The final status of a run as one plain object: what `kube-jobs run --output json` prints.
import { finishedCondition, type ContainerModel, type JobCondition, type RemovalCause, type Run } from './model';
import { waitingProblems, type WaitingProblem } from './waiting-problems';

export interface ContainerSummary {
  name: string;
  exitCode: number | null;
  /** Why it waits (ImagePullBackOff …) or how it ended (Completed, Error, OOMKilled …). */
  reason: string | null;
  message: string | null;
  restartCount: number;
}

export interface PodSummary {
  name: string;
  index: number | null;
  phase: string;
  /** Pod-level: Unschedulable, DeadlineExceeded … */
  reason: string | null;
  message: string | null;
  containers: ContainerSummary[];
}

export interface RunSummary {
  name: string;
  namespace: string;
  target: Run['target'];
  conditions: JobCondition[];
  active: number;
  succeeded: number;
  failed: number;
  completedIndexes: string | null;
  failedIndexes: string | null;
  startTime: string | null;
  completionTime: string | null;
  /** How the run went away, if it has: ttl (its ttlSecondsAfterFinished), deleted, deletedElsewhere. */
  removed: RemovalCause | null;
  /** What holds pods up (kubectl's STATUS), with what to do about it. */
  waiting: WaitingProblem[];
  pods: PodSummary[];
}

function containerSummary(container: ContainerModel): ContainerSummary {
  const { state } = container;
  const base = { name: container.name, exitCode: null, reason: null, message: null, restartCount: container.restartCount };
  if ('terminated' in state) return { ...base, exitCode: state.terminated.exitCode, reason: state.terminated.reason, message: state.terminated.message ?? null };
  if ('waiting' in state) return { ...base, reason: state.waiting.reason, message: state.waiting.message ?? null };
  return base;
}

export function summarizeRun(run: Run, removal?: RemovalCause): RunSummary {
  const { status } = run;
  return {
    name: run.jobName,
    namespace: run.namespace,
    target: run.target,
    conditions: status.conditions,
    active: status.active,
    succeeded: status.succeeded,
    failed: status.failed,
    completedIndexes: status.completedIndexes ?? null,
    failedIndexes: status.failedIndexes ?? null,
    startTime: status.startTime ?? null,
    completionTime: status.completionTime ?? null,
    removed: removal ?? null,
    waiting: waitingProblems(run),
    pods: run.pods.map((pod) => ({
      name: pod.name,
      index: pod.index ?? null,
      phase: pod.phase,
      reason: pod.reason ?? null,
      message: pod.message ?? null,
      containers: [...pod.initContainers, ...pod.containers].map(containerSummary),
    })),
  };
}

/** Why a run failed, in a line per failed container: "pod/container exited 1 (Error)". */
export function explainFailure(run: Run): string[] {
  const lines: string[] = [];
  const condition = finishedCondition(run.status);
  if (condition?.type === 'Failed') lines.push(`${condition.reason ?? 'Failed'}: ${condition.message ?? ''}`.trim());
  for (const pod of run.pods) {
    if (pod.phase !== 'Failed') continue;
    const failed = [...pod.initContainers, ...pod.containers].filter((c) => 'terminated' in c.state && c.state.terminated.exitCode !== 0);
    if (failed.length === 0) {
      lines.push(`pod ${pod.name} failed${pod.reason ? ` (${pod.reason})` : ''}${pod.message ? `: ${pod.message}` : ''}`);
    }
    for (const container of failed) {
      if (!('terminated' in container.state)) continue;
      const { exitCode, reason, message } = container.state.terminated;
      lines.push(`${pod.name}/${container.name} exited ${exitCode} (${reason})${message ? `: ${message.trim()}` : ''}`);
    }
  }
  return lines;
}
