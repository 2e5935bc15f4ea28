// What a run's log channel says, in order: every container's lines, and the run's own status
// lines after the lines they sum up — a pod's "Succeeded"/"Failed" once its containers' output
// is all in, the Job's "Complete"/"Failed" once every container's is. Plain TypeScript (no
// `vscode`), so it is tested against the real engine; RunLogChannel writes it to a channel.
import { followRunLogs, type LogFollower } from '../runs/log-follower';
import { StatusOrder } from '../runs/status-order';
import type { LogLine, PodModel, RunChange, RunHandle } from '../runs/model';
import { endStatusLine, PodProblems, podStatusLine } from './run-log-notes';
import { formatLogLine, formatStatusLine, type StatusTone } from './log-format';

export class RunTranscript {
  private readonly follower: LogFollower;
  private readonly subscription: { dispose(): void };
  private readonly podPhases = new Map<string, string>();
  private readonly problems = new PodProblems();
  private readonly order: StatusOrder;
  private announcedEnd = false;
  private ended: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly handle: RunHandle,
    targetLabel: string,
    private readonly write: (text: string) => void,
    private readonly timestamps: () => boolean = () => false,
    warnings: readonly string[] = [],
  ) {
    const run = handle.snapshot();
    this.status(`job/${run.jobName} on ${targetLabel}, namespace ${run.namespace}`);
    for (const warning of warnings) this.status(warning, 'warning');
    // The follower subscribes first, so that it has opened a pod's streams before the pod's line is considered.
    this.follower = followRunLogs(handle, (line) => this.line(line), (error) => this.status(`logs: ${String(error)}`, 'failure'));
    this.order = new StatusOrder(this.follower);
    for (const pod of run.pods) this.notePod(pod);
    this.subscription = handle.onDidChange((change) => this.onChange(change));
    this.noteEnd();
  }

  status(text: string, tone: StatusTone = 'info'): void {
    if (!this.disposed) this.write(formatStatusLine(text, tone));
  }

  line(line: LogLine): void {
    if (!this.disposed) this.write(formatLogLine(line, this.timestamps()));
  }

  /** Resolves once every line the run's containers wrote so far is written, and the end line if the run ended. */
  async drained(): Promise<void> {
    await this.follower.drained();
    await this.order.settled();
    await this.ended;
  }

  private onChange(change: RunChange): void {
    if (change.kind === 'pod') this.notePod(change.pod);
    else if (change.kind === 'status') this.noteEnd();
  }

  private notePod(pod: PodModel): void {
    const problem = this.problems.line(pod, this.handle.snapshot().target);
    if (problem) this.status(problem.text, problem.tone);
    if (this.podPhases.get(pod.name) === pod.phase) return;
    this.podPhases.set(pod.name, pod.phase);
    const { text, tone } = podStatusLine(this.handle.snapshot(), pod);
    if (tone === 'info') {
      this.status(text, tone);
      return;
    }
    void this.order.afterPods([pod.name], () => this.status(text, tone));
  }

  private noteEnd(): void {
    const end = endStatusLine(this.handle.snapshot());
    if (!end || this.announcedEnd) return;
    this.announcedEnd = true;
    // After every container's output and every pod's final line.
    this.ended = this.order.afterAll(() => this.status(end.text, end.tone));
  }

  /** A line of the editor's own about the run (it was removed by its TTL …), after its end line. */
  note(text: string): void {
    this.noteEnd();
    void (this.ended ?? Promise.resolve()).then(() => this.status(text));
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.follower.dispose();
  }
}
