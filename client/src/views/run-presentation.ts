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

/** "running for 12s" while it goes on, "took 12s" once it ended; empty before it started. */
export function durationText(fromIso: string | undefined, toIso: string | undefined, now: number): string {
  if (!fromIso) return '';
  const from = Date.parse(fromIso);
  if (toIso) return `took ${formatDuration(Math.max(0, Date.parse(toIso) - from))}`;
  return `running for ${formatDuration(Math.max(0, now - from))}`;
}

/** When the run started: today as 14:02:07, another day as 2026-12-03 14:02 (local time). */
export function clockTime(iso: string, now: number): string {
  const at = new Date(iso);
  const day = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`;
  const sameDay = at.getFullYear() === day.getFullYear() && at.getMonth() === day.getMonth() && at.getDate() === day.getDate();
  return sameDay ? `${time}:${two(at.getSeconds())}` : `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${time}`;
}

/** When the run began: its Job's start, else when the Job was created (a run that never started). */
export function runStartedAt(run: Run): string | undefined {
  const metadata = (run.job.metadata ?? {}) as { creationTimestamp?: string };
  return run.status.startTime ?? metadata.creationTimestamp ?? run.pods.map((p) => p.createdAt).sort()[0];
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
  const state = runState(run);
  const duration = state === 'suspended' ? 'suspended' : durationText(run.status.startTime, runEndedAt(run), now);
  if (duration) parts.push(duration);
  // Runs of the same Job differ by when they started (and by their number, in the label).
  const started = runStartedAt(run);
  if (started) parts.push(`started ${clockTime(started, now)}`);
  return parts.join(' · ');
}

function runEndedAt(run: Run): string | undefined {
  return run.status.completionTime ?? finishedCondition(run.status)?.lastTransitionTime;
}

/** The row ticks: its text says how long something has been going on. */
export function runIsLive(run: Run): boolean {
  const state = runState(run);
  return (state === 'running' || state === 'pending') && run.status.startTime !== undefined;
}

export function podIsLive(pod: PodModel): boolean {
  return pod.phase === 'Pending' || pod.phase === 'Running';
}

export function containerIsLive(container: ContainerModel): boolean {
  return 'running' in container.state;
}

/** Where a run came from, for what Re-run will do. */
export interface RerunSource {
  /** The manifest's file. */
  uri?: string;
  /** The manifest's text as it ran. */
  manifestText?: string;
}

export function runTooltip(run: Run, source?: RerunSource): string {
  const state = runState(run);
  const condition = finishedCondition(run.status) ?? run.status.conditions.find((c) => c.status === 'True');
  const lines = [`job/${run.jobName} (${run.namespace}) — ${state}`];
  const started = runStartedAt(run);
  if (started) lines.push(`started ${started}`);
  if (condition) lines.push(`${condition.type}${condition.reason ? `: ${condition.reason}` : ''}${condition.message ? ` — ${condition.message}` : ''}`);
  lines.push(`${run.status.active} active, ${run.status.succeeded} succeeded, ${run.status.failed} failed`);
  if (run.status.completedIndexes) lines.push(`completed indexes: ${run.status.completedIndexes}`);
  if (run.status.failedIndexes) lines.push(`failed indexes: ${run.status.failedIndexes}`);
  const rerun = rerunText(source);
  if (rerun) lines.push(rerun);
  return lines.join('\n');
}

/** Re-run takes the file as it is in an open editor now (unsaved edits included), else the text this run had. */
export function rerunText(source: RerunSource | undefined): string | undefined {
  if (source?.uri) return `Re-run runs ${source.uri.slice(source.uri.lastIndexOf('/') + 1)} as it is in the editor now, unsaved edits included (when the file is not open: as it was for this run).`;
  if (source?.manifestText !== undefined) return 'Re-run runs the manifest as it was for this run.';
  return undefined;
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
  const duration = podDuration(pod, now);
  if (duration) parts.push(duration);
  return parts.join(' · ');
}

/** "pending for 3s", "running for 5s", "took 2s": how long it has been, not how old it is. */
function podDuration(pod: PodModel, now: number): string {
  if (pod.phase === 'Pending') return `pending for ${formatDuration(Math.max(0, now - Date.parse(pod.createdAt)))}`;
  const from = pod.startTime ?? pod.createdAt;
  if (podIsLive(pod)) return durationText(from, undefined, now);
  const exits = [...pod.initContainers, ...pod.containers].flatMap((c) => ('terminated' in c.state ? [c.state.terminated.finishedAt] : [])).sort();
  const end = pod.finishedAt ?? exits.at(-1);
  return end ? durationText(from, end, now) : '';
}

export function containerDescription(container: ContainerModel, now: number): string {
  const { state } = container;
  let text: string;
  if ('running' in state) text = durationText(state.running.startedAt, undefined, now) || 'running';
  else if ('waiting' in state) text = `waiting: ${state.waiting.reason}`;
  else {
    text = `${state.terminated.reason}, exit ${state.terminated.exitCode}`;
    const took = durationText(state.terminated.startedAt, state.terminated.finishedAt, now);
    if (took) text += ` · ${took}`;
  }
  if (container.role !== 'main') text = `${container.role} · ${text}`;
  if (container.restartCount > 0) text += ` · ${container.restartCount} restarts`;
  return text;
}
