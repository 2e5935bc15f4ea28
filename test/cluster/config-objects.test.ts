// The manifest's ConfigMaps and Secrets that a Job refers to go to the cluster with it, as
// `kubectl apply -f file` would put them: created, left alone when the same, updated when
// changed; dry-run with the Job, removed again when the Job is not created; secret values are
// never in a message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { startClusterFixture, jobManifest, TEST_CONTEXT, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { writeKubeconfig } from '../support/api-server/kubeconfig-file';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { connectCluster } from '../../client/src/runs/cluster/cluster-connection';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { JobConflictError } from '../../client/src/runs/cluster/job-submission';
import { finishedCondition } from '../../client/src/runs/model';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';
import { ClusterTarget } from '../../client/src/runs/cluster/cluster-target';
import { readManifest, selectWorkload } from '../../client/src/runs/manifest';
import type { StoredObject } from '../support/api-server/store';
import { JobScript } from '../support/api-server/job-script';

const PASSWORD = 'hunter2-very-secret';
const TOKEN = 's3cr3t-api-token';
const SECRET_VALUES = [PASSWORD, TOKEN, Buffer.from(PASSWORD).toString('base64'), Buffer.from(TOKEN).toString('base64')];

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

function configMap(name: string, data: Record<string, string>, namespace?: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(namespace ? { namespace } : {}) }, data };
}

function secret(name: string) {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type: 'Opaque', stringData: { password: PASSWORD }, data: { token: Buffer.from(TOKEN).toString('base64') } };
}

/** A Job with env from a ConfigMap key, envFrom a ConfigMap, and a Secret mounted as a volume. */
function jobUsing(name: string, settings: string, credentials: string, extra: Record<string, unknown>[] = []) {
  const job = jobManifest(name, {}, [
    {
      name: 'main',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo "$GREETING"; cat /secrets/password'],
      env: [
        { name: 'GREETING', valueFrom: { configMapKeyRef: { name: settings, key: 'greeting' } } },
        { name: 'MAYBE', valueFrom: { configMapKeyRef: { name: 'only-if-there', key: 'x', optional: true } } },
        ...extra,
      ],
      volumeMounts: [{ name: 'credentials', mountPath: '/secrets', readOnly: true }],
    },
  ]);
  const pod = (job.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  pod.volumes = [{ name: 'credentials', secret: { secretName: credentials } }];
  return job;
}

/** The progress messages of a run, collected. */
function reports(): { messages: string[]; report: (message: string) => void } {
  const messages: string[] = [];
  return { messages, report: (message) => messages.push(message) };
}

function assertNoSecretValue(texts: readonly string[]): void {
  for (const text of texts) for (const value of SECRET_VALUES) assert.ok(!text.includes(value), `a secret value leaked into: ${text}`);
}

/** The Job runs to Complete, as the test scripts it. */
function completes(name: string | RegExp): Promise<string[]> {
  return script.play(name, [{ containers: { main: { lines: ['hello'] } } }]);
}

function requestsSince(mark: number, plural: string) {
  return fixture.server.requests.slice(mark).filter((r) => r.path.includes(`/${plural}`));
}

test('a Job with env from a same-file ConfigMap and a Secret volume: both are created, the Job runs to Complete', async () => {
  void completes('uses-config');
  const { messages, report } = reports();
  const mark = fixture.server.requests.length;
  const text = [configMap('unused', { a: 'b' }), configMap('settings', { greeting: 'hello' }), secret('credentials'), jobUsing('uses-config', 'settings', 'credentials')].map((o) => stringify(o)).join('---\n');
  const run = await startClusterRun({ connection: fixture.connection, manifestText: text, manifestFile: 'app.yaml', report });
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.deepEqual(fixture.server.store.get('configmaps', 'default', 'settings')?.data, { greeting: 'hello' });
    const stored = fixture.server.store.get('secrets', 'default', 'credentials');
    assert.deepEqual(stored?.data, { token: Buffer.from(TOKEN).toString('base64'), password: Buffer.from(PASSWORD).toString('base64') });
    assert.equal(stored?.type, 'Opaque');
    assert.ok(fixture.server.store.get('jobs', 'default', 'uses-config'));
    // Only what the Job refers to; an optional reference the file lacks is not looked at.
    assert.equal(fixture.server.store.get('configmaps', 'default', 'unused'), undefined);
    assert.equal(requestsSince(mark, 'configmaps/only-if-there').length, 0);
    // Dry runs first (nothing written when the Job would be refused), then the objects, then the Job.
    const writes = fixture.server.requests.slice(mark).filter((r) => r.method === 'POST' && /\/(configmaps|secrets|jobs)$/.test(r.path)).map((r) => `${r.path.split('/').pop() ?? ''}${r.query.dryRun ? ' (dry run)' : ''}`);
    assert.deepEqual(writes, ['configmaps (dry run)', 'secrets (dry run)', 'jobs (dry run)', 'configmaps', 'secrets', 'jobs']);
    assert.ok(messages.includes('creating configmap/settings in default'), messages.join('\n'));
    assert.ok(messages.includes('creating secret/credentials in default'), messages.join('\n'));
    assert.ok(messages.indexOf('creating secret/credentials in default') < messages.indexOf('creating job/uses-config in default'));
    assertNoSecretValue(messages);
  } finally {
    run.dispose();
  }
});

