// Follows a run's logs, every pod and container, until the run has finished.
import { followRunLogs } from '../../client/src/runs/log-follower';
import type { LogLine } from '../../client/src/runs/model';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';

/** Every line the run's containers wrote, once the run has finished and its logs are drained. */
export async function followToEnd(run: ClusterRun): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const follower = followRunLogs(run, (line) => lines.push(line));
  await run.finished();
  await follower.drained();
  follower.dispose();
  return lines;
}
