// The built `kube-jobs` binary against the real engine: run, keep, list, logs, delete, and
// Ctrl+C — what a user types in a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import Docker from 'dockerode';
import { kubeJobs as runCli, labelledCount, RunningCli, writeScriptJob, type CliResult } from '../support/docker/kube-jobs-cli';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-cli-'));
const docker = new Docker();

/** Writes a manifest into the test's folder; returns its path. */
function writeManifest(name: string, text: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

function manifest(name: string, script: string, gracePeriodSeconds = 1): string {
  return writeScriptJob(dir, name, script, { gracePeriodSeconds });
}

const kubeJobs = (...args: string[]): CliResult => runCli(args);
const labelled = (runId: string): Promise<number> => labelledCount(docker, runId);

test('run --keep leaves the run; runs list, logs and delete find it by its labels', async () => {
  const run = kubeJobs('run', manifest('kept', 'echo first line; echo to stderr >&2'), '--keep', '--output', 'json');
  assert.equal(run.code, 0, run.stderr);
  const runId = /kept: run (\S+)/.exec(run.stderr)?.[1];
  assert.ok(runId, run.stderr);

  const list = kubeJobs('runs', 'list', '--output', 'json');
  assert.equal(list.code, 0, list.stderr);
  const listed = (JSON.parse(list.stdout) as { run: string; job: string; state: string }[]).find((r) => r.run === runId);
  assert.deepEqual(listed && { job: listed.job, state: listed.state }, { job: 'kept', state: 'finished' });

  const logs = kubeJobs('runs', 'logs', runId);
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, /^\[kept-[a-z0-9]{5}\/main\] first line$/m);
  assert.match(logs.stdout, /^\[kept-[a-z0-9]{5}\/main stderr\] to stderr$/m);

  const deleted = kubeJobs('runs', 'delete', runId);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(await labelled(runId), 0, 'nothing of the run is left on the engine');
  assert.equal(kubeJobs('runs', 'logs', runId).code, 1, 'a deleted run has no logs');
});

test('run and runs logs print a run\'s lines in one format, stderr marked in both', () => {
  const run = kubeJobs('run', manifest('one-format', 'echo to stdout; echo to stderr >&2'), '--keep');
  assert.equal(run.code, 0, run.stderr);
  const runId = /kept: run (\S+)/.exec(run.stderr)?.[1] ?? '';
  const printed = run.stdout.split('\n').filter((line) => line.startsWith('['));
  assert.deepEqual(
    printed.map((line) => line.replace(/one-format-[a-z0-9]{5}/, 'POD')).sort(),
    ['[POD/main stderr] to stderr', '[POD/main] to stdout'],
  );
  const logs = kubeJobs('runs', 'logs', runId);
  assert.equal(logs.code, 0, logs.stderr);
  assert.deepEqual(logs.stdout.trim().split('\n').sort(), printed.sort());
  assert.equal(kubeJobs('runs', 'delete', runId).code, 0);
});

test('a kept run of a pod with a sidecar leaves nothing running once the CLI has exited', async () => {
  const file = writeManifest(
    'kept-sidecar',
    `apiVersion: batch/v1
kind: Job
metadata:
  name: kept-sidecar
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      terminationGracePeriodSeconds: 1
      initContainers:
        - name: helper
          image: busybox:latest
          imagePullPolicy: Never
          restartPolicy: Always
          command: ["sleep", "300"]
      containers:
        - name: main
          image: busybox:latest
          imagePullPolicy: Never
          command: ["sh", "-c", "echo done"]
`,
  );
  const run = kubeJobs('run', file, '--keep');
  assert.equal(run.code, 0, run.stderr);
  const runId = /kept: run (\S+)/.exec(run.stderr)?.[1];
  assert.ok(runId, run.stderr);
  try {
    // The pod's sandbox idles out after a delay in a long-lived process; a CLI that exits stops it first.
    const running = await docker.listContainers({ filters: { label: [`dev.kube-jobs/run=${runId}`], status: ['running'] } });
    assert.deepEqual(running.map((c) => c.Names), []);
  } finally {
    assert.equal(kubeJobs('runs', 'delete', runId).code, 0);
  }
});