test('an identical ConfigMap on the cluster is left as is; a changed one is updated with its resourceVersion and the report says so', async () => {
  void completes('uses-updated');
  await fixture.connection.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('same-settings', { greeting: 'hello' }) });
  await fixture.connection.core.createNamespacedConfigMap({ namespace: 'default', body: { ...configMap('old-settings', { greeting: 'old', gone: 'x' }), metadata: { name: 'old-settings', labels: { team: 'ops' } } } });
  await fixture.connection.core.createNamespacedSecret({ namespace: 'default', body: secret('same-credentials') });
  const same = fixture.server.store.get('configmaps', 'default', 'same-settings');
  const old = fixture.server.store.get('configmaps', 'default', 'old-settings');
  const sameSecret = fixture.server.store.get('secrets', 'default', 'same-credentials');
  const { messages, report } = reports();
  const mark = fixture.server.requests.length;
  const changed = { ...configMap('old-settings', { greeting: 'new' }), metadata: { name: 'old-settings', labels: { app: 'demo' } } };
  const job = jobUsing('uses-updated', 'old-settings', 'same-credentials', [{ name: 'SAME', valueFrom: { configMapKeyRef: { name: 'same-settings', key: 'greeting' } } }]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [configMap('same-settings', { greeting: 'hello' }), changed, secret('same-credentials'), job], report });
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(fixture.server.store.get('configmaps', 'default', 'same-settings')?.metadata.resourceVersion, same?.metadata.resourceVersion, 'the identical ConfigMap is not written');
    assert.equal(fixture.server.store.get('secrets', 'default', 'same-credentials')?.metadata.resourceVersion, sameSecret?.metadata.resourceVersion, 'the identical Secret is not written');
    assert.deepEqual(requestsSince(mark, 'configmaps/same-settings').map((r) => r.method), ['GET']);
    assert.deepEqual(requestsSince(mark, 'secrets/same-credentials').map((r) => r.method), ['GET']);
    const updated = fixture.server.store.get('configmaps', 'default', 'old-settings');
    assert.deepEqual(updated?.data, { greeting: 'new' });
    assert.deepEqual(updated?.metadata.labels, { team: 'ops', app: 'demo' });
    assert.equal(updated?.metadata.uid, old?.metadata.uid, 'updated in place, not re-created');
    assert.deepEqual(requestsSince(mark, 'configmaps/old-settings').map((r) => `${r.method}${r.query.dryRun ? ' (dry run)' : ''}`), ['GET', 'PUT (dry run)', 'PUT']);
    assert.ok(messages.some((m) => m.startsWith('updated configmap/old-settings in default')), messages.join('\n'));
    assert.ok(messages.includes('configmap/same-settings in default is unchanged'), messages.join('\n'));
    assertNoSecretValue(messages);
  } finally {
    run.dispose();
  }
});

test('a Secret the user may not create: a clear error naming it, and nothing is left behind', async () => {
  fixture.server.auth.grant('no-secrets-token', { user: 'deployer', may: (verb, plural) => !(verb === 'create' && plural === 'secrets') });
  const kubeconfig = writeKubeconfig([{ name: TEST_CONTEXT, server: fixture.server.url, token: 'no-secrets-token' }]);
  const connection = connectCluster({ kubeconfigPaths: [kubeconfig] });
  const { messages, report } = reports();
  const objects = [configMap('forbidden-settings', { greeting: 'hi' }), secret('forbidden-credentials'), jobUsing('not-allowed-secret', 'forbidden-settings', 'forbidden-credentials')];
  let message = '';
  await assert.rejects(startClusterRun({ connection, objects, report }), (error: unknown) => {
    assert.ok(error instanceof ClusterError);
    assert.equal(error.kind, 'forbidden');
    message = error.message;
    assert.match(error.message, /^cannot validate secret\/forbidden-credentials for job\/not-allowed-secret: forbidden on context "test-cluster" .*: secrets is forbidden: User "deployer" cannot create resource "secrets" in API group "" in the namespace "default"$/);
    return true;
  });
  assert.equal(fixture.server.store.get('configmaps', 'default', 'forbidden-settings'), undefined);
  assert.equal(fixture.server.store.get('secrets', 'default', 'forbidden-credentials'), undefined);
  assert.equal(fixture.server.store.get('jobs', 'default', 'not-allowed-secret'), undefined);
  assertNoSecretValue([...messages, message]);
});

