// The seeds' Jobs (seed 001: normal-job, abnormal-end, two-containers) on simulated time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenario, sleepThenExit } from './harness';

const normalJob = (parallelism?: number) => `
apiVersion: batch/v1
kind: Job
metadata:
  name: normal-job
spec:
  template:
    spec:
      containers:
        - name: busybox
          image: busybox:latest
          command: ["sh", "-c", "sleep 5; exit 0"]
      restartPolicy: Never
  completions: 6
${parallelism ? `  parallelism: ${parallelism}` : ''}
`;

describe('seed 001 normal-job: completions 6', () => {
  test('parallelism 2 runs the 6 pods two at a time and completes after three rounds', async () => {
    const s = await scenario(normalJob(2), sleepThenExit(5));
    assert.deepEqual(s.creationTimes(), [0, 0]);
    assert.equal(s.handle.snapshot().status.active, 2);
    await s.advance(15);
    const run = s.handle.snapshot();
    assert.equal(s.runtime.maxRunningPods, 2);
    assert.deepEqual(s.creationTimes(), [0, 0, 5, 5, 10, 10]);
    assert.equal(run.status.succeeded, 6);
    assert.equal(run.status.failed, 0);
    assert.equal(run.status.active, 0);
    assert.equal(run.status.startTime, '2025-01-01T00:00:00.000Z');
    assert.equal(run.status.completionTime, '2025-01-01T00:00:15.000Z');
    assert.deepEqual(
      run.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]),
      [
        ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
        ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ],
    );
    const created = run.pods.map((p) => `0s Normal SuccessfulCreate: Created pod: ${p.name}`);
    assert.deepEqual(
      s.eventLog().map((e) => e.replace(/^\d+s/, '0s')),
      [...created, '0s Normal Completed: Job completed'],
    );
    assert.deepEqual(s.eventLog().at(-1), '15s Normal Completed: Job completed');
    for (const pod of run.pods) {
      assert.match(pod.name, /^normal-job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      assert.equal(pod.phase, 'Succeeded');
      assert.equal(pod.node, 'local');
      assert.equal(pod.labels['batch.kubernetes.io/job-name'], 'normal-job');
      assert.equal(pod.labels['job-name'], 'normal-job');
      assert.equal(pod.labels['controller-uid'], pod.labels['batch.kubernetes.io/controller-uid']);
      assert.match(pod.labels['controller-uid'], /^[0-9a-f-]{36}$/);
      assert.deepEqual(pod.containers.map((c) => [c.name, 'terminated' in c.state && c.state.terminated.reason, c.restartCount]), [['busybox', 'Completed', 0]]);
    }
    const finished = await s.handle.finished();
    assert.equal(finished.status.succeeded, 6);
  });

  test('without parallelism the pods run one after another', async () => {
    const s = await scenario(normalJob(), sleepThenExit(5));
    await s.advance(30);
    assert.equal(s.runtime.maxRunningPods, 1);
    assert.deepEqual(s.creationTimes(), [0, 5, 10, 15, 20, 25]);
    assert.equal(s.handle.snapshot().status.completionTime, '2025-01-01T00:00:30.000Z');
  });

  test('status changes report active and succeeded as pods come and go', async () => {
    const s = await scenario(normalJob(2), sleepThenExit(5));
    await s.advance(15);
    const counts = s.changes.flatMap((c) => (c.kind === 'status' ? [`${c.status.active}/${c.status.succeeded}`] : []));
    // Each pod's end is its own change, and its replacement starts at once: active never exceeds 2.
    assert.deepEqual(counts.filter((c, i) => c !== counts[i - 1]), ['2/0', '2/1', '2/2', '2/3', '2/4', '1/5', '0/6']);
  });
});

