// CronJob "Run now" as `kubectl create job --from=cronjob/NAME` does it, followed like any
// run; suspend and resume; the Jobs a CronJob owns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { listCronJobJobs, setCronJobSuspended } from '../../client/src/runs/cluster/cronjob-actions';
import { listCronJobs } from '../../client/src/runs/cluster/workload-listing';
import { RunLogs } from '../support/api-server/run-waiters';
import { finishedCondition } from '../../client/src/runs/model';
import { JobScript } from '../support/api-server/job-script';
import { stringify } from 'yaml';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

function cronJob(name: string, echo: string) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { metadata: { labels: { app: name } }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: 'busybox:1.36', command: ['echo', echo] }] } } } },
    },
  };
}

async function createCronJob(object: ReturnType<typeof cronJob>) {
  await fixture.connection.batch.createNamespacedCronJob({ namespace: 'default', body: object });
  return fixture.server.store.get('cronjobs', 'default', object.metadata.name);
}

test('Run now makes a Job owned by the CronJob, annotated manual, and follows it to the end', async () => {
  const stored = await createCronJob(cronJob('nightly', 'report'));
  void script.play(/^nightly-manual-/, [{ containers: { report: { lines: ['report written'] } } }]);
  const run = await startClusterRun({ connection: fixture.connection, manifestText: stringify(cronJob('nightly', 'report')) });
  const logs = new RunLogs(run);
  try {
    const final = await run.finished();
    await logs.drained();
    assert.equal(final.cronJobName, 'nightly');
    assert.match(final.jobName, /^nightly-manual-[a-z0-9]{5}$/);
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.deepEqual(logs.texts(), ['report written']);
    const job = fixture.server.store.get('jobs', 'default', final.jobName);
    assert.equal(job?.metadata.annotations?.['cronjob.kubernetes.io/instantiate'], 'manual');
    assert.equal(job?.metadata.labels?.app, 'nightly');
    assert.deepEqual(job?.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: stored?.metadata.uid, controller: true }]);
    const owned = await listCronJobJobs(fixture.connection, 'nightly');
    assert.deepEqual(owned.map((j) => j.metadata?.name), [final.jobName]);
  } finally {
    logs.dispose();
    run.dispose();
  }
});

test('Run now from a manifest whose CronJob is not on the cluster runs the manifest jobTemplate, unowned', async () => {
  void script.play(/^not-deployed-/, [{ containers: { report: { lines: ['local edit'] } } }]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [cronJob('not-deployed', 'x')] });
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    const job = fixture.server.store.get('jobs', 'default', final.jobName);
    assert.equal(job?.metadata.ownerReferences, undefined, 'no owner that does not exist (the collector would delete the Job)');
  } finally {
    run.dispose();
  }
});

test('suspend and resume a CronJob; the listing shows it', async () => {
  await createCronJob(cronJob('hourly', 'tick'));
  await setCronJobSuspended(fixture.connection, 'hourly', true);
  let listed = (await listCronJobs(fixture.connection)).find((c) => c.name === 'hourly');
  assert.equal(listed?.suspended, true);
  assert.equal(listed?.schedule, '*/5 * * * *');
  await setCronJobSuspended(fixture.connection, 'hourly', false);
  listed = (await listCronJobs(fixture.connection)).find((c) => c.name === 'hourly');
  assert.equal(listed?.suspended, false);
  const patches = fixture.server.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith('/cronjobs/hourly'));
  assert.equal(patches.length, 2);
});
