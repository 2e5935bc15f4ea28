// The test API server follows the API conventions the cluster target relies on, checked over
// plain HTTP: Status bodies, generateName, selectors, dryRun, watch resume and 410, orphaning.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { ADMIN_TOKEN } from '../support/api-server/test-api-server';

let fixture: ClusterFixture;
before(async () => {
  fixture = await startClusterFixture();
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
  fixture.server.kubelet.script = () => ({ containers: { main: { hold: true } } });
  await api('POST', JOBS, jobManifest('orphaner'));
  const pod = await new Promise<string>((resolve) => {
    const subscription = fixture.server.store.onChange((e) => {
      if (e.plural !== 'pods' || e.object.metadata.labels?.['job-name'] !== 'orphaner') return;
      subscription.dispose();
      resolve(e.object.metadata.name);
    });
  });
  const deleted = await api('DELETE', `${JOBS}/orphaner`);
  assert.equal(deleted.code, 200);
  const left = fixture.server.store.get('pods', 'default', pod);
  assert.ok(left, 'the pod stays');
  assert.deepEqual(left.metadata.ownerReferences ?? [], []);
  fixture.server.kubelet.release(pod);
});

test('an update that changes spec.template is refused as immutable (merge patch)', async () => {
  await api('POST', JOBS, jobManifest('frozen'));
  const patched = await api('PATCH', `${JOBS}/frozen`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox:1.28' }] } } } }, 'application/merge-patch+json');
  assert.equal(patched.code, 422);
  assert.match(String(patched.json.message), /^Job\.batch "frozen" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
});
