// Bad input to the built `kube-jobs`: exit 2, one clear line, no stack trace, nothing touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeJobs, writeScriptJob, type CliResult } from '../support/docker/kube-jobs-cli';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-bad-input-'));

function assertOneLine(result: CliResult, pattern: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stderr.trimEnd().split('\n').length, 1, `one line: ${result.stderr}`);
  assert.match(result.stderr, pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}

test('a run id that leads out of the state folder is refused by runs delete, logs and attach; nothing outside is touched', () => {
  const state = join(dir, 'state');
  const victim = join(dir, 'victim');
  mkdirSync(state);
  mkdirSync(victim);
  const files = [join(victim, 'important.jsonl'), join(victim, 'important.owner')];
  for (const file of files) writeFileSync(file, 'precious');
  for (const verb of ['delete', 'logs', 'attach']) {
    const result = kubeJobs(['runs', verb, '../victim/important'], { KUBE_JOBS_STATE_DIR: state });
    assertOneLine(result, /^kube-jobs: "\.\.\/victim\/important" is not a run id: run ids are letters, digits/);
  }
  assert.equal(kubeJobs(['runs', 'delete', 'fine-id', '/etc/passwd'], { KUBE_JOBS_STATE_DIR: state }).code, 2, 'one bad id among good ones stops the whole command');
  for (const file of files) assert.ok(existsSync(file), `${file} is still there`);
});

test('a Docker host that is no address, or where no engine answers: one line and exit 2 for runs list, delete and run alike', () => {
  const job = writeScriptJob(dir, 'nowhere', 'true');
  for (const host of ['bogus://x', 'unix:///nonexistent/docker.sock']) {
    const env = { DOCKER_HOST: host, KUBE_JOBS_STATE_DIR: join(dir, 'state-engine') };
    for (const args of [['runs', 'list'], ['runs', 'delete', 'some-run'], ['run', job]]) {
      assertOneLine(kubeJobs(args, env), host.startsWith('bogus') ? /the Docker host "bogus:\/\/x" is not one of unix:\/\// : /no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock/);
    }
  }
});
