// The built `kube-jobs` binary as a user runs it, and what a run left on the engine: shared by
// the docker tier's CLI tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

/** `kube-jobs <args>` running in the background, with what it printed so far. */
export class RunningCli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** Its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', resolve));
  }

  /** Resolves once `pattern` shows in that output; rejects if the process exits first. */
  until(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<void> {
    return new Promise((resolve, reject) => {
      const source = this.child[stream];
      const check = (): void => {
        if (!pattern.test(this[stream])) return;
        source?.off('data', check);
        this.child.off('exit', early);
        resolve();
      };
      const early = (): void => reject(new Error(`kube-jobs exited before ${pattern} showed in its ${stream}: ${this.stderr}`));
      // Listeners added after the one collecting the output: the text is up to date when checked.
      source?.on('data', check);
      this.child.once('exit', early);
      check();
    });
  }
}

export interface ScriptJobOptions {
  /** The Job's spec fields (default `backoffLimit: 0`), indented by two spaces. */
  spec?: string;
  gracePeriodSeconds?: number;
  /** Default busybox:latest. */
  image?: string;
  /** Default Never (nothing is pulled); null leaves it to Kubernetes' default. */
  pullPolicy?: string | null;
}

/** Writes a Job of one container running `script` with sh into `dir`; returns its path. */
export function writeScriptJob(dir: string, name: string, script: string, options: ScriptJobOptions = {}): string {
  const pullPolicy = options.pullPolicy === undefined ? 'Never' : options.pullPolicy;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${options.spec ?? '  backoffLimit: 0\n'}  template:
    spec:
      restartPolicy: Never
      # sh as PID 1 ignores SIGTERM: a short grace keeps Ctrl+C quick (the default is 30 s).
      terminationGracePeriodSeconds: ${options.gracePeriodSeconds ?? 1}
      containers:
        - name: main
          image: ${options.image ?? 'busybox:latest'}
${pullPolicy === null ? '' : `          imagePullPolicy: ${pullPolicy}\n`}          command: ["sh", "-c", ${JSON.stringify(script)}]
`,
  );
  return file;
}
