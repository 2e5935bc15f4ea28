// Finding the local runs a process that is gone left on the engine, and taking them over: an
// editor after a reload, or `kube-jobs runs attach`, goes on controlling them.
import { createDockerClient, pingEngine } from './docker-client';
import { findRuns } from './cleanup';
import { DockerPodRuntime } from './docker-pod-runtime';
import { defaultJournalDir, journalPath, journaledRunIds, readJournal, removeJournal } from '../journal/run-journal';
import { isControlled } from '../journal/run-owner';
import { resumeLocalRun } from '../local-run-resume';
import type { LocalRunHandle } from '../local-runner';
import { disposeWithRun, engineIdOf, type DockerTargetOptions } from './docker-target';

export interface TakenOverRun {
  handle: LocalRunHandle;
  /** What the starter recorded to present the run (StartRequest.origin). */
  origin: unknown;
}

export interface TakeOverResult {
  runs: TakenOverRun[];
  /** Runs that could not be taken over, and why. */
  failures: { runId: string; message: string }[];
}

/** Takes over every journaled run on the engine that no live process controls (or just `runIds`). */
export interface TakeOverOptions extends DockerTargetOptions {
  /** Only these runs; default every journaled run. */
  runIds?: readonly string[];
  /** Only runs whose origin (StartRequest.origin) this accepts: an editor takes over its own workspace's runs. */
  accept?: (origin: unknown) => boolean;
}

export async function takeOverDockerRuns(options: TakeOverOptions): Promise<TakeOverResult> {
  const docker = createDockerClient(options.dockerHost);
  await pingEngine(docker, options.dockerHost);
  const dir = options.journalDir ?? defaultJournalDir();
  const onEngine = new Set((await findRuns(docker)).map((run) => run.runId));
  const engineId = await engineIdOf(docker);
  const result: TakeOverResult = { runs: [], failures: [] };
  const wanted = options.runIds ?? journaledRunIds(dir);
  for (const runId of wanted) {
    if (!onEngine.has(runId)) {
      forgetIfGone(dir, runId, engineId);
      continue;
    }
    if (isControlled(dir, runId)) continue;
    let runtime: DockerPodRuntime | undefined;
    try {
      // Read once: whether to take it over, then what to take over.
      const journal = readJournal(journalPath(dir, runId));
      if (options.accept && !options.accept(journal.header.origin)) continue;
      // Consent to host access was given when the run started; it holds for the pods it makes now.
      const resumed = await resumeLocalRun({ dir, runId, journal, runtimeFor: (header) => (runtime = new DockerPodRuntime({ docker, allowHostAccess: header.allowHostAccess })) });
      if (!resumed || !runtime) continue;
      disposeWithRun(resumed.handle, runtime);
      result.runs.push({ handle: resumed.handle, origin: resumed.header.origin });
    } catch (error) {
      runtime?.dispose();
      result.failures.push({ runId, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** A journal of this engine whose run is no longer on it (removed with docker rm, say) is dropped. */
function forgetIfGone(dir: string, runId: string, engineId: string | undefined): void {
  try {
    if (engineId && readJournal(journalPath(dir, runId)).header.engineId === engineId && !isControlled(dir, runId)) removeJournal(dir, runId);
  } catch {
    // Not a journal we can read: left alone.
  }
}
