// The Jobs and CronJobs of a namespace with their status (not only ours), deletion with
// Background and Foreground propagation, and stopping a run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { untilRun } from '../support/api-server/run-waiters';
import { startClusterRun, followClusterJob } from '../../client/src/runs/cluster/start-cluster-run';
import { listJobs, listNamespaces } from '../../client/src/runs/cluster/workload-listing';
import { deleteJob } from '../../client/src/runs/cluster/job-deletion';
import { ClusterTarget } from '../../client/src/runs/cluster/cluster-target';
import { connectCluster } from '../../client/src/runs/cluster/cluster-connection';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';

let fixture: ClusterFixture;
before(async () => {
  fixture = await startClusterFixture({ namespace: 'batch-work' });
});
after(() => fixture.close());

test('jobs of the namespace are listed with their state, including ones created elsewhere', async () => {
  fixture.server.kubelet.script = (pod) => ({ containers: { main: pod.jobName === 'fails' ? { exitCode: 2 } : pod.jobName === 'runs' ? { hold: true } : {} } });
  // Created by someone else, straight through the API.
  await fixture.connection.batch.createNamespacedJob({ namespace: 'batch-work', body: jobManifest('completes') });
  await fixture.connection.batch.createNamespacedJob({ namespace: 'batch-work', body: jobManifest('fails', { backoffLimit: 0 }) });
  const running = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('runs')] });
  try {
    const [done, failed] = await Promise.all([followClusterJob(fixture.connection, 'completes'), followClusterJob(fixture.connection, 'fails')]);
    await Promise.all([done.finished(), failed.finished()]);
    done.dispose();
    failed.dispose();
    await untilRun(running, (r) => r.status.active === 1);
    const jobs = await listJobs(fixture.connection);
    assert.deepEqual(jobs.map((j) => [j.name, j.state]), [['completes', 'Complete'], ['fails', 'Failed'], ['runs', 'Running']]);
    assert.ok(jobs.every((j) => j.namespace === 'batch-work' && j.id === `batch-work/${j.name}@${j.uid}`));
    assert.equal(jobs.find((j) => j.name === 'fails')?.status.failed, 1);
    assert.deepEqual(await listNamespaces(fixture.connection), ['batch-work', 'default', 'kube-system']);
  } finally {
    fixture.server.kubelet.release(running.snapshot().pods[0]?.name ?? '');
    running.dispose();
  }
});

test('delete with Background removes the Job and then its pods; the run reports it removed', async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { hold: true } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('to-delete')] });
  await untilRun(run, (r) => r.pods.length === 1 && r.pods[0].phase === 'Running');
  const removed = new Promise<void>((resolve) => run.onDidChange((c) => c.kind === 'removed' && resolve()));
  const finished = run.finished().then(
    () => 'finished',
    (error: Error) => error.message,
  );
  await run.delete();
  await removed;
  assert.match(await finished, /job\/to-delete was deleted from batch-work before it finished/);
  const deletion = fixture.server.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith('/jobs/to-delete'));
  assert.equal(deletion[0].query.propagationPolicy, 'Background');
  assert.equal(fixture.server.store.get('jobs', 'batch-work', 'to-delete'), undefined);
});

test('delete with Foreground waits until the pods and the Job are gone', async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { hold: true } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('foreground', { parallelism: 2, completions: 2 })] });
  const snapshot = await untilRun(run, (r) => r.pods.filter((p) => p.phase === 'Running').length === 2);
  run.dispose();
  let sawDeletionTimestamp = false;
  const subscription = fixture.server.store.onChange((e) => {
    if (e.plural === 'jobs' && e.object.metadata.name === 'foreground' && e.object.metadata.deletionTimestamp && e.object.metadata.finalizers?.includes('foregroundDeletion')) sawDeletionTimestamp = true;
  });
  assert.equal(await deleteJob(fixture.connection, 'foreground', { propagation: 'Foreground' }), true);
  subscription.dispose();
  assert.ok(sawDeletionTimestamp, 'the Job stayed with a deletionTimestamp while its pods went');
  assert.equal(fixture.server.store.get('jobs', 'batch-work', 'foreground'), undefined);
  for (const pod of snapshot.pods) assert.equal(fixture.server.store.get('pods', 'batch-work', pod.name), undefined);
  assert.equal(await deleteJob(fixture.connection, 'foreground'), false, 'deleting what is gone answers false');
});

test('stop suspends the Job: its running pod ends, the Job and finished pods stay', async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { lines: ['working'], hold: true } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('stopped')] });
  try {
    await untilRun(run, (r) => r.pods[0]?.phase === 'Running');
    await run.stop();
    const stopped = await untilRun(run, (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') && r.status.active === 0);
    assert.equal(stopped.status.active, 0);
    assert.ok(fixture.server.store.get('jobs', 'batch-work', 'stopped'));
    const listed = (await listJobs(fixture.connection)).find((j) => j.name === 'stopped');
    assert.equal(listed?.state, 'Suspended');
  } finally {
    run.dispose();
  }
});

test('a manifest namespace is used unless another one was asked for, which is refused as kubectl does', async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { lines: ['elsewhere'] } } });
  const inDefault = { ...jobManifest('namespaced'), metadata: { name: 'namespaced', namespace: 'default' } };
  const target = new ClusterTarget(fixture.connection);
  const run = await target.start({ manifest: { file: 'job.yaml', workloads: [inDefault], configMaps: [], secrets: [] }, workload: inDefault, allowHostAccess: false });
  try {
    assert.match(run.id, /^default\/namespaced@/);
  } finally {
    (run as ClusterRun).dispose();
  }
  const explicit = connectCluster({ kubeconfigPaths: [fixture.kubeconfig], namespace: 'batch-work' });
  await assert.rejects(new ClusterTarget(explicit).start({ manifest: { file: 'job.yaml', workloads: [inDefault], configMaps: [], secrets: [] }, workload: inDefault, allowHostAccess: false }), /does not match the namespace "batch-work"; run with --namespace default/);
});
