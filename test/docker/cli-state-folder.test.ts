// The folder where `kube-jobs run` keeps run journals (they hold the Job's Secrets) is the
// user's alone: an existing one that others can read is made private, or, when it is not the
// user's to change, the run says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeJobs } from '../support/docker/kube-jobs-cli';
import { folderWithMode, modeOf } from '../support/file-modes';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-cli-state-'));

/** A Job that prints one line, as a manifest file (JSON is YAML). */
function manifest(name: string): string {
  const file = join(dir, `${name}.yaml`);
  const container = { name: 'main', image: 'busybox:latest', imagePullPolicy: 'Never', command: ['echo', 'done'] };
  writeFileSync(file, JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } } }));
  return file;
}

const stateFolder = (name: string, mode: number): string => folderWithMode(join(dir, name), mode);

test('a journal folder open to everyone (0777) is made 0700 by the run, and the kept run\'s files are 0600', () => {
  const state = stateFolder('open', 0o777);
  const run = kubeJobs(['run', manifest('private-state'), '--keep'], { KUBE_JOBS_STATE_DIR: state });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /warning/, 'a folder of the user is fixed without a word');
  assert.equal(modeOf(state), '700');
  const files = readdirSync(state);
  assert.ok(files.some((name) => name.endsWith('.jsonl')), `no journal in ${files.join(', ')}`);
  for (const name of files) assert.equal(modeOf(join(state, name)), '600', name);
  const runId = /kept: run (\S+)/.exec(run.stderr)?.[1];
  assert.ok(runId, run.stderr);
  assert.equal(kubeJobs(['runs', 'delete', runId], { KUBE_JOBS_STATE_DIR: state }).code, 0);
});

test("another user's journal folder open to everyone is left as it is, and the run warns once", { skip: process.getuid?.() !== 0 && 'giving a folder to another user needs root' }, () => {
  const state = stateFolder('foreign', 0o777);
  chownSync(state, 65534, 65534);
  const run = kubeJobs(['run', manifest('foreign-state')], { KUBE_JOBS_STATE_DIR: state });
  assert.equal(run.code, 0, run.stderr);
  const warnings = run.stderr.split('\n').filter((line) => line.startsWith('warning:'));
  assert.equal(warnings.length, 1, run.stderr);
  assert.ok(warnings[0].includes(`the run journals' folder ${state} is open to other users (mode 0777) and belongs to user 65534`), warnings[0]);
  assert.match(warnings[0], /KUBE_JOBS_STATE_DIR/);
  assert.equal(modeOf(state), '777');
});