test('an invalid Secret is refused by the dry run: the error names it and its field, without its values, and nothing is created', async () => {
  const bad = { ...secret('bad-credentials'), stringData: { 'not a key': PASSWORD } };
  const objects = [configMap('bad-settings', { greeting: 'hi' }), bad, jobUsing('invalid-secret', 'bad-settings', 'bad-credentials')];
  let message = '';
  await assert.rejects(startClusterRun({ connection: fixture.connection, objects }), (error: unknown) => {
    assert.ok(error instanceof ClusterError);
    assert.equal(error.kind, 'invalid');
    message = error.message;
    assert.match(error.message, /^cannot validate secret\/bad-credentials for job\/invalid-secret: .*Secret "bad-credentials" is invalid: data\[not a key\]: Invalid value: "not a key": a valid config key/);
    return true;
  });
  assertNoSecretValue([message]);
  assert.equal(fixture.server.store.get('configmaps', 'default', 'bad-settings'), undefined);
  assert.equal(fixture.server.store.get('jobs', 'default', 'invalid-secret'), undefined);
});

test("when the Job's own create fails, the ConfigMaps created for it are deleted again, the updated ones stay", async () => {
  await fixture.connection.core.createNamespacedConfigMap({ namespace: 'default', body: configMap('kept-settings', { greeting: 'old' }) });
  const job = jobUsing('raced', 'fresh-settings', 'raced-credentials', [{ name: 'KEPT', valueFrom: { configMapKeyRef: { name: 'kept-settings', key: 'greeting' } } }]);
  // Someone else creates the Job between our dry run and our create (once our objects exist).
  const subscription = fixture.server.store.onChange((event) => {
    if (event.type !== 'ADDED' || event.plural !== 'secrets' || event.object.metadata.name !== 'raced-credentials') return;
    subscription.dispose();
    fixture.server.store.create('jobs', { ...(jobManifest('raced') as unknown as StoredObject), metadata: { name: 'raced', namespace: 'default', uid: fixture.server.store.newUid(), resourceVersion: '', creationTimestamp: new Date().toISOString() } });
  });
  const { messages, report } = reports();
  await assert.rejects(startClusterRun({ connection: fixture.connection, objects: [configMap('fresh-settings', { greeting: 'hi' }), configMap('kept-settings', { greeting: 'new' }), secret('raced-credentials'), job], report }), JobConflictError);
  assert.equal(fixture.server.store.get('configmaps', 'default', 'fresh-settings'), undefined, 'the ConfigMap created for the Job is gone');
  assert.equal(fixture.server.store.get('secrets', 'default', 'raced-credentials'), undefined, 'the Secret created for the Job is gone');
  assert.deepEqual(fixture.server.store.get('configmaps', 'default', 'kept-settings')?.data, { greeting: 'new' }, 'the updated ConfigMap stays');
  assert.ok(messages.includes('deleted configmap/fresh-settings again: job/raced was not created'), messages.join('\n'));
  assert.ok(messages.includes('deleted secret/raced-credentials again: job/raced was not created'), messages.join('\n'));
  assertNoSecretValue(messages);
});

test('"Run now" of a CronJob brings the ConfigMap its jobTemplate uses; one of another namespace in the file does not count', async () => {
  void completes(/^nightly-config-/);
  const template = jobUsing('unused-name', 'cron-settings', 'cron-credentials');
  const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly-config' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: template.spec } } };
  const objects = [configMap('cron-settings', { greeting: 'elsewhere' }, 'other'), configMap('cron-settings', { greeting: 'hello' }), secret('cron-credentials'), cronJob];
  const run = await startClusterRun({ connection: fixture.connection, objects });
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.deepEqual(fixture.server.store.get('configmaps', 'default', 'cron-settings')?.data, { greeting: 'hello' });
  } finally {
    run.dispose();
  }
});

test('a ConfigMap neither in the file nor on the cluster: the report says the pods will wait for it', async () => {
  // That they do wait (CreateContainerConfigError, worded by the node) is the real cluster's: test/cluster-live.
  const { messages, report } = reports();
  await fixture.connection.core.createNamespacedSecret({ namespace: 'default', body: secret('present-credentials') });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobUsing('waits', 'nowhere-settings', 'present-credentials')], report });
  try {
    assert.ok(messages.includes('configmap/nowhere-settings is neither in the file nor in default: the pods of job/waits will wait for it (CreateContainerConfigError)'), messages.join('\n'));
    assert.ok(fixture.server.store.get('jobs', 'default', 'waits'), 'the Job is created all the same');
  } finally {
    run.dispose();
  }
});

test('the cluster target (editor and CLI) brings the ConfigMaps and Secrets of the manifest it is given', async () => {
  void completes('through-target');
  const text = [configMap('target-settings', { greeting: 'hello' }), secret('target-credentials'), jobUsing('through-target', 'target-settings', 'target-credentials')].map((o) => stringify(o)).join('---\n');
  const manifest = readManifest('target.yaml', text);
  const { messages, report } = reports();
  const run = (await new ClusterTarget(fixture.connection).start({ manifest, workload: selectWorkload(manifest), allowHostAccess: false, report })) as ClusterRun;
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.deepEqual(fixture.server.store.get('configmaps', 'default', 'target-settings')?.data, { greeting: 'hello' });
    assert.ok(fixture.server.store.get('secrets', 'default', 'target-credentials'));
    assertNoSecretValue(messages);
  } finally {
    run.dispose();
  }
});
