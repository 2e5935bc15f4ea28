// What `kube-jobs run` shows while a run goes on: a live status line, every container's log
// lines prefixed [pod/container], and a final summary (or the final status as JSON).
import { explainFailure, summarizeRun } from '../runs/run-summary';
import { formatLogLine } from '../logs/log-format';
import { finishedCondition, type LogLine, type RemovalCause, type Run, type RunEvent, type RunStatus } from '../runs/model';
import { problemText, waitingProblems } from '../runs/waiting-problems';

export interface ReporterStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Rewrite the status line in place (a terminal) rather than printing each new one. */
  interactive: boolean;
}

function completionsOf(run: Run): string {
  const spec = (run.job.spec ?? {}) as { completions?: number | null; parallelism?: number };
  return spec.completions != null ? `${run.status.succeeded}/${spec.completions}` : `${run.status.succeeded}/-`;
}

export function statusLine(run: Run): string {
  const s: RunStatus = run.status;
  const parts = [`${s.active} active`, `${s.succeeded} succeeded`, `${s.failed} failed`];
  if (s.terminating > 0) parts.push(`${s.terminating} terminating`);
  const suspended = s.conditions.some((c) => c.type === 'Suspended' && c.status === 'True');
  // What holds the pods up, as kubectl's STATUS column shows it.
  const problems = waitingProblems(run);
  const held = problems.length > 0 ? ` — ${problemText(problems[0])}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` : '';
  return `job/${run.jobName}: ${suspended ? 'suspended, ' : ''}${parts.join(', ')} — completions ${completionsOf(run)}${held}`;
}

/** Each distinct piece of advice once: for pods held up, or (`ended`) for those that failed waiting. */
function adviceOf(run: Run, ended = false): string[] {
  return [...new Set(waitingProblems(run, ended).flatMap((p) => (p.advice ? [p.advice] : [])))];
}

function seconds(from?: string, to?: string): string {
  if (!from || !to) return '';
  const ms = Date.parse(to) - Date.parse(from);
  return Number.isFinite(ms) ? ` in ${(ms / 1000).toFixed(1)} s` : '';
}

function removedWords(run: Run, removal: RemovalCause): string {
  if (removal === 'ttl') return 'removed by its ttlSecondsAfterFinished';
  if (removal === 'deleted') return 'deleted';
  return run.target === 'cluster' ? 'deleted by another client' : 'deleted by another process';
}

export function summaryText(run: Run, removal?: RemovalCause): string {
  const condition = finishedCondition(run.status);
  const s = run.status;
  const head = condition
    ? `job/${run.jobName} ${condition.type}${condition.reason ? ` (${condition.reason})` : ''}${seconds(s.startTime, s.completionTime ?? condition.lastTransitionTime)}`
    : `job/${run.jobName} ${removal ? `${removedWords(run, removal)} before it finished` : 'still running'}`;
  const lines = [`${head}: ${s.succeeded} succeeded, ${s.failed} failed, ${s.active} active`];
  if (condition && removal) lines.push(`  then ${removedWords(run, removal)}`);
  if (s.completedIndexes) lines.push(`  completed indexes: ${s.completedIndexes}`);
  if (s.failedIndexes) lines.push(`  failed indexes: ${s.failedIndexes}`);
  // Deleted before it finished: its pods went with it, whatever they were doing.
  const podsGone = removal !== undefined && !condition;
  for (const pod of run.pods) {
    const containers = [...pod.initContainers, ...pod.containers]
      .map((c) => {
        const st = c.state;
        const what = 'terminated' in st ? `exit ${st.terminated.exitCode} ${st.terminated.reason}` : 'waiting' in st ? `${st.waiting.reason}${st.waiting.message ? ` (${st.waiting.message})` : ''}` : podsGone ? 'was running' : 'running';
        return `${c.name}: ${what}${c.restartCount ? `, ${c.restartCount} restarts` : ''}`;
      })
      .join('; ');
    lines.push(`  pod/${pod.name}${pod.index !== undefined ? ` [${pod.index}]` : ''} ${pod.phase}${podsGone ? ', deleted' : pod.deletionTimestamp ? ', terminating' : ''}${pod.reason ? ` (${pod.reason})` : ''} — ${containers}`);
  }
  if (condition?.type === 'Failed') for (const why of explainFailure(run)) lines.push(`  why: ${why}`);
  for (const advice of adviceOf(run, condition?.type === 'Failed')) lines.push(`  hint: ${advice}`);
  return lines.join('\n');
}

export class RunReporter {
  private lastStatus = '';
  private statusShown = false;
  private readonly told = new Set<string>();

  constructor(
    private readonly streams: ReporterStreams,
    private readonly format: 'text' | 'json',
  ) {}

  /** Logs go to stdout in text mode; in JSON mode stdout holds only the final JSON. */
  logLine(line: LogLine): void {
    this.clearStatus();
    const target = this.format === 'json' ? this.streams.stderr : this.streams.stdout;
    target.write(`${formatLogLine(line, false)}\n`);
    this.redrawStatus();
  }

  status(run: Run): void {
    const line = statusLine(run);
    if (line !== this.lastStatus) {
      this.lastStatus = line;
      if (this.streams.interactive) this.redrawStatus();
      else this.streams.stderr.write(`${line}\n`);
    }
    for (const advice of adviceOf(run)) this.once(`hint: ${advice}`);
  }

  /**
   * A Warning event, once per reason and message: the cause of an image pull failure, the local
   * image used when a pull failed (imagePullPolicy: Always), a journal that cannot be written …
   * The Job's own failure is left to the summary.
   */
  event(event: RunEvent, run: Run): void {
    // "Error: ErrImagePull" only names a reason the status line shows already.
    if (event.type !== 'Warning' || /^Error: [A-Za-z]+$/.test(event.message)) return;
    if (event.involvedObject.startsWith('job/') && run.status.conditions.some((c) => c.type === 'Failed' && c.reason === event.reason)) return;
    this.once(`warning: ${event.involvedObject}: ${event.message}`, `${event.reason}|${event.message}`);
  }

  private once(text: string, key = text): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.message(text);
  }

  message(text: string): void {
    this.clearStatus();
    this.streams.stderr.write(`${text}\n`);
    this.redrawStatus();
  }

  /** The run's final state; `removal` says how it went away, if it has. */
  final(run: Run, removal?: RemovalCause): void {
    this.clearStatus();
    this.lastStatus = '';
    if (this.format === 'json') this.streams.stdout.write(`${JSON.stringify(summarizeRun(run, removal), null, 2)}\n`);
    else this.streams.stdout.write(`${summaryText(run, removal)}\n`);
  }

  private clearStatus(): void {
    if (this.streams.interactive && this.statusShown) {
      this.streams.stderr.write('\r\x1b[2K');
      this.statusShown = false;
    }
  }

  private redrawStatus(): void {
    if (!this.streams.interactive || !this.lastStatus) return;
    this.streams.stderr.write(`\r\x1b[2K${this.lastStatus}`);
    this.statusShown = true;
  }
}
