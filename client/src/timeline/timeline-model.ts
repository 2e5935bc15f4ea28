// The Run Timeline's picture as data: one bar per pod on the lane it ran in, so that parallelism,
// retries and the back-off gaps between them read at a glance. No `vscode`: unit-tested.
import type { PodModel, Run } from '../runs/model';

export type BarOutcome = 'pending' | 'running' | 'succeeded' | 'failed';

export interface TimelineBar {
  pod: string;
  index?: number;
  lane: number;
  /** Milliseconds since the run started. */
  start: number;
  end: number;
  outcome: BarOutcome;
  /** Container restarts inside the pod (OnFailure), at their times since the run started. */
  restarts: number[];
  label: string;
}

export interface Timeline {
  title: string;
  /** Milliseconds from the run's start to the end of the picture (now, or the run's end). */
  span: number;
  lanes: number;
  bars: TimelineBar[];
  status: string;
}

function outcome(pod: PodModel): BarOutcome {
  if (pod.phase === 'Succeeded') return 'succeeded';
  if (pod.phase === 'Failed') return 'failed';
  if (pod.phase === 'Running') return 'running';
  return 'pending';
}

function restartTimes(pod: PodModel, origin: number): number[] {
  return [...pod.initContainers, ...pod.containers].flatMap((c) => {
    const last = c.lastState && 'terminated' in c.lastState ? c.lastState.terminated.finishedAt : undefined;
    return c.restartCount > 0 && last ? [Date.parse(last) - origin] : [];
  });
}

export function buildTimeline(run: Run, now: number): Timeline {
  const created = run.pods.map((p) => Date.parse(p.createdAt));
  const origin = Math.min(run.status.startTime ? Date.parse(run.status.startTime) : now, ...created);
  const finished = run.status.conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const endOfRun = run.status.completionTime ?? finished?.lastTransitionTime;
  const horizon = endOfRun ? Date.parse(endOfRun) : now;
  const pods = [...run.pods].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  // Greedy lanes: a pod takes the first lane free when it was created.
  const laneEnds: number[] = [];
  const bars = pods.map((pod) => {
    const start = Date.parse(pod.createdAt) - origin;
    const end = (pod.finishedAt ? Date.parse(pod.finishedAt) : horizon) - origin;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane < 0) lane = laneEnds.push(end) - 1;
    else laneEnds[lane] = end;
    const state = outcome(pod);
    return {
      pod: pod.name,
      index: pod.index,
      lane,
      start,
      end: Math.max(end, start),
      outcome: state,
      restarts: restartTimes(pod, origin),
      label: `${pod.name}${pod.index !== undefined ? ` [${pod.index}]` : ''} — ${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}`,
    };
  });
  const { succeeded, failed, active } = run.status;
  return {
    title: `job/${run.jobName}`,
    span: Math.max(horizon - origin, ...bars.map((b) => b.end), 1),
    lanes: laneEnds.length,
    bars,
    status: `${succeeded} succeeded · ${failed} failed · ${active} active${finished ? ` · ${finished.type}${finished.reason ? ` (${finished.reason})` : ''}` : ''}`,
  };
}