test('a kept run whose TTL ended while no process controlled it is removed by runs list, as a cluster would have', async () => {
  const file = writeManifest(
    'short-lived',
    `apiVersion: batch/v1
kind: Job
metadata:
  name: short-lived
spec:
  backoffLimit: 0
  ttlSecondsAfterFinished: 3
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:latest
          imagePullPolicy: Never
          command: ["echo", "done"]
`,
  );
  const run = kubeJobs('run', file, '--keep', '--output', 'json');
  assert.equal(run.code, 0, run.stderr);
  const runId = /kept: run (\S+)/.exec(run.stderr)?.[1];
  assert.ok(runId, run.stderr);
  const completedAt = Date.parse((JSON.parse(run.stdout) as { completionTime: string }).completionTime);
  const listed = kubeJobs('runs', 'list', '--output', 'json');
  if (Date.now() < completedAt + 3000) {
    assert.ok((JSON.parse(listed.stdout) as { run: string }[]).some((r) => r.run === runId), 'listed while its TTL runs');
    // The TTL is the behaviour under test: let its three seconds pass.
    await setTimeout(completedAt + 3000 - Date.now() + 100);
  }
  const after = kubeJobs('runs', 'list', '--output', 'json');
  assert.equal(after.code, 0, after.stderr);
  // On a busy machine the TTL may have ended before the first list already, which removed it then.
  assert.match(listed.stderr + after.stderr, new RegExp(`removed run ${runId}: its ttlSecondsAfterFinished ended`));
  assert.ok(!(JSON.parse(after.stdout) as { run: string }[]).some((r) => r.run === runId));
  assert.equal(await labelled(runId), 0, 'nothing of it is left on the engine');
});

test('without --keep the run is removed after the summary, and a failure exits 1', async () => {
  const run = kubeJobs('run', manifest('fails', 'echo giving up; exit 4'));
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /job\/fails Failed \(BackoffLimitExceeded\)/);
  assert.match(run.stdout, /why: fails-[a-z0-9]{5}\/main exited 4 \(Error\)/);
  const runId = /run (\S+)/.exec(run.stderr)?.[1];
  const left = await docker.listContainers({ all: true, filters: { label: ['dev.kube-jobs/job=fails'] } });
  assert.deepEqual(left.map((c) => c.Names), [], `run ${runId ?? ''} left containers`);
});

test('Ctrl+C while a Job runs removes the run and exits 130', async () => {
  const cli = new RunningCli(['run', manifest('interrupted', 'echo started; sleep 300')]);
  // Interrupt once the container has really started: its first line is in the logs.
  await cli.until('stdout', /\] started/);
  cli.child.kill('SIGINT');
  assert.equal(await cli.exited, 130, cli.stderr);
  assert.match(cli.stderr, /interrupted: removing the run/);
  const left = await docker.listContainers({ all: true, filters: { label: ['dev.kube-jobs/job=interrupted'] } });
  assert.deepEqual(left.map((c) => c.Names), []);
});

test('a second Ctrl+C quits at once and says how to remove what was left', async () => {
  const cli = new RunningCli(['run', manifest('impatient', 'echo started; sleep 300', 30)]);
  await cli.until('stdout', /\] started/);
  const interrupting = cli.until('stderr', /Ctrl\+C again/);
  cli.child.kill('SIGINT');
  await interrupting;
  const started = Date.now();
  cli.child.kill('SIGINT');
  assert.equal(await cli.exited, 130, cli.stderr);
  assert.ok(Date.now() - started < 10_000, 'the second Ctrl+C did not wait for the 30 s grace period');
  const runId = /left run (\S+) behind; "kube-jobs runs delete \1" removes it/.exec(cli.stderr)?.[1];
  assert.ok(runId, cli.stderr);
  assert.equal(kubeJobs('runs', 'delete', runId).code, 0);
  assert.equal(await labelled(runId), 0);
});

test('usage errors exit 2 with the reason', () => {
  const unknown = kubeJobs('runs', 'rename');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown runs verb "rename"/);
  const both = kubeJobs('runs', 'delete');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /runs delete takes run ids, or --all/);
});
