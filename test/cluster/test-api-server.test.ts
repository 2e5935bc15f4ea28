// The test API server follows the API conventions the cluster target relies on: checked over
// plain HTTP (Status bodies, generateName, selectors, dryRun, watch 410, orphaning, immutable
// fields) and, where kubectl is installed, by kubectl itself (create, get -o json, logs, wait,
// delete, and `create job --from=cronjob`, whose Job our "Run now" must match).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { ADMIN_TOKEN } from '../support/api-server/test-api-server';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jobForRunNow } from '../../client/src/runs/cluster/cronjob-actions';
import { JobScript } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

async function api(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ code: number; json: Record<string, unknown> }> {
  const response = await fetch(`${fixture.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { code: response.status, json: (await response.json()) as Record<string, unknown> };
}

const JOBS = '/apis/batch/v1/namespaces/default/jobs';

test('errors are Status objects: 404 NotFound, 401 without a token, 422 with field causes', async () => {
  const missing = await api('GET', `${JOBS}/nope`);
  assert.equal(missing.code, 404);
  assert.deepEqual([missing.json.kind, missing.json.reason, missing.json.message], ['Status', 'NotFound', 'jobs.batch "nope" not found']);
  const anonymous = await fetch(`${fixture.server.url}${JOBS}`);
  assert.equal(anonymous.status, 401);
  const invalid = await api('POST', JOBS, jobManifest('Bad_Name'));
  assert.equal(invalid.code, 422);
  const details = invalid.json.details as { causes: { field: string }[] };
  assert.equal(details.causes[0].field, 'metadata.name');
});

test('dryRun=All validates and fills in defaults but stores nothing', async () => {
  const dry = await api('POST', `${JOBS}?dryRun=All`, jobManifest('dry'));
  assert.equal(dry.code, 201);
  assert.equal((dry.json.spec as { backoffLimit: number }).backoffLimit, 6);
  assert.equal((await api('GET', `${JOBS}/dry`)).code, 404);
});

test('generateName, label selectors, and the defaults of only-parallelism (work queue) Jobs', async () => {
  const made = await api('POST', JOBS, { ...jobManifest('x', { parallelism: 2 }), metadata: { generateName: 'queue-', labels: { tier: 'batch' } } });
  const name = (made.json.metadata as { name: string }).name;
  assert.match(name, /^queue-[a-z0-9]{5}$/);
  assert.equal((made.json.spec as { completions?: number }).completions, undefined, 'completions stay unset when only parallelism is given');
  const selected = await api('GET', `${JOBS}?labelSelector=${encodeURIComponent('tier in (batch,web),!absent')}`);
  assert.deepEqual((selected.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), [name]);
});

test('a watch from a compacted resourceVersion gets an ERROR event with a 410 Expired Status', async () => {
  const list = await api('GET', JOBS);
  const version = (list.json.metadata as { resourceVersion: string }).resourceVersion;
  await api('POST', JOBS, jobManifest('after-list'));
  fixture.server.store.compact();
  const response = await fetch(`${fixture.server.url}${JOBS}?watch=1&resourceVersion=${version}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  assert.equal(response.status, 200);
  const [line] = (await response.text()).trim().split('\n');
  const event = JSON.parse(line) as { type: string; object: { code: number; reason: string } };
  assert.deepEqual([event.type, event.object.code, event.object.reason], ['ERROR', 410, 'Expired']);
});

test('deleting a batch/v1 Job without a propagation policy orphans its pods, as a real cluster does', async () => {
  await api('POST', JOBS, jobManifest('orphaner'));
  const running = await script.createPod(await script.job('orphaner'));
  await running.schedule();
  await running.start('main');
  const pod = running.name;
  const deleted = await api('DELETE', `${JOBS}/orphaner`);
  assert.equal(deleted.code, 200);
  const left = fixture.server.store.get('pods', 'default', pod);
  assert.ok(left, 'the pod stays');
  assert.deepEqual(left.metadata.ownerReferences ?? [], []);
});

test('the status subresource changes the status and labels but never the spec; a new pod starts Pending whatever it was sent with (as kube-apiserver v1.34)', async () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo' }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] }, status: { phase: 'Succeeded' } };
  const created = await api('POST', '/api/v1/namespaces/default/pods', pod);
  assert.equal((created.json.status as { phase: string }).phase, 'Pending');
  const patched = await api('PATCH', '/api/v1/namespaces/default/pods/solo/status', { metadata: { labels: { sneaked: 'in' } }, spec: { nodeName: 'elsewhere' }, status: { phase: 'Running' } }, 'application/merge-patch+json');
  assert.equal(patched.code, 200);
  assert.equal((patched.json.status as { phase: string }).phase, 'Running');
  assert.deepEqual((patched.json.metadata as { labels?: unknown }).labels, { sneaked: 'in' });
  assert.equal((patched.json.spec as { nodeName?: string }).nodeName, undefined);
  await api('POST', JOBS, jobManifest('status-only'));
  const job = await api('PUT', `${JOBS}/status-only/status`, { ...jobManifest('status-only', { backoffLimit: 1 }), status: { active: 1 } });
  assert.equal((job.json.status as { active: number }).active, 1);
  assert.equal((job.json.spec as { backoffLimit: number }).backoffLimit, 6);
});

test('an update that changes spec.template is refused as immutable (merge patch)', async () => {
  await api('POST', JOBS, jobManifest('frozen'));
  const patched = await api('PATCH', `${JOBS}/frozen`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox:1.28' }] } } } }, 'application/merge-patch+json');
  assert.equal(patched.code, 422);
  assert.match(String(patched.json.message), /^Job\.batch "frozen" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
});

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const skip = hasKubectl ? false : 'kubectl is not installed on this machine';
const exec = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-kubectl-'));

async function kubectl(...args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  // kubectl sends no bearer token over plain http: let its requests in as an admin, meanwhile.
  fixture.server.auth.anonymous = { user: 'system:admin' };
  try {
    const { stdout, stderr } = await exec('kubectl', ['--kubeconfig', fixture.kubeconfig, ...args], { encoding: 'utf8', timeout: 30_000 });
    return { ok: true, stdout, stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { ok: false, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  } finally {
    fixture.server.auth.anonymous = undefined;
  }
}

function manifestFile(name: string, object: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(object));
  return path;
}

test('kubectl create, get -o json, logs, wait and delete work against the test server', { skip }, async () => {
  const played = script.job('hello').then(async (job) => {
    const pod = await script.createPod(job);
    await pod.playToEnd({ containers: { main: { lines: [`hello from ${pod.name}`] } } });
    await script.finish('hello', { type: 'Complete' }, { succeeded: 1 });
  });
  const file = manifestFile('hello', jobManifest('hello'));
  const created = await kubectl('create', '--validate=false', '-f', file);
  assert.ok(created.ok, created.stderr);
  assert.match(created.stdout, /^job\.batch\/hello created/);
  await played;
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
  void script.play('doomed', [{ containers: { main: { exitCode: 1 } } }], { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
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
