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
import { JobScript } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture({ namespace: 'batch-work' });
  script = new JobScript(fixture.server, 'batch-work');
});

/** The Job's one pod, running. */
async function runningPod(name: string) {
  const pod = await script.createPod(await script.job(name));
  await pod.schedule();
  await pod.start('main', ['working']);
  await script.jobStatus(name, { active: 1 });
  return pod;
}
after(() => fixture.close());

test('jobs of the namespace are listed with their state, including ones created elsewhere', async () => {
  // Their outcomes are the script's; the listing is what is tested.
  void script.play('completes', [{}]);
  void script.play('fails', [{ containers: { main: { exitCode: 2 } } }], { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  const pod = runningPod('runs');
  // Created by someone else, straight through the API.
  await fixture.connection.batch.createNamespacedJob({ namespace: 'batch-work', body: jobManifest('completes') });
  await fixture.connection.batch.createNamespacedJob({ namespace: 'batch-work', body: jobManifest('fails', { backoffLimit: 0 }) });
  const running = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('runs')] });
  try {
    const [done, failed] = await Promise.all([followClusterJob(fixture.connection, 'completes'), followClusterJob(fixture.connection, 'fails')]);
    await Promise.all([done.finished(), failed.finished()]);
    done.dispose();
    failed.dispose();
    await pod;
    await untilRun(running, (r) => r.status.active === 1);
    const jobs = await listJobs(fixture.connection);
    assert.deepEqual(jobs.map((j) => [j.name, j.state]), [['completes', 'Complete'], ['fails', 'Failed'], ['runs', 'Running']]);
    assert.ok(jobs.every((j) => j.namespace === 'batch-work' && j.id === `batch-work/${j.name}@${j.uid}`));
    assert.equal(jobs.find((j) => j.name === 'fails')?.status.failed, 1);
    assert.deepEqual(await listNamespaces(fixture.connection), ['batch-work', 'default', 'kube-system']);
  } finally {
    running.dispose();
  }
});

test('delete with Background removes the Job and then its pods; the run reports it removed', async () => {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('to-delete')] });
  await runningPod('to-delete');
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
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('foreground', { parallelism: 2, completions: 2 })] });
  const pods = await Promise.all([runningPod('foreground'), runningPod('foreground')]);
  const snapshot = await untilRun(run, (r) => r.pods.filter((p) => p.phase === 'Running').length === 2);
  run.dispose();
  // As their node does: the pods end once they are being deleted.
  const ended = Promise.all(pods.map((pod) => script.deletionOf(pod.name).then(() => pod.endDeleted())));
  let sawDeletionTimestamp = false;
  const subscription = fixture.server.store.onChange((e) => {
    if (e.plural === 'jobs' && e.object.metadata.name === 'foreground' && e.object.metadata.deletionTimestamp && e.object.metadata.finalizers?.includes('foregroundDeletion')) sawDeletionTimestamp = true;
  });
  assert.equal(await deleteJob(fixture.connection, 'foreground', { propagation: 'Foreground' }), true);
  await ended;
  subscription.dispose();
  assert.ok(sawDeletionTimestamp, 'the Job stayed with a deletionTimestamp while its pods went');
  assert.equal(fixture.server.store.get('jobs', 'batch-work', 'foreground'), undefined);
  for (const pod of snapshot.pods) assert.equal(fixture.server.store.get('pods', 'batch-work', pod.name), undefined);
  assert.equal(await deleteJob(fixture.connection, 'foreground'), false, 'deleting what is gone answers false');
});

test('stop suspends the Job: the run and the listing show it Suspended once the cluster says so, the Job stays', async () => {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('stopped')] });
  try {
    const pod = await runningPod('stopped');
    await untilRun(run, (r) => r.pods[0]?.phase === 'Running');
    const suspended = new Promise<void>((resolve) => {
      const subscription = fixture.server.store.onChange((event) => {
        if (event.plural !== 'jobs' || event.object.metadata.name !== 'stopped' || !(event.object.spec as { suspend?: boolean }).suspend) return;
        subscription.dispose();
        resolve();
      });
    });
    await run.stop();
    await suspended;
    // What the Job controller does then (checked on a real cluster in test/cluster-live): the pod ends, the condition says so.
    await pod.endDeleted();
    const time = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await script.jobStatus('stopped', { active: 0, conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastTransitionTime: time, lastProbeTime: time }] });
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
