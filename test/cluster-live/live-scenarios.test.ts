// The cluster scenarios against a real cluster from KUBECONFIG, with busybox images:
// `npm run test:cluster:live` (and `npm test`) start the local one-node cluster and run them on it.
// Each run works in a namespace of its own, removed after.
// Without KUBECONFIG this suite fails: it exists to be run against a cluster.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { JobConflictError, updateJob } from '../../client/src/runs/cluster/job-submission';
import { listCronJobJobs } from '../../client/src/runs/cluster/cronjob-actions';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { explainFailure } from '../../client/src/runs/run-summary';
import { finishedCondition } from '../../client/src/runs/model';
import { liveNamespace } from './live-namespace';
import { followToEnd } from './follow-to-end';

const LIVE_TIMEOUT = 240_000;

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-live', (ready) => (connection = ready));
if (namespace) {
  function job(name: string, script: string, spec: Record<string, unknown> = {}) {
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name },
      spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] }] } } },
    };
  }

  test('a Job of 6 completions with parallelism 2 completes with the logs of 6 pods', { timeout: LIVE_TIMEOUT }, async () => {
    const run = await startClusterRun({ connection, objects: [job('parallel', 'echo "work on $(hostname)"', { completions: 6, parallelism: 2 })] });
    try {
      const lines = await followToEnd(run);
      const final = run.snapshot();
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.equal(final.status.succeeded, 6);
      assert.equal(new Set(lines.map((l) => l.pod)).size, 6);
      assert.ok(lines.every((l) => l.text === `work on ${l.pod}`));
    } finally {
      run.dispose();
    }
  });

  test('BackoffLimitExceeded shows the failing exit code', { timeout: LIVE_TIMEOUT }, async () => {
    const run = await startClusterRun({ connection, objects: [job('failing', 'echo trying; exit 3', { backoffLimit: 1 })] });
    try {
      await followToEnd(run);
      const final = run.snapshot();
      assert.equal(finishedCondition(final.status)?.reason, 'BackoffLimitExceeded');
      assert.ok(explainFailure(final).some((l) => /\/main exited 3 \(Error\)/.test(l)));
    } finally {
      run.dispose();
    }
  });

  test('AlreadyExists offers the choices; "Delete and re-run" runs it again', { timeout: LIVE_TIMEOUT }, async () => {
    const first = await startClusterRun({ connection, objects: [job('again', 'echo one')] });
    await first.finished();
    first.dispose();
    await assert.rejects(startClusterRun({ connection, objects: [job('again', 'echo two')] }), JobConflictError);
    const second = await startClusterRun({ connection, objects: [job('again', 'echo two')], onConflict: 'replace' });
    try {
      const lines = await followToEnd(second);
      assert.notEqual(second.id, first.id);
      assert.deepEqual(lines.map((l) => l.text), ['two']);
    } finally {
      second.dispose();
    }
  });

  test('an immutable field change is refused and offered the same choices', { timeout: LIVE_TIMEOUT }, async () => {
    const first = await startClusterRun({ connection, objects: [job('fixed', 'echo a')] });
    await first.finished();
    first.dispose();
    await assert.rejects(updateJob(connection, job('fixed', 'echo b')), (error: unknown) => error instanceof JobConflictError && error.conflict.reason === 'immutable');
  });

  test('the API server refuses an invalid Job in the dry run, before anything exists', { timeout: LIVE_TIMEOUT }, async () => {
    const invalid = job('bad', 'echo x');
    (invalid.spec.template.spec as { restartPolicy: string }).restartPolicy = 'Always';
    await assert.rejects(startClusterRun({ connection, objects: [invalid] }), (error: unknown) => error instanceof ClusterError && error.kind === 'invalid' && /restartPolicy/.test(error.message));
  });

  test('CronJob run now follows the new Job, owned by the CronJob', { timeout: LIVE_TIMEOUT }, async () => {
    const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 3 * * *', suspend: true, jobTemplate: { spec: job('x', 'echo report').spec } } };
    await connection.call('create cronjob', () => connection.batch.createNamespacedCronJob({ namespace, body: cronJob }));
    const run = await startClusterRun({ connection, objects: [cronJob] });
    try {
      const lines = await followToEnd(run);
      assert.deepEqual(lines.map((l) => l.text), ['report']);
      const owned = await listCronJobJobs(connection, 'nightly');
      assert.deepEqual(owned.map((j) => j.metadata?.name), [run.snapshot().jobName]);
    } finally {
      run.dispose();
    }
  });
}
