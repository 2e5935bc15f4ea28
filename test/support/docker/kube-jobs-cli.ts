// The built `kube-jobs` binary as a user runs it, and what a run left on the engine: shared by
// the docker tier's CLI tests.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type Docker from 'dockerode';

export const cliPath = join(import.meta.dirname, '../../../dist/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kube-jobs <args>` to its end (at most a minute), with extra environment. */
export function kubeJobs(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** How many containers and volumes labelled with the run are on the engine. */
export async function labelledCount(docker: Docker, runId: string): Promise<number> {
  const label = [`dev.kube-jobs/run=${runId}`];
  const [containers, volumes] = await Promise.all([docker.listContainers({ all: true, filters: { label } }), docker.listVolumes({ filters: { label } })]);
  return containers.length + (volumes.Volumes ?? []).length;
}
