// Finding and removing what runs left on the engine, by label: everything of one run (deleting
// it, tests' after hooks), and the runs of processes that died without cleaning up.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { Label, labelFilter } from './labels';
import { tolerating } from './docker-client';
import { defaultJournalDir, journalPath } from '../journal/run-journal';

export interface RunResources {
  runId: string;
  jobName?: string;
  namespace?: string;
  /** host/pid of the process that created the run. */
  owner?: string;
  containerIds: string[];
  volumeNames: string[];
  /** Containers still running. */
  running: number;
}

/** Every labelled run on the engine (or just `runId`), with its containers and volumes. */
export async function findRuns(docker: Docker, runId?: string): Promise<RunResources[]> {
  const label = [labelFilter(Label.run, runId)];
  const [containers, volumes] = await Promise.all([docker.listContainers({ all: true, filters: { label } }), docker.listVolumes({ filters: { label } })]);
  const runs = new Map<string, RunResources>();
  const runOf = (labels: Record<string, string> | null | undefined): RunResources => {
    const id = labels?.[Label.run] ?? '';
    let run = runs.get(id);
    if (!run) {
      run = { runId: id, jobName: labels?.[Label.job], namespace: labels?.[Label.namespace], owner: labels?.[Label.owner], containerIds: [], volumeNames: [], running: 0 };
      runs.set(id, run);
    }
    return run;
  };
  for (const container of containers) {
    const run = runOf(container.Labels);
    run.containerIds.push(container.Id);
    if (container.State === 'running') run.running += 1;
  }
  for (const volume of volumes.Volumes ?? []) runOf(volume.Labels).volumeNames.push(volume.Name);
  return [...runs.values()];
}

/** Removes every container and volume labelled with the run id. Returns how many of each. */
export async function removeRun(docker: Docker, runId: string): Promise<{ containers: number; volumes: number }> {
  const [run] = await findRuns(docker, runId);
  if (!run) return { containers: 0, volumes: 0 };
  await Promise.all(run.containerIds.map((id) => tolerating(docker.getContainer(id).remove({ force: true }), [404, 409])));
  await Promise.all(run.volumeNames.map((name) => tolerating(docker.getVolume(name).remove({ force: true }), [404])));
  return { containers: run.containerIds.length, volumes: run.volumeNames.length };
}

/** True when the run's creating process is known to be gone (same host, no such process). */
export function ownerIsGone(owner: string | undefined): boolean {
  const [host, pid] = (owner ?? '').split('/');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A run with a journal is detached, not orphaned: another process can take it over. */
export function hasJournal(run: RunResources): boolean {
  return existsSync(journalPath(defaultJournalDir(), run.runId));
}

/**
 * Removes the runs whose creating process died on this host. Runs meant to outlive their
 * process are named by `isKept` (by default: those with a journal, which can be taken over).
 */
export async function removeOrphans(docker: Docker, isKept: (run: RunResources) => boolean = hasJournal): Promise<string[]> {
  const orphans = (await findRuns(docker)).filter((run) => ownerIsGone(run.owner) && !isKept(run));
  for (const run of orphans) await removeRun(docker, run.runId);
  return orphans.map((run) => run.runId);
}
