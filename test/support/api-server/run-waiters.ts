// Awaiting what a followed run does, without sleeping: resolve on the change or log line that
// makes a condition true.
import { followRunLogs, type LogFollower } from '../../../client/src/runs/log-follower';
import type { LogLine, Run, RunHandle } from '../../../client/src/runs/model';

/** Resolves with the snapshot once `predicate` holds. */
export function untilRun(run: RunHandle, predicate: (run: Run) => boolean): Promise<Run> {
  return new Promise((resolve) => {
    const check = () => {
      const snapshot = run.snapshot();
      if (!predicate(snapshot)) return false;
      subscription.dispose();
      resolve(snapshot);
      return true;
    };
    const subscription = run.onDidChange(() => void check());
    check();
  });
}

/** Every log line of a run, as the CLI and the editor follow them, with a way to await lines. */
export class RunLogs {
  readonly lines: LogLine[] = [];
  readonly errors: unknown[] = [];
  private readonly follower: LogFollower;
  private readonly waiters: { predicate: (lines: LogLine[]) => boolean; resolve: () => void }[] = [];

  constructor(run: RunHandle) {
    this.follower = followRunLogs(
      run,
      (line) => {
        this.lines.push(line);
        for (const waiter of [...this.waiters]) {
          if (!waiter.predicate(this.lines)) continue;
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
      (error) => this.errors.push(error),
    );
  }

  until(predicate: (lines: LogLine[]) => boolean): Promise<void> {
    if (predicate(this.lines)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  texts(): string[] {
    return this.lines.map((l) => l.text);
  }

  async drained(): Promise<void> {
    await this.follower.drained();
  }

  dispose(): void {
    this.follower.dispose();
  }
}
