// "Check on Cluster" against the real API server: what it accepts, what it refuses with the
// fields it names, a Job that already exists (its content still checked), a ConfigMap of the
// file it refuses, a CronJob, and the warnings of a namespace at the "restricted" Pod Security
// level. Nothing may be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { checkOnServer } from '../../client/src/runs/cluster/server-check';
import type { KubeObject } from '../../client/src/runs/manifest';
import { liveNamespace } from './live-namespace';
import { busyboxJob } from './live-runs';

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-check', (ready) => (connection = ready), { 'pod-security.kubernetes.io/warn': 'restricted' });
if (namespace) {
  const main = { name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'exit 0'] };
  const job = (name: string, spec: Record<string, unknown> = {}, pod: Record<string, unknown> = {}) => busyboxJob(name, [main], spec, pod) as KubeObject;

  async function nothingWritten(): Promise<void> {
    const [jobs, cronJobs, configMaps] = await Promise.all([
      connection.batch.listNamespacedJob({ namespace: namespace! }),
      connection.batch.listNamespacedCronJob({ namespace: namespace! }),
      connection.core.listNamespacedConfigMap({ namespace: namespace! }),
    ]);
    assert.deepEqual(jobs.items.map((j) => j.metadata?.name).filter((n) => n !== 'exists'), []);
    assert.deepEqual(cronJobs.items, []);
    assert.deepEqual(configMaps.items.map((c) => c.metadata?.name).filter((n) => n !== 'kube-root-ca.crt'), []);
  }

  test('a Job the API server takes: accepted, with the Pod Security warning, and nothing written', async () => {
    const verdict = await checkOnServer(connection, job('fine'), []);
    assert.deepEqual([verdict.accepted, verdict.exists, verdict.problems], [true, false, []]);
    assert.equal(verdict.namespace, namespace);
    assert.equal(verdict.warnings.length, 1, verdict.warnings.join('\n'));
    assert.match(verdict.warnings[0], /^would violate PodSecurity "restricted:latest"/);
    await nothingWritten();
  });

  test('what it refuses comes with the fields it names', async () => {
    const verdict = await checkOnServer(connection, job('refused', { completions: -1, completionMode: 'Indexed', backoffLimitPerIndex: -2 }), []);
    assert.equal(verdict.accepted, false);
    const fields = verdict.problems.map((p) => p.field);
    assert.ok(fields.includes('spec.completions'), JSON.stringify(verdict.problems));
    assert.ok(fields.includes('spec.backoffLimitPerIndex'), JSON.stringify(verdict.problems));
    assert.ok(verdict.problems.every((p) => p.kind === 'Job' && p.name === 'refused' && p.message.length > 0), JSON.stringify(verdict.problems));
    await nothingWritten();
  });

  test('a Job that exists is said to exist, and its content is still checked', async () => {
    await connection.batch.createNamespacedJob({ namespace: namespace!, body: job('exists', {}, { restartPolicy: 'Never' }) as never });
    const fine = await checkOnServer(connection, job('exists'), []);
    assert.deepEqual([fine.accepted, fine.exists, fine.problems], [true, true, []]);
    const refused = await checkOnServer(connection, job('exists', { parallelism: -1 }), []);
    assert.deepEqual([refused.accepted, refused.exists, refused.problems.map((p) => p.field)], [false, true, ['spec.parallelism']]);
    await nothingWritten();
  });

  test('a ConfigMap of the file that the API server refuses is a problem of that ConfigMap', async () => {
    const withEnv = busyboxJob('configured', [{ ...main, envFrom: [{ configMapRef: { name: 'settings' } }] }]) as KubeObject;
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'bad key!': 'x' } } as KubeObject;
    const verdict = await checkOnServer(connection, withEnv, [configMap]);
    assert.equal(verdict.accepted, false);
    assert.deepEqual(verdict.problems.map((p) => [p.kind, p.name, p.field]), [['ConfigMap', 'settings', 'data[bad key!]']]);
    await nothingWritten();
  });

  test('a CronJob is checked as a CronJob: its schedule refused at spec.schedule', async () => {
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '61 * * * *', jobTemplate: { spec: (job('x').spec as object) } } } as KubeObject;
    const verdict = await checkOnServer(connection, cronJob, []);
    assert.equal(verdict.accepted, false);
    assert.deepEqual(verdict.problems.map((p) => [p.kind, p.field]), [['CronJob', 'spec.schedule']]);
    await nothingWritten();
  });
}
