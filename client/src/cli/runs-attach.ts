// `kube-jobs runs attach <run>`: takes over a local run whose process is gone (a killed
// `kube-jobs run`, an editor that closed) and follows it to its end like `kube-jobs run`.
import { existsSync } from 'node:fs';
import { defaultJournalDir, journalPath } from '../runs/journal/run-journal';
import { runOwner, isControlled } from '../runs/journal/run-owner';
import { takeOverDockerRuns } from '../runs/docker/docker-resume';
import { followToEnd } from './run';
import { RunReporter, type ReporterStreams } from './run-reporter';
import { EXIT_FAILED, UsageError } from './exit-codes';

export interface AttachOptions {
  output: 'text' | 'json';
  timeoutSeconds?: number;
  journalDir?: string;
}

export async function attach(runId: string, options: AttachOptions, streams: ReporterStreams): Promise<number> {
  const dir = options.journalDir ?? defaultJournalDir();
  if (!existsSync(journalPath(dir, runId))) {
    throw new UsageError(`run "${runId}" has no journal here (not a local run of this machine, or already deleted): "kube-jobs runs list" shows the runs, "kube-jobs runs logs" reads any run's logs`);
  }
  if (isControlled(dir, runId)) throw new UsageError(`run "${runId}" is controlled by process ${runOwner(dir, runId) ?? ''}; it can be attached once that process has ended`);
  const result = await takeOverDockerRuns({ dockerHost: process.env.DOCKER_HOST, runIds: [runId], journalDir: dir });
  const failure = result.failures[0];
  if (failure) {
    streams.stderr.write(`kube-jobs: run "${runId}" could not be taken over: ${failure.message}\n`);
    return EXIT_FAILED;
  }
  const taken = result.runs[0];
  if (!taken) throw new UsageError(`run "${runId}" is not on the Docker engine (see "kube-jobs runs list")`);
  const reporter = new RunReporter(streams, options.output);
  reporter.message(`attached to run ${runId}`);
  return followToEnd(taken.handle, reporter, { target: 'docker', keep: true, timeoutSeconds: options.timeoutSeconds, mode: 'attach' });
}
