// Every `kube-jobs run` ends with a verdict, on the real engine: a Job its TTL removes the moment
// it finishes, a run deleted from another process while it is followed, and `runs attach` to a
// run whose removal a double Ctrl+C left halfway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { kubeJobs, labelledCount, RunningCli, writeScriptJob } from '../support/docker/kube-jobs-cli';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-verdict-'));
const docker = new Docker();

function manifest(name: string, spec: string, script: string, gracePeriodSeconds = 1): string {
  return writeScriptJob(dir, name, script, { spec: spec || undefined, gracePeriodSeconds });
}

/** A state folder of the test's own, so that the run's id is the one journal in it. */
function stateDir(): NodeJS.ProcessEnv {
  return { KUBE_JOBS_STATE_DIR: mkdtempSync(join(dir, 'state-')) };
}

function runIdIn(env: NodeJS.ProcessEnv): string {
  const journal = readdirSync(env.KUBE_JOBS_STATE_DIR ?? '').find((name) => name.endsWith('.jsonl'));
  assert.ok(journal, 'the run keeps a journal');
  return journal.slice(0, -'.jsonl'.length);
}

test('ttlSecondsAfterFinished: 0 — the failure is still reported: summary, exit 1, at once', () => {
  const file = manifest('ttl-zero', '  backoffLimit: 0\n  ttlSecondsAfterFinished: 0\n', 'echo doing; exit 3');
  const started = Date.now();
  const run = kubeJobs(['run', file, '--timeout', '45']);
  assert.ok(Date.now() - started < 30_000, `the CLI waited ${Date.now() - started} ms for a run already over`);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^job\/ttl-zero Failed \(BackoffLimitExceeded\)/m);
  assert.match(run.stdout, /then removed by its ttlSecondsAfterFinished/);
  assert.match(run.stdout, /why: ttl-zero-[a-z0-9]{5}\/main exited 3 \(Error\)/);
});

test('ttlSecondsAfterFinished: 0 — --output json prints the final status; --keep says nothing was kept', async () => {
  const env = stateDir();
  const run = kubeJobs(['run', manifest('ttl-zero-json', '  backoffLimit: 0\n  ttlSecondsAfterFinished: 0\n', 'exit 3'), '--output', 'json', '--keep'], env);
  assert.equal(run.code, 1, run.stderr);
  const summary = JSON.parse(run.stdout) as { conditions: { type: string; reason: string }[]; failed: number; removed: string };
  assert.ok(summary.conditions.some((c) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded'), run.stdout);
  assert.equal(summary.failed, 1);
  assert.equal(summary.removed, 'ttl');
  assert.match(run.stderr, /^not kept: run \S+ was removed by its ttlSecondsAfterFinished$/m);
  assert.doesNotMatch(run.stderr, /^kept:/m);
  assert.equal(readdirSync(env.KUBE_JOBS_STATE_DIR ?? '').length, 0, 'no journal is left');
});

test('a run deleted by `kube-jobs runs delete` from another process ends the follow: no verdict, exit 4', async () => {
  const env = stateDir();
  const cli = new RunningCli(['run', manifest('deleted-elsewhere', '  backoffLimit: 3\n', 'echo started; sleep 300')], env);
  await cli.until('stdout', /\] started/);
  const runId = runIdIn(env);
  const deleted = kubeJobs(['runs', 'delete', runId], env);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(await cli.exited, 4, cli.stderr);
  assert.match(cli.stderr, new RegExp(`^kube-jobs: run ${runId} was deleted by another process before it finished; no verdict$`, 'm'));
  assert.match(cli.stdout, /^job\/deleted-elsewhere deleted by another process before it finished/m);
  // The follower did not take the killed containers for failures and start new pods.
  assert.equal(await labelledCount(docker, runId), 0, 'nothing of the run is left on the engine');
});

test('runs attach to a run a double Ctrl+C left half-removed finishes the removal and ends: no verdict, exit 4', async () => {
  const env = stateDir();
  const cli = new RunningCli(['run', manifest('half-removed', '', 'echo started; sleep 300', 30)], env);
  await cli.until('stdout', /\] started/);
  const interrupting = cli.until('stderr', /Ctrl\+C again/);
  cli.child.kill('SIGINT');
  await interrupting;
  cli.child.kill('SIGINT');
  assert.equal(await cli.exited, 130, cli.stderr);
  const runId = runIdIn(env);

  const attach = new RunningCli(['runs', 'attach', runId, '--timeout', '120'], env);
  const code = await attach.exited;
  assert.equal(code, 4, attach.stderr);
  assert.match(attach.stderr, new RegExp(`^kube-jobs: run ${runId} was deleted by another process before it finished; no verdict$`, 'm'));
  assert.match(attach.stdout, /^ {2}pod\/half-removed-[a-z0-9]{5} Running, deleted — main: was running$/m, 'the pod is not shown as still running');
  assert.equal(await labelledCount(docker, runId), 0, 'the removal was carried to its end');
});
