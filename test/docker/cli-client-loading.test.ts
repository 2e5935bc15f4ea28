// The Kubernetes client is the larger part of the `kube-jobs` binary's code: `lint` and a local
// run never load it; it is loaded on the first use of a cluster. Each command runs with a
// --require hook that writes the modules the process loaded when it exits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { cliPath, writeScriptJob } from '../support/docker/kube-jobs-cli';

// esbuild marks each bundled module with a comment naming its source file.
const CLIENT_MARK = '// node_modules/@kubernetes/client-node/';
const clientBundle = join(cliPath, '..', 'kubernetes-client.js');

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-client-loading-'));
const hook = join(dir, 'record-loaded.cjs');
writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(join(dir, 'loaded.json'))}, JSON.stringify(Object.keys(require.cache))));\n`);

/** Runs `kube-jobs <args>`; gives its exit code, stderr and the binary's bundles it loaded that hold the client's code. */
function kubeJobsLoading(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stderr: string; withClient: string[] } {
  const result = spawnSync(process.execPath, ['--require', hook, cliPath, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  const loaded = JSON.parse(readFileSync(join(dir, 'loaded.json'), 'utf8')) as string[];
  assert.ok(loaded.includes(cliPath), `the binary is not among the loaded modules (${loaded.join(', ')}): this check would prove nothing`);
  const bundles = loaded.filter((file) => file.includes(`${sep}dist${sep}`));
  return { code: result.status, stderr: result.stderr, withClient: bundles.filter((file) => readFileSync(file, 'utf8').includes(CLIENT_MARK)) };
}

test('lint and a local run do not load the Kubernetes client', () => {
  // A build without esbuild's comments would find no client anywhere: the client's own bundle must show the mark.
  assert.ok(readFileSync(clientBundle, 'utf8').includes(CLIENT_MARK), 'the client bundle carries no mark: this check would prove nothing');
  const manifest = writeScriptJob(dir, 'no-client', 'echo ran');
  const lint = kubeJobsLoading(['lint', manifest]);
  assert.equal(lint.code, 0, lint.stderr);
  assert.deepEqual(lint.withClient, []);
  const run = kubeJobsLoading(['run', manifest]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(run.withClient, []);
});

test('a run on a cluster loads the client from its own bundle', () => {
  const kubeconfig = join(dir, 'kubeconfig');
  // Port 9 (discard) answers nothing here: the run is refused after the client has been loaded.
  writeFileSync(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "https://127.0.0.1:9" } }]\nusers: [{ name: u, user: { token: t } }]\ncontexts: [{ name: nowhere, context: { cluster: c, user: u } }]\ncurrent-context: nowhere\n',
  );
  const run = kubeJobsLoading(['run', writeScriptJob(dir, 'on-cluster', 'echo ran'), '--target', 'cluster'], { KUBECONFIG: kubeconfig });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /cannot reach the cluster of context "nowhere"/);
  assert.deepEqual(run.withClient, [clientBundle]);
});