describe('seed 001 abnormal-end: backoffLimit 3', () => {
  const abnormal = `
apiVersion: batch/v1
kind: Job
metadata:
  name: abnormal-end
spec:
  backoffLimit: 3
  template:
    spec:
      containers:
        - name: busybox
          image: busybox:latest
          command: ["sh", "-c", "sleep 5; exit 1"]
      restartPolicy: Never
`;

  test('4 pods fail, each replaced after 10 s, 20 s, 40 s, then BackoffLimitExceeded', async () => {
    const s = await scenario(abnormal, sleepThenExit(5, 1));
    await s.advance(200);
    const run = s.handle.snapshot();
    // Each failure at t; the replacement at t + 10 s · 2^(n-1).
    assert.deepEqual(s.creationTimes(), [0, 15, 40, 85]);
    assert.equal(run.pods.length, 4);
    assert.ok(run.pods.every((p) => p.phase === 'Failed'));
    assert.equal(run.status.failed, 4);
    assert.equal(run.status.succeeded, 0);
    assert.equal(run.status.completionTime, undefined);
    assert.deepEqual(
      run.status.conditions.map((c) => [c.type, c.reason, c.message, c.lastTransitionTime]),
      [
        ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', '2025-01-01T00:01:30.000Z'],
        ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', '2025-01-01T00:01:30.000Z'],
      ],
    );
    assert.deepEqual(s.eventLog(), [
      `0s Normal SuccessfulCreate: Created pod: ${run.pods[0].name}`,
      `15s Normal SuccessfulCreate: Created pod: ${run.pods[1].name}`,
      `40s Normal SuccessfulCreate: Created pod: ${run.pods[2].name}`,
      `85s Normal SuccessfulCreate: Created pod: ${run.pods[3].name}`,
      '90s Warning BackoffLimitExceeded: Job has reached the specified backoff limit',
    ]);
    const container = run.pods[0].containers[0];
    assert.ok('terminated' in container.state);
    assert.equal(container.state.terminated.exitCode, 1);
    assert.equal(container.state.terminated.reason, 'Error');
  });

  test('backoffScale shortens the back-off by the same factor', async () => {
    const s = await scenario(abnormal, sleepThenExit(5, 1), { backoffScale: 0.1 });
    await s.advance(60);
    assert.deepEqual(s.creationTimes(), [0, 6, 13, 22]);
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });
});

describe('seed 001 two-containers: one container of two fails', () => {
  const twoContainers = `
apiVersion: batch/v1
kind: Job
metadata:
  name: two-containers
spec:
  template:
    spec:
      containers:
        - name: busybox1
          image: busybox:1
          command: ["sh", "-c", "sleep 5; exit 0"]
        - name: busybox2
          image: busybox:1
          command: ["sh", "-c", "sleep 5; exit 1"]
      restartPolicy: Never
  backoffLimit: 2
`;

  test('every pod fails because busybox2 exits 1; 3 pods, then BackoffLimitExceeded', async () => {
    const s = await scenario(twoContainers, ({ container }) => ({ runSeconds: 5, exitCode: container === 'busybox2' ? 1 : 0 }));
    await s.advance(120);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 3);
    assert.deepEqual(s.creationTimes(), [0, 15, 40]);
    for (const pod of run.pods) {
      assert.equal(pod.phase, 'Failed');
      assert.deepEqual(
        pod.containers.map((c) => ('terminated' in c.state ? [c.name, c.state.terminated.exitCode, c.state.terminated.reason] : [c.name])),
        [
          ['busybox1', 0, 'Completed'],
          ['busybox2', 1, 'Error'],
        ],
      );
    }
    assert.equal(run.status.failed, 3);
    assert.equal(run.status.conditions.at(-1)?.type, 'Failed');
    assert.equal(run.status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });

  test('the pod waits for its slower container before it counts as failed', async () => {
    const s = await scenario(twoContainers, ({ container }) => (container === 'busybox2' ? { runSeconds: 1, exitCode: 1 } : { runSeconds: 5 }));
    await s.advance(2);
    assert.equal(s.handle.snapshot().pods[0].phase, 'Running');
    assert.equal(s.handle.snapshot().status.failed, 0);
    await s.advance(3);
    assert.equal(s.handle.snapshot().pods[0].phase, 'Failed');
    assert.equal(s.handle.snapshot().status.failed, 1);
  });
});

describe('seed 000 sample-job: completions 10, parallelism 2, backoffLimit 5, a pod that fails', () => {
  const sampleJob = `
apiVersion: batch/v1
kind: Job
metadata:
  name: sample-job
spec:
  completions: 10
  parallelism: 2
  backoffLimit: 5
  template:
    spec:
      containers:
      - name: sample-job-container
        image: busybox:latest
        command: ["/bin/sh","-c"]
        args: ["python job.py"]
      restartPolicy: Never
`;

  test('the failure holds new pods back for 10 s until the next success resets the back-off; 10 completions, 1 failure', async () => {
    // The fourth pod (suffix bbbbf) is the one in ten that fails.
    const s = await scenario(sampleJob, ({ pod }) => ({ runSeconds: 10, exitCode: pod.endsWith('bbbbf') ? 1 : 0 }));
    await s.advance(60);
    const run = s.handle.snapshot();
    // At 20 s one pod succeeds (a replacement starts) and one fails: nothing more until a success at 30 s.
    assert.deepEqual(s.creationTimes(), [0, 0, 10, 10, 20, 30, 30, 40, 40, 50, 50]);
    assert.equal(s.runtime.maxRunningPods, 2);
    assert.deepEqual([run.status.succeeded, run.status.failed, run.pods.length], [10, 1, 11]);
    assert.equal(run.status.completionTime, '2025-01-01T00:01:00.000Z');
  });
});
