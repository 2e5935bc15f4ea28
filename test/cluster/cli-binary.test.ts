// The built `kube-jobs` binary on a cluster, found the way kubectl finds it (KUBECONFIG):
// the wiring from the command line to the cluster target, over real HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startClusterFixture, jobManifest, TEST_CONTEXT, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { JobScript } from '../support/api-server/job-script';

const cli = join(import.meta.dirname, '../../dist/cli.js');
let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

function kubeJobs(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Asynchronous: the test API server answers from this process while the CLI runs.
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

function manifestFile(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kube-jobs-cli-cluster-')), `${name}.yaml`);
  writeFileSync(file, stringify(jobManifest(name)));
  return file;
}

test('run --target cluster uses KUBECONFIG, follows the Job to the end and exits 0', async () => {
  void script.play('binary-ok', [{ containers: { main: { lines: ['from the cluster'] } } }]);
  const file = manifestFile('binary-ok');
  const result = await kubeJobs(['run', file, '--target', 'cluster', '--context', TEST_CONTEXT], { KUBECONFIG: fixture.kubeconfig });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\[binary-ok-[a-z0-9]{5}\/main\] from the cluster$/m);
  assert.match(result.stdout, /job\/binary-ok Complete/);

  // Running it again: the Job exists, and the default is to stop and say what to do.
  const again = await kubeJobs(['run', file, '--target', 'cluster'], { KUBECONFIG: fixture.kubeconfig });
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /job\/binary-ok already exists; run again with --on-conflict replace .* or --on-conflict copy/);
});

test('an unknown context is a usage error naming it, not a stack trace', async () => {
  const result = await kubeJobs(['run', manifestFile('binary-ctx'), '--target', 'cluster', '--context', 'nowhere'], { KUBECONFIG: fixture.kubeconfig });
  assert.notEqual(result.code, 0);
  assert.match(result.stderr, /nowhere/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
});
