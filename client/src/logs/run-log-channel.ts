// One output channel per run: its transcript (every container's lines prefixed [pod/container],
// the run's own status lines after the output they sum up, pods that appear later joined
// automatically). Lines are appended in batches so that a burst of 100,000 lines reaches the
// channel whole without stalling the editor.
import * as vscode from 'vscode';
import type { RunEntry } from '../editor/run-registry';
import { LOG_LANGUAGE_ID } from './log-format';
import { RunTranscript } from './run-transcript';
import { keepChannelFilePrivate } from './private-channel-file';

const FLUSH_DELAY_MS = 50;
/** A batch never grows past this many characters before it is written. */
const MAX_BATCH_CHARS = 1 << 20;

export class RunLogChannel implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private batch: string[] = [];
  private batchChars = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly transcript: RunTranscript;
  /** Lines wait until the channel's file is the user's alone (see private-channel-file.ts). */
  private readonly filePrivate: Promise<unknown>;
  private held: boolean;
  private disposed = false;

  constructor(
    private readonly entry: RunEntry,
    timestamps: () => boolean,
    /** The extension host's logs folder, where VS Code keeps the channel's file; none: nothing to wait for. */
    logsDir?: string,
  ) {
    const run = entry.handle.snapshot();
    const name = `Kube Jobs: job/${run.jobName} (${entry.source.targetLabel})`;
    this.channel = vscode.window.createOutputChannel(name, LOG_LANGUAGE_ID);
    this.held = logsDir !== undefined;
    this.filePrivate = (logsDir ? keepChannelFilePrivate(logsDir, name) : Promise.resolve()).finally(() => {
      this.held = false;
      if (!this.disposed) this.flush();
    });
    this.transcript = new RunTranscript(entry.handle, entry.source.targetLabel, (text) => this.push(text), timestamps, entry.source.warnings);
  }

  /** A line of the editor's own about the run (it was removed by its TTL …), after its end line. */
  note(text: string): void {
    this.transcript.note(text);
  }

  /** Appends the previous (restarted) container's output on request. */
  async appendPrevious(pod: string, container: string): Promise<number> {
    this.transcript.status(`previous logs of ${pod}/${container}`);
    let count = 0;
    for await (const line of this.entry.handle.logs(pod, container, { previous: true })) {
      this.transcript.line(line);
      count++;
    }
    this.transcript.status(`end of previous logs of ${pod}/${container} (${count} lines)`);
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
    if (this.batch.length === 0 || this.held) return;
    this.channel.append(`${this.batch.join('\n')}\n`);
    this.batch = [];
    this.batchChars = 0;
  }

  /** Resolves once every line the run's containers wrote so far is in the channel (the run has ended). */
  async drained(): Promise<void> {
    await this.transcript.drained();
    await this.filePrivate;
    this.flush();
  }

  show(): void {
    this.flush();
    this.channel.show(true);
  }

  dispose(): void {
    this.held = false;
    this.flush();
    this.disposed = true;
    this.transcript.dispose();
    this.channel.dispose();
  }
}
