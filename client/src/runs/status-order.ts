// The one order of a run's status lines, for the editor's log channel and the CLI alike: a line
// comes after the output it sums up. A line that tells pods ended waits until their containers'
// output is all in; the Job's end waits for every container's output and every such line.
import type { LogFollower } from './log-follower';

/** A stream that never ends (an engine that hangs up badly) does not hold a status line back for longer. */
const DRAIN_LIMIT_MS = 10_000;

export class StatusOrder {
  /** Lines still waiting for their pods' output. */
  private readonly waiting = new Set<Promise<void>>();

  constructor(private readonly follower: LogFollower) {}

  /** Writes once the output of these pods is in (at once for none). */
  afterPods(pods: readonly string[], write: () => void): Promise<void> {
    const after = bounded(Promise.all(pods.map((pod) => this.follower.podDrained(pod)))).then(write);
    this.waiting.add(after);
    void after.finally(() => this.waiting.delete(after));
    return after;
  }

  /** Writes once every container's output, and every line waiting for its pods, is in. */
  afterAll(write: () => void): Promise<void> {
    return bounded(this.follower.drained().then(() => Promise.all([...this.waiting]))).then(write);
  }

  /** Resolves once no line waits for its pods' output. */
  async settled(): Promise<void> {
    await Promise.all([...this.waiting]);
  }
}

function bounded(wait: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_LIMIT_MS)));
  return Promise.race([wait.then(() => undefined, () => undefined), limit]).finally(() => clearTimeout(timer));
}
