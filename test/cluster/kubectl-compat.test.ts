// Keeps the test API server honest: where kubectl is installed, it drives the same server and
// gets what it expects of a real one (create, get -o json, logs, wait, delete, and
// `create job --from=cronjob`, whose Job our "Run now" must match).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { jobForRunNow } from '../../client/src/runs/cluster/cronjob-actions';

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = hasKubectl ? false : 'kubectl is not installed on this machine';
const exec = promisify(execFile);

let fixture: ClusterFixture;
let dir: string;
before(async () => {
  fixture = await startClusterFixture();
  // kubectl sends no bearer token over plain http: let such requests in as an admin.
  fixture.server.auth.anonymous = { user: 'system:admin' };
  dir = mkdtempSync(join(tmpdir(), 'kube-jobs-kubectl-'));
});
after(() => fixture.close());

async function kubectl(...args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('kubectl', ['--kubeconfig', fixture.kubeconfig, ...args], { encoding: 'utf8', timeout: 30_000 });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function manifestFile(name: string, object: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(object));
  return path;
}

test('kubectl create, get -o json, logs, wait and delete work against the test server', { skip }, async () => {
  fixture.server.kubelet.script = (pod) => ({ containers: { main: { lines: [`hello from ${pod.name}`] } } });
  const file = manifestFile('hello', jobManifest('hello'));
  const created = await kubectl('create', '--validate=false', '-f', file);
  assert.ok(created.ok, created.stderr);
  assert.match(created.stdout, /^job\.batch\/hello created/);
  const waited = await kubectl('wait', '--for=condition=complete', 'job/hello', '--timeout=20s');
  assert.ok(waited.ok, waited.stderr);
  assert.match(waited.stdout, /job\.batch\/hello condition met/);
  const got = await kubectl('get', 'job', 'hello', '-o', 'json');
  const job = JSON.parse(got.stdout) as { spec: Record<string, unknown>; status: { succeeded: number } };
  assert.equal(job.spec.backoffLimit, 6);
  assert.equal(job.spec.completions, 1);
  assert.equal(job.status.succeeded, 1);
  const logs = await kubectl('logs', 'job/hello');
  assert.match(logs.stdout, /^hello from hello-[a-z0-9]{5}\n$/);
  const again = await kubectl('create', '--validate=false', '-f', file);
  assert.equal(again.ok, false);
  assert.match(again.stderr, /Error from server \(AlreadyExists\).*jobs\.batch "hello" already exists/);
  const deleted = await kubectl('delete', 'job', 'hello', '--wait=true');
  assert.ok(deleted.ok, deleted.stderr);
  assert.deepEqual(fixture.server.store.list('pods', 'default').filter((p) => p.metadata.name.startsWith('hello-')), [], 'kubectl delete removes the pods too');
});

test('kubectl wait --for=condition=failed sees a Job fail; a refused manifest reads as kubectl expects', { skip }, async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { exitCode: 1 } } });
  assert.ok((await kubectl('create', '--validate=false', '-f', manifestFile('doomed', jobManifest('doomed', { backoffLimit: 0 })))).ok);
  const waited = await kubectl('wait', '--for=condition=failed', 'job/doomed', '--timeout=20s');
  assert.ok(waited.ok, waited.stderr);
  const refused = await kubectl('create', '--validate=false', '-f', manifestFile('always', jobManifest('always', { restartPolicy: 'Always' })));
  assert.equal(refused.ok, false);
  assert.match(refused.stderr, /The Job "always" is invalid: spec\.template\.spec\.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"/);
});

test('"Run now" makes the same Job as kubectl create job --from=cronjob', { skip }, async () => {
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: { schedule: '0 3 * * *', jobTemplate: { metadata: { labels: { team: 'data' } }, spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'etl', image: 'busybox:1.36' }] } } } } },
  };
  assert.ok((await kubectl('create', '--validate=false', '-f', manifestFile('nightly', cronJob))).ok);
  const made = await kubectl('create', 'job', 'by-kubectl', '--from=cronjob/nightly');
  assert.ok(made.ok, made.stderr);
  const byKubectl = fixture.server.store.get('jobs', 'default', 'by-kubectl');
  const ours = await jobForRunNow(fixture.connection, 'nightly', { jobName: 'by-kube-jobs' });
  assert.deepEqual(ours.metadata?.ownerReferences, byKubectl?.metadata.ownerReferences);
  assert.equal(ours.metadata?.annotations?.['cronjob.kubernetes.io/instantiate'], byKubectl?.metadata.annotations?.['cronjob.kubernetes.io/instantiate']);
  assert.equal(ours.metadata?.labels?.team, byKubectl?.metadata.labels?.team);
  assert.equal((ours.spec as { backoffLimit: number }).backoffLimit, 2);
});
