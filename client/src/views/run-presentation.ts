// How runs, pods and containers read in the editor (tree labels, icons, tooltips, CodeLens):
// plain text, no `vscode`, so it is unit-tested and shared.
import { finishedCondition, type ContainerModel, type PodModel, type Run } from '../runs/model';

export type RunState = 'running' | 'complete' | 'failed' | 'suspended' | 'pending';

export function runState(run: Run): RunState {
  const finished = finishedCondition(run.status);
  if (finished) return finished.type === 'Complete' ? 'complete' : 'failed';
  if (run.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True')) return 'suspended';
  return run.status.active > 0 || run.pods.length > 0 ? 'running' : 'pending';
}

export function completionsText(run: Run): string {
  const spec = (run.job.spec ?? {}) as { completions?: number | null; parallelism?: number | null };
  // Neither set means one completion (the API server's default); only parallelism means a work queue.
  const completions = spec.completions ?? (spec.parallelism == null ? 1 : undefined);
  return completions === undefined ? `${run.status.succeeded} succeeded` : `${run.status.succeeded}/${completions}`;
}

export function durationText(fromIso: string | undefined, toIso: string | undefined, now: number): string {
  if (!fromIso) return '';
  const from = Date.parse(fromIso);
  const to = toIso ? Date.parse(toIso) : now;
  return formatDuration(Math.max(0, to - from));
}

/** Like kubectl's ages: 45s, 3m12s, 2h5m, 3d4h. */
export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
}

export function runDescription(run: Run, now: number): string {
  const parts = [completionsText(run)];
  if (run.status.active > 0) parts.push(`${run.status.active} active`);
  if (run.status.failed > 0) parts.push(`${run.status.failed} failed`);
  const duration = durationText(run.status.startTime, run.status.completionTime ?? finishedCondition(run.status)?.lastTransitionTime, now);
  if (duration) parts.push(duration);
  return parts.join(' · ');
}

export function runTooltip(run: Run): string {
  const state = runState(run);
  const condition = finishedCondition(run.status) ?? run.status.conditions.find((c) => c.status === 'True');
  const lines = [`job/${run.jobName} (${run.namespace}) — ${state}`];
  if (condition) lines.push(`${condition.type}${condition.reason ? `: ${condition.reason}` : ''}${condition.message ? ` — ${condition.message}` : ''}`);
  lines.push(`${run.status.active} active, ${run.status.succeeded} succeeded, ${run.status.failed} failed`);
  if (run.status.completedIndexes) lines.push(`completed indexes: ${run.status.completedIndexes}`);
  if (run.status.failedIndexes) lines.push(`failed indexes: ${run.status.failedIndexes}`);
  return lines.join('\n');
}

function restarts(pod: PodModel): number {
  return [...pod.initContainers, ...pod.containers].reduce((sum, c) => sum + c.restartCount, 0);
}

/** The container that made the pod fail, if one did. */
export function failedContainer(pod: PodModel): ContainerModel | undefined {
  return [...pod.initContainers, ...pod.containers].find((c) => 'terminated' in c.state && c.state.terminated.exitCode !== 0);
}

export function podDescription(pod: PodModel, now: number): string {
  const parts: string[] = [pod.reason ? `${pod.phase} (${pod.reason})` : pod.phase];
  if (pod.index !== undefined) parts.push(`index ${pod.index}`);
  const count = restarts(pod);
  if (count > 0) parts.push(`${count} restart${count === 1 ? '' : 's'}`);
  const failed = failedContainer(pod);
  if (failed && 'terminated' in failed.state) parts.push(`${failed.name} exit ${failed.state.terminated.exitCode}`);
  parts.push(formatDuration(Math.max(0, now - Date.parse(pod.createdAt))));
  return parts.join(' · ');
}

export function containerDescription(container: ContainerModel): string {
  const { state } = container;
  let text: string;
  if ('running' in state) text = 'running';
  else if ('waiting' in state) text = `waiting: ${state.waiting.reason}`;
  else text = `${state.terminated.reason}, exit ${state.terminated.exitCode}`;
  if (container.role !== 'main') text = `${container.role} · ${text}`;
  if (container.restartCount > 0) text += ` · ${container.restartCount} restarts`;
  return text;
}
