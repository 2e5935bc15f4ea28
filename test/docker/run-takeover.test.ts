// A local run outlives the process that started it: `kube-jobs run` is killed while a pod runs,
// and another process (the editor after a reload, `kube-jobs runs attach`) takes the run over
// from its journal and labels, and finishes it with the same pods, counts and logs.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { kubeJobs as runCli, labelledCount, RunningCli, type CliResult } from '../support/docker/kube-jobs-cli';
import { takeOverDockerRuns } from '../../client/src/runs/docker/docker-resume';
import { journaledRunIds, journalPath } from '../../client/src/runs/journal/run-journal';
import type { Run } from '../../client/src/runs/model';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-takeover-'));
const docker = new Docker();
after(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  completions: 3
  parallelism: 1
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      containers:
        - name: main
          image: busybox:latest
          imagePullPolicy: Never
          command: ["sh", "-c", "echo start; sleep 2; echo done"]
`,
  );
  return file;
}

/** Starts `kube-jobs run` on its own journal folder and kills it (SIGKILL: no cleanup at all) while the first pod runs. */
async function runThenKill(name: string, journalDir: string): Promise<string> {
  const cli = new RunningCli(['run', manifest(name)], { KUBE_JOBS_STATE_DIR: journalDir });
  await cli.until('stdout', /\] start/);
  cli.child.kill('SIGKILL');
  await cli.exited;
  const [runId] = journaledRunIds(journalDir);
  assert.ok(runId, 'the run has a journal');
  return runId;
}

const kubeJobs = (journalDir: string, ...args: string[]): CliResult => runCli(args, { KUBE_JOBS_STATE_DIR: journalDir });
const labelled = (runId: string): Promise<number> => labelledCount(docker, runId);

test('another process takes over a run whose runner was killed, and finishes it with the same pods and logs', async () => {
  const journalDir = join(dir, 'api');
  const runId = await runThenKill('taken-over', journalDir);
  const { runs, failures } = await takeOverDockerRuns({ journalDir });
  assert.deepEqual(failures, []);
  assert.deepEqual(runs.map((r) => r.handle.id), [runId]);
  const handle = runs[0].handle;
  try {
    const final = await handle.finished();
    assert.equal(final.status.conditions.find((c) => c.type === 'Complete')?.status, 'True', JSON.stringify(final.status));
    assert.equal(final.status.succeeded, 3);
    assert.equal(final.pods.length, 3, 'no pod was made twice');
    const first = final.pods[0];
    const lines: string[] = [];
    for await (const line of handle.logs(first.name, 'main')) lines.push(line.text);
    assert.deepEqual(lines, ['start', 'done'], 'the pod started by the killed runner ran to its end, logs and all');
    const state = first.containers[0].state;
    assert.equal('terminated' in state ? state.terminated.exitCode : undefined, 0);
  } finally {
    await handle.delete();
  }
  assert.equal(await labelled(runId), 0, 'nothing of the run is left on the engine');
  assert.equal(existsSync(journalPath(journalDir, runId)), false, 'the journal went with the run');
});

test('kube-jobs runs list shows a detached run, and runs attach finishes it', async () => {
  const journalDir = join(dir, 'cli');
  const runId = await runThenKill('attached', journalDir);
  try {
    const listed = kubeJobs(journalDir, 'runs', 'list', '--output', 'json');
    assert.equal(listed.code, 0, listed.stderr);
    const entry = (JSON.parse(listed.stdout) as { run: string; state: string; status: string }[]).find((r) => r.run === runId);
    assert.equal(entry?.state, 'detached');
    assert.match(entry?.status ?? '', /1 active/);

    const attached = kubeJobs(journalDir, 'runs', 'attach', runId, '--output', 'json');
    assert.equal(attached.code, 0, attached.stderr);
    const final = JSON.parse(attached.stdout) as Pick<Run, 'status'> & { succeeded: number; pods: unknown[] };
    assert.equal(final.succeeded, 3);
    assert.equal(final.pods.length, 3);

    const after = kubeJobs(journalDir, 'runs', 'list', '--output', 'json');
    const done = (JSON.parse(after.stdout) as { run: string; state: string; status: string }[]).find((r) => r.run === runId);
    assert.deepEqual(done && { state: done.state, status: done.status }, { state: 'finished', status: 'Complete: 3 succeeded, 0 failed' });
    const running = await docker.listContainers({ filters: { label: [`dev.kube-jobs/run=${runId}`], status: ['running'] } });
    assert.deepEqual(running.map((c) => c.Names), [], 'a finished run left by attach keeps nothing running');
  } finally {
    assert.equal(kubeJobs(journalDir, 'runs', 'delete', runId).code, 0);
  }
  assert.equal(await labelled(runId), 0);
  assert.equal(existsSync(journalPath(journalDir, runId)), false);
});
