// completionMode Indexed: indexes, names, labels, env and hostname; backoffLimitPerIndex and
// maxFailedIndexes; successPolicy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenario } from './harness';
import type { ContainerCall } from './fake-runtime';

const indexed = (spec: string) => `
apiVersion: batch/v1
kind: Job
metadata:
  name: sample
spec:
  completionMode: Indexed
${spec}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: worker
          image: busybox:latest
          env:
            - name: GREETING
              value: hi
`;

const indexOf = (call: ContainerCall): number => Number(call.launch.annotations['batch.kubernetes.io/job-completion-index']);

describe('completionMode Indexed', () => {
  test('pods get their index in name, label, annotation, JOB_COMPLETION_INDEX and hostname; completedIndexes grows', async () => {
    const s = await scenario(indexed('  completions: 5\n  parallelism: 2'), (call) => ({ runSeconds: 1 + indexOf(call) }));
    const first = s.runtime.launches.get(s.handle.snapshot().pods[0].name);
    assert.ok(first);
    assert.match(first.podName, /^sample-0-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(first.index, 0);
    assert.equal(first.hostname, 'sample-0');
    assert.equal(first.labels['batch.kubernetes.io/job-completion-index'], '0');
    assert.equal(first.annotations['batch.kubernetes.io/job-completion-index'], '0');
    const spec = first.spec as { hostname: string; containers: { env: unknown[] }[] };
    assert.equal(spec.hostname, 'sample-0');
    assert.deepEqual(spec.containers[0].env, [
      { name: 'GREETING', value: 'hi' },
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } },
    ]);
    assert.deepEqual(s.handle.snapshot().pods.map((p) => p.index), [0, 1]);
    await s.advance(1);
    assert.equal(s.handle.snapshot().status.completedIndexes, '0');
    await s.advance(1);
    assert.equal(s.handle.snapshot().status.completedIndexes, '0,1');
    await s.advance(20);
    const run = s.handle.snapshot();
    assert.deepEqual(run.pods.map((p) => p.index), [0, 1, 2, 3, 4], 'lower indexes start first');
    assert.equal(run.status.completedIndexes, '0-4');
    assert.equal(run.status.succeeded, 5);
    assert.equal(run.status.failedIndexes, undefined);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
    assert.equal(s.runtime.maxRunningPods, 2);
  });

  test('a failed index is retried with a new pod for the same index', async () => {
    const s = await scenario(indexed('  completions: 3\n  parallelism: 3'), (call) => ({ runSeconds: 1, exitCode: indexOf(call) === 1 && call.launch.podName.endsWith('bbbbc') ? 1 : 0 }));
    await s.advance(20);
    const run = s.handle.snapshot();
    assert.deepEqual(run.pods.map((p) => [p.index, p.phase]), [
      [0, 'Succeeded'],
      [1, 'Failed'],
      [2, 'Succeeded'],
      [1, 'Succeeded'],
    ]);
    assert.equal(run.status.failed, 1);
    assert.equal(run.status.completedIndexes, '0-2');
  });
});

describe('backoffLimitPerIndex', () => {
  test('an index that fails more than its limit is failed; the others finish; the Job fails with FailedIndexes', async () => {
    const s = await scenario(indexed('  completions: 4\n  parallelism: 4\n  backoffLimitPerIndex: 1'), (call) => ({ runSeconds: 2, exitCode: indexOf(call) === 2 ? 1 : 0 }));
    await s.advance(2);
    let run = s.handle.snapshot();
    assert.equal(run.status.failedIndexes, '');
    assert.equal(run.status.completedIndexes, '0,1,3');
    await s.advance(30);
    run = s.handle.snapshot();
    const retries = run.pods.filter((p) => p.index === 2);
    assert.equal(retries.length, 2, 'index 2: first try and one retry');
    assert.equal(retries[1].annotations['batch.kubernetes.io/job-index-failure-count'], '1');
    assert.equal(run.status.failedIndexes, '2');
    assert.equal(run.status.completedIndexes, '0,1,3');
    assert.equal(run.status.failed, 2);
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'FailedIndexes', 'Job has failed indexes'],
      ['Failed', 'FailedIndexes', 'Job has failed indexes'],
    ]);
  });

  test('more failed indexes than maxFailedIndexes fails the Job at once with MaxFailedIndexesExceeded', async () => {
    const s = await scenario(indexed('  completions: 4\n  parallelism: 2\n  backoffLimitPerIndex: 0\n  maxFailedIndexes: 0'), (call) =>
      indexOf(call) === 0 ? { runSeconds: 1, exitCode: 1 } : { forever: true },
    );
    await s.advance(1);
    const run = s.handle.snapshot();
    assert.equal(run.status.failedIndexes, '0');
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
      ['Failed', 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes'],
    ]);
    assert.equal(run.pods.length, 2, 'no pod for the pending indexes');
    assert.equal(run.pods[1].phase, 'Failed', 'the running index-1 pod was stopped');
  });
});

describe('successPolicy', () => {
  test('succeededIndexes met: SuccessCriteriaMet, the other pods are stopped, then Complete with reason SuccessPolicy', async () => {
    const s = await scenario(
      indexed('  completions: 3\n  parallelism: 3\n  successPolicy:\n    rules:\n      - succeededIndexes: "0"'),
      (call) => (indexOf(call) === 0 ? { runSeconds: 3 } : { forever: true }),
    );
    await s.advance(3);
    const run = s.handle.snapshot();
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'SuccessPolicy', 'Matched rules at index 0'],
      ['Complete', 'SuccessPolicy', 'Matched rules at index 0'],
    ]);
    assert.deepEqual(run.pods.map((p) => p.phase), ['Succeeded', 'Failed', 'Failed']);
    assert.equal(run.status.succeeded, 1);
    assert.equal(run.status.completedIndexes, '0');
    assert.equal(run.status.completionTime, '2025-01-01T00:00:03.000Z');
    assert.equal(s.eventLog().filter((e) => e.includes('SuccessfulDelete')).length, 2);
  });

  test('succeededCount: the Job completes once that many indexes succeeded', async () => {
    const s = await scenario(
      indexed('  completions: 5\n  parallelism: 5\n  successPolicy:\n    rules:\n      - succeededCount: 2'),
      (call) => ({ runSeconds: 1 + indexOf(call) }),
    );
    await s.advance(2);
    const run = s.handle.snapshot();
    assert.equal(run.status.completedIndexes, '0,1');
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
    assert.equal(run.status.conditions.at(-1)?.reason, 'SuccessPolicy');
  });
});
