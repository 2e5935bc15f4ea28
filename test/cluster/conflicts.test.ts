// A Job that already exists, or that cannot be updated because a field is immutable: the
// error carries the choices, and both "Delete and re-run" and "Run a copy" work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { JobConflictError, submitJob, updateJob, type JobConflict } from '../../client/src/runs/cluster/job-submission';
import { finishedCondition } from '../../client/src/runs/model';
import { JobScript } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

async function existingJob(name: string) {
  void script.play(name, [{ containers: { main: { lines: ['first run'] } } }]);
  const first = await startClusterRun({ connection: fixture.connection, objects: [jobManifest(name)] });
  await first.finished();
  first.dispose();
  return first.snapshot();
}

test('an existing Job: the error names it and offers "Delete and re-run" and "Run a copy"', async () => {
  await existingJob('exists');
  await assert.rejects(startClusterRun({ connection: fixture.connection, objects: [jobManifest('exists')] }), (error: unknown) => {
    assert.ok(error instanceof JobConflictError);
    assert.equal(error.conflict.reason, 'exists');
    assert.equal(error.conflict.jobName, 'exists');
    assert.deepEqual(error.choices.map((c) => c.label), ['Delete and re-run', 'Run a copy']);
    assert.match(error.message, /^job\/exists already exists in namespace default: jobs\.batch "exists" already exists/);
    return true;
  });
});

test('"Delete and re-run" deletes in the foreground, waits until the Job is gone, then creates it', async () => {
  const old = await existingJob('rerun');
  const oldPods = old.pods.map((p) => p.name);
  const asked: JobConflict[] = [];
  const mark = fixture.server.requests.length;
  // The new Job, once the old one is gone.
  const gone = new Promise<void>((resolve) => {
    const subscription = fixture.server.store.onChange((event) => {
      if (event.plural !== 'jobs' || event.type !== 'DELETED' || event.object.metadata.name !== 'rerun') return;
      subscription.dispose();
      resolve();
    });
  });
  void gone.then(() => script.play('rerun', [{ containers: { main: { lines: ['second run'] } } }]));
  const run = await startClusterRun({
    connection: fixture.connection,
    objects: [jobManifest('rerun')],
    onConflict: (conflict) => {
      asked.push(conflict);
      return Promise.resolve('replace');
    },
  });
  try {
    const final = await run.finished();
    assert.equal(asked.length, 1);
    assert.notEqual(run.id, old.id);
    assert.equal(final.jobName, 'rerun');
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.ok(final.pods.every((p) => !oldPods.includes(p.name)));
    assert.ok(oldPods.every((p) => !fixture.server.store.get('pods', 'default', p)), 'the old pods are gone');
    const calls = fixture.server.requests.slice(mark).filter((r) => r.path.endsWith('/jobs/rerun') || (r.path.endsWith('/jobs') && r.method === 'POST'));
    const deletion = calls.findIndex((r) => r.method === 'DELETE');
    assert.equal(calls[deletion].query.propagationPolicy, 'Foreground');
    const dryRun = calls.findIndex((r) => r.method === 'POST' && r.query.dryRun === 'All');
    const creates = calls.map((r, i) => (r.method === 'POST' && r.query.dryRun === undefined ? i : -1)).filter((i) => i >= 0);
    assert.ok(dryRun >= 0 && dryRun < deletion, 'the dry run found the conflict before anything was deleted');
    assert.equal(creates.length, 1);
    assert.ok(creates[0] > deletion, 'created after the deletion finished');
  } finally {
    run.dispose();
  }
});

test('"Run a copy" creates a Job with a generated name and leaves the existing one alone', async () => {
  const old = await existingJob('copied');
  void script.play(/^copied-[a-z0-9]{5}$/, [{}]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('copied')], onConflict: 'copy' });
  try {
    const final = await run.finished();
    assert.match(final.jobName, /^copied-[a-z0-9]{5}$/);
    assert.equal((final.job.metadata as { name: string }).name, final.jobName);
    assert.match(run.id, new RegExp(`^default/${final.jobName}@`));
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(fixture.server.store.get('jobs', 'default', 'copied')?.metadata.uid, old.id.split('@')[1]);
  } finally {
    run.dispose();
  }
});

test('an update refused because spec.template is immutable offers the same choices', async () => {
  await existingJob('immutable');
  const changed = jobManifest('immutable', {}, [{ name: 'main', image: 'busybox:1.36', command: ['sh', '-c', 'echo changed'] }]);
  await assert.rejects(updateJob(fixture.connection, changed), (error: unknown) => {
    assert.ok(error instanceof JobConflictError);
    assert.equal(error.conflict.reason, 'immutable');
    assert.match(error.conflict.message, /spec\.template: Invalid value: .*field is immutable/);
    assert.deepEqual(error.choices.map((c) => c.choice), ['replace', 'copy']);
    return true;
  });
  const replaced = await updateJob(fixture.connection, changed, { onConflict: 'replace' });
  const command = (replaced.spec?.template.spec?.containers[0].command ?? []).join(' ');
  assert.equal(command, 'sh -c echo changed');
});

test('a dry run that finds the Job exists creates nothing before the user chose', async () => {
  await existingJob('undecided');
  const before = fixture.server.store.list('jobs').length;
  await assert.rejects(submitJob(fixture.connection, jobManifest('undecided'), { onConflict: () => Promise.resolve(undefined) }), JobConflictError);
  assert.equal(fixture.server.store.list('jobs').length, before);
});
