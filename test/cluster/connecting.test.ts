// Connecting to a cluster: kubeconfig read as kubectl reads it (KUBECONFIG's files merged with
// the first one winning, else ~/.kube/config; the context's namespace unless one is given), and
// unreachable clusters, refused credentials and RBAC answered with one sentence naming the
// context and the cause (the verb and resource for 403), never a stack trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { kubeconfigText, writeKubeconfig } from '../support/api-server/kubeconfig-file';
import { loadKubeConfig } from '../../client/src/runs/cluster/kube-config';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { createServer } from 'node:net';
import { startClusterFixture, jobManifest, TEST_CONTEXT, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { connectCluster } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { listJobs } from '../../client/src/runs/cluster/workload-listing';
import { JobScript } from '../support/api-server/job-script';

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-kubeconfig-test-'));
const first = file(dir, 'first', kubeconfigText([
  { name: 'dev', server: 'https://dev.example:6443', token: 't1', namespace: 'team-a' },
  { name: 'shared', server: 'https://first.example:6443', token: 't2' },
], 'dev'));
const second = file(dir, 'second', kubeconfigText([
  { name: 'prod', server: 'https://prod.example:6443', token: 't3', namespace: 'batch' },
  { name: 'shared', server: 'https://second.example:6443', token: 't4' },
], 'prod'));

test('KUBECONFIG with several files: the first file wins for current-context and same-named entries', () => {
  const env = { KUBECONFIG: [first, join(dir, 'missing'), second].join(delimiter) };
  const resolved = loadKubeConfig({ env });
  assert.equal(resolved.context, 'dev');
  assert.equal(resolved.namespace, 'team-a');
  assert.equal(resolved.server, 'https://dev.example:6443');
  assert.deepEqual(resolved.files, [first, second], 'a missing file is skipped, as kubectl does');
  assert.equal(loadKubeConfig({ env, context: 'shared' }).server, 'https://first.example:6443');
  const prod = loadKubeConfig({ env, context: 'prod' });
  assert.equal(prod.namespace, 'batch');
  assert.equal(prod.config.getCurrentUser()?.token, 't3');
});

test('--namespace overrides the context namespace; a context without one means "default"', () => {
  const env = { KUBECONFIG: first };
  assert.equal(loadKubeConfig({ env, namespace: 'override' }).namespace, 'override');
  assert.equal(loadKubeConfig({ env, context: 'shared' }).namespace, 'default');
});

test('without KUBECONFIG, ~/.kube/config is read', () => {
  const home = mkdtempSync(join(tmpdir(), 'kube-jobs-home-'));
  mkdirSync(join(home, '.kube'));
  file(join(home, '.kube'), 'config', kubeconfigText([{ name: 'home', server: 'https://home.example', token: 'x' }]));
  const resolved = loadKubeConfig({ env: {}, homeDir: home });
  assert.equal(resolved.context, 'home');
});

test('explicit kubeconfig paths take precedence over KUBECONFIG', () => {
  const resolved = loadKubeConfig({ env: { KUBECONFIG: first }, kubeconfigPaths: [second] });
  assert.equal(resolved.context, 'prod');
});

test('an unknown context, no kubeconfig at all, or a broken file: one clear message each', () => {
  const expectConfigError = (run: () => unknown, pattern: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof ClusterError && error.kind === 'config' && pattern.test(error.message) && !/\n\s+at /.test(error.message));
  expectConfigError(() => loadKubeConfig({ env: { KUBECONFIG: first }, context: 'nope' }), /^context "nope" is not in the kubeconfig \(contexts: dev, shared\)$/);
  expectConfigError(() => loadKubeConfig({ env: {}, homeDir: join(dir, 'no-home') }), /^no kubeconfig found \(looked at .*\.kube\/config\)/);
  const broken = file(dir, 'broken', 'clusters: [unclosed');
  expectConfigError(() => loadKubeConfig({ kubeconfigPaths: [broken] }), new RegExp(`^cannot read kubeconfig ${broken}: `));
  const noCurrent = file(dir, 'no-current', kubeconfigText([{ name: 'a', server: 'https://a', token: 'x' }]).replace(/^current-context:.*$/m, ''));
  expectConfigError(() => loadKubeConfig({ kubeconfigPaths: [noCurrent] }), /sets no current-context; pick one with --context \(contexts: a\)/);
});

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
  fixture.server.auth.grant('viewer-token', { user: 'viewer', may: (verb, plural) => plural !== 'jobs' || ['get', 'list', 'watch'].includes(verb) });
  fixture.server.auth.grant('no-logs-token', { user: 'runner', may: (_verb, plural) => plural !== 'pods/log' });
});
after(() => fixture.close());

function connectionWith(token: string, server = fixture.server.url) {
  return connectCluster({ kubeconfigPaths: [writeKubeconfig([{ name: TEST_CONTEXT, server, token }])] });
}

function expectClusterError(kind: ClusterError['kind'], pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ClusterError, `a ClusterError, not ${String(error)}`);
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /\n\s+at |HTTP-Code|Headers:/);
    return true;
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unreachable cluster names the context, the server and the cause', async () => {
  const port = await closedPort();
  const connection = connectionWith('any', `http://127.0.0.1:${port}`);
  await assert.rejects(
    startClusterRun({ connection, objects: [jobManifest('nowhere')] }),
    expectClusterError('unreachable', new RegExp(`^cannot reach the cluster of context "${TEST_CONTEXT}" \\(http://127\\.0\\.0\\.1:${port}\\): .*ECONNREFUSED`)),
  );
});

test('refused (expired) credentials: 401 with the context and what to do', async () => {
  fixture.server.auth.grant('soon-expired', { user: 'temp' });
  const connection = connectionWith('soon-expired');
  assert.equal((await listJobs(connection)).length >= 0, true);
  fixture.server.auth.revoke('soon-expired');
  await assert.rejects(listJobs(connection), expectClusterError('unauthorized', /context "test-cluster" .*refused the credentials \(401 Unauthorized\) while trying to list jobs in namespace default: they may have expired/));
});

test('RBAC: 403 names the user, the verb and the resource', async () => {
  const connection = connectionWith('viewer-token');
  await assert.rejects(
    startClusterRun({ connection, objects: [jobManifest('not-allowed')] }),
    expectClusterError('forbidden', /^forbidden on context "test-cluster" .*: jobs\.batch is forbidden: User "viewer" cannot create resource "jobs" in API group "batch" in the namespace "default"$/),
  );
  assert.equal(fixture.server.store.get('jobs', 'default', 'not-allowed'), undefined);
});

test('RBAC on logs: reading a container log that is forbidden is a clear error, the run goes on', async () => {
  void script.play('no-logs', [{ containers: { main: { lines: ['secret output'] } } }]);
  const connection = connectionWith('no-logs-token');
  const run = await startClusterRun({ connection, objects: [jobManifest('no-logs')] });
  try {
    const final = await run.finished();
    const reading = (async () => {
      for await (const line of run.logs(final.pods[0].name, 'main')) void line;
    })();
    await assert.rejects(reading, expectClusterError('forbidden', /pods "no-logs-[a-z0-9]+" is forbidden: User "runner" cannot get resource "pods\/log" in API group "" in the namespace "default"/));
  } finally {
    run.dispose();
  }
});
