import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobFromCronJob, manualJobName } from '../../../client/src/runs/job-from-cronjob';

const cronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'hello', namespace: 'team' },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: {
      metadata: { labels: { app: 'hello' } },
      spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } },
    },
  },
};

test('a Job made from a CronJob carries its template, labels and the manual annotation', () => {
  const job = jobFromCronJob(cronJob, 'hello-manual-abcde');
  assert.deepEqual(job.metadata, {
    name: 'hello-manual-abcde',
    namespace: 'team',
    labels: { app: 'hello' },
    annotations: { 'cronjob.kubernetes.io/instantiate': 'manual' },
  });
  assert.deepEqual(job.spec, cronJob.spec.jobTemplate.spec);
  // A copy: running it never changes the CronJob in the manifest.
  (job.spec as { backoffLimit: number }).backoffLimit = 9;
  assert.equal(cronJob.spec.jobTemplate.spec.backoffLimit, 2);
});

test('manual Job names stay valid Job names however long the CronJob name', () => {
  assert.match(manualJobName('hello'), /^hello-manual-[0-9a-f]{5}$/);
  const long = manualJobName('a'.repeat(52));
  assert.ok(long.length <= 63, long);
  assert.match(long, /^a+-manual-[0-9a-f]{5}$/);
  assert.notEqual(manualJobName('hello'), manualJobName('hello'));
});
