// One output channel per run: every container's lines prefixed [pod/container], the run's own
// status lines, pods that appear later joined automatically. Lines are appended in batches so
// that a burst of 100,000 lines reaches the channel whole without stalling the editor.
import * as vscode from 'vscode';
import type { RunEntry } from '../runs/run-registry';
import { followRunLogs, type LogFollower } from '../runs/log-follower';
import type { LogLine, PodModel, RunChange } from '../runs/model';
import { formatLogLine, formatStatusLine, LOG_LANGUAGE_ID, type StatusTone } from './log-format';
import { endStatusLine, PodProblems, podStatusLine } from '../editor/run-log-notes';

const FLUSH_DELAY_MS = 50;
/** A batch never grows past this many characters before it is written. */
const MAX_BATCH_CHARS = 1 << 20;

export class RunLogChannel implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private batch: string[] = [];
  private batchChars = 0;
  private timer: NodeJS.Timeout | undefined;
  private follower: LogFollower | undefined;
  private readonly podPhases = new Map<string, string>();
  private readonly problems = new PodProblems();
  private readonly subscription: { dispose(): void };
  private announcedEnd = false;

  constructor(
    private readonly entry: RunEntry,
    private readonly timestamps: () => boolean,
  ) {
    const run = entry.handle.snapshot();
    this.channel = vscode.window.createOutputChannel(`Kube Jobs: job/${run.jobName} (${entry.source.targetLabel})`, LOG_LANGUAGE_ID);
    this.status(`job/${run.jobName} on ${entry.source.targetLabel}, namespace ${run.namespace}`);
    for (const pod of run.pods) this.notePod(pod);
    this.subscription = entry.handle.onDidChange((change) => this.onChange(change));
    this.follower = followRunLogs(entry.handle, (line) => this.append(line), (error) => this.status(`logs: ${String(error)}`, 'failure'));
    this.noteEnd();
  }

  private onChange(change: RunChange): void {
    if (change.kind === 'pod') this.notePod(change.pod);
    else if (change.kind === 'status') this.noteEnd();
  }

  private notePod(pod: PodModel): void {
    const problem = this.problems.line(pod);
    if (problem) this.status(problem.text, problem.tone);
    if (this.podPhases.get(pod.name) === pod.phase) return;
    this.podPhases.set(pod.name, pod.phase);
    const { text, tone } = podStatusLine(this.entry.handle.snapshot(), pod);
    this.status(text, tone);
  }

  private noteEnd(): void {
    const end = endStatusLine(this.entry.handle.snapshot());
    if (!end || this.announcedEnd) return;
    this.announcedEnd = true;
    this.status(end.text, end.tone);
  }

  /** A line of the editor's own about the run (it was removed by its TTL …), after its end line. */
  note(text: string): void {
    this.noteEnd();
    this.status(text);
  }

  private status(text: string, tone: StatusTone = 'info'): void {
    this.push(formatStatusLine(text, tone));
  }

  private append(line: LogLine): void {
    this.push(formatLogLine(line, this.timestamps()));
  }

  /** Appends the previous (restarted) container's output on request. */
  async appendPrevious(pod: string, container: string): Promise<number> {
    this.status(`previous logs of ${pod}/${container}`);
    let count = 0;
    for await (const line of this.entry.handle.logs(pod, container, { previous: true })) {
      this.append(line);
      count++;
    }
    this.status(`end of previous logs of ${pod}/${container} (${count} lines)`);
    return count;
  }

  private push(text: string): void {
    this.batch.push(text);
    this.batchChars += text.length + 1;
    if (this.batchChars >= MAX_BATCH_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.batch.length === 0) return;
    this.channel.append(`${this.batch.join('\n')}\n`);
    this.batch = [];
    this.batchChars = 0;
  }

  /** Resolves once every line the run's containers wrote so far is in the channel (the run has ended). */
  async drained(): Promise<void> {
    await this.follower?.drained();
    this.flush();
  }

  show(): void {
    this.flush();
    this.channel.show(true);
  }

  dispose(): void {
    this.flush();
    this.subscription.dispose();
    this.follower?.dispose();
    this.channel.dispose();
  }
}
