// restartPolicy OnFailure (restarts in place count towards backoffLimit), activeDeadlineSeconds
// (it wins over backoffLimit) and the pod's own activeDeadlineSeconds, on simulated time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jobYaml, scenario, sleepThenExit, T0 } from './harness';

const jobWith = jobYaml;

describe('restartPolicy OnFailure', () => {
  test('the failed container restarts in the same pod after 10 s, 20 s, and the restarts reach backoffLimit', async () => {
    const s = await scenario(jobWith('on-failure', '  backoffLimit: 2', '', 'OnFailure'), sleepThenExit(5, 1));
    await s.advance(6);
    let pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Running');
    assert.deepEqual(pod.containers[0].state, {
      waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=main pod=${pod.name}_default(${pod.uid})` },
    });
    assert.ok(pod.containers[0].lastState && 'terminated' in pod.containers[0].lastState);
    await s.advance(100);
    const run = s.handle.snapshot();
    const starts = s.runtime.calls.filter((c) => c.kind === 'startContainer').map((c) => (c.at - T0) / 1000);
    // Start at 0, exit at 5, restart at 15 (10 s back-off), exit at 20, restart at 40 (20 s).
    assert.deepEqual(starts, [0, 15, 40]);
    assert.equal(run.pods.length, 1, 'no new pod: the container restarts in place');
    pod = run.pods[0];
    assert.equal(pod.containers[0].restartCount, 2);
    // Two restarts reach backoffLimit 2: the running container is stopped and the Job fails.
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason]), [
      ['FailureTarget', 'BackoffLimitExceeded'],
      ['Failed', 'BackoffLimitExceeded'],
    ]);
    assert.equal(pod.phase, 'Failed');
    assert.equal(run.status.failed, 1);
    assert.deepEqual(s.eventLog().map((e) => e.split(':')[0]), ['0s Normal SuccessfulCreate', '40s Normal SuccessfulDelete', '40s Warning BackoffLimitExceeded']);
  });

  test('a container that succeeds after one restart completes the Job with restartCount 1', async () => {
    const s = await scenario(jobWith('flaky', '', '', 'OnFailure'), ({ attempt }) => ({ runSeconds: 2, exitCode: attempt === 1 ? 3 : 0 }));
    await s.advance(20);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 1);
    assert.equal(run.pods[0].phase, 'Succeeded');
    assert.equal(run.pods[0].containers[0].restartCount, 1);
    assert.deepEqual(run.pods[0].containers[0].lastState, {
      terminated: { exitCode: 3, reason: 'Error', message: undefined, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:02.000Z' },
    });
    assert.equal(run.status.succeeded, 1);
    assert.equal(run.status.failed, 0);
    assert.equal(run.status.completionTime, '2025-01-01T00:00:14.000Z');
  });

  test('the container back-off doubles up to its 5 minute cap', async () => {
    const s = await scenario(jobWith('crashloop', '  backoffLimit: 9', '', 'OnFailure'), sleepThenExit(0, 1));
    await s.advance(3000);
    const starts = s.runtime.calls.filter((c) => c.kind === 'startContainer').map((c) => c.at);
    const gaps = starts.slice(1).map((t, i) => (t - starts[i]) / 1000);
    assert.deepEqual(gaps, [10, 20, 40, 80, 160, 300, 300, 300, 300]);
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });

  test('OOMKilled is the reason of a container killed for memory', async () => {
    const s = await scenario(jobWith('oom', '  backoffLimit: 0'), () => ({ runSeconds: 1, exitCode: 137, oomKilled: true }));
    await s.advance(2);
    const state = s.handle.snapshot().pods[0].containers[0].state;
    assert.ok('terminated' in state);
    assert.deepEqual([state.terminated.exitCode, state.terminated.reason], [137, 'OOMKilled']);
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });
});

describe('activeDeadlineSeconds', () => {
  test('running pods are stopped with the grace period and the Job fails with DeadlineExceeded', async () => {
    const s = await scenario(
      jobWith('deadline', '  activeDeadlineSeconds: 30\n  parallelism: 2\n  completions: 4', '      terminationGracePeriodSeconds: 7'),
      () => ({ forever: true, ignoresSigterm: true }),
    );
    await s.advance(29);
    assert.equal(s.handle.snapshot().status.active, 2);
    await s.advance(1);
    let run = s.handle.snapshot();
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline']]);
    assert.equal(run.status.active, 0);
    assert.equal(run.status.terminating, 2);
    assert.ok(run.pods.every((p) => p.deletionTimestamp === '2025-01-01T00:00:30.000Z'));
    assert.deepEqual(
      s.runtime.calls.filter((c) => c.kind === 'stopContainers').map((c) => [(c.at - s.clock.now()) / 1000, c.gracePeriodSeconds]),
      [
        [0, 7],
        [0, 7],
      ],
    );
    await s.advance(7);
    run = s.handle.snapshot();
    assert.equal(run.status.terminating, 0);
    assert.equal(run.status.failed, 2);
    assert.deepEqual(run.status.conditions.at(-1), {
      type: 'Failed',
      status: 'True',
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
      lastTransitionTime: '2025-01-01T00:00:37.000Z',
    });
    assert.deepEqual(s.eventLog().slice(2), [
      `30s Normal SuccessfulDelete: Deleted pod: ${run.pods[0].name}`,
      `30s Normal SuccessfulDelete: Deleted pod: ${run.pods[1].name}`,
      '37s Warning DeadlineExceeded: Job was active longer than specified deadline',
    ]);
  });

  test('it wins over backoffLimit: the Job fails at the deadline while pods are still being retried', async () => {
    const s = await scenario(jobWith('deadline-vs-backoff', '  activeDeadlineSeconds: 60\n  backoffLimit: 6'), sleepThenExit(5, 1));
    await s.advance(120);
    const run = s.handle.snapshot();
    // Pods at 0, 15, 40; the next would come at 85, after the deadline.
    assert.deepEqual(s.creationTimes(), [0, 15, 40]);
    assert.equal(run.status.failed, 3);
    assert.equal(run.status.conditions.at(-1)?.reason, 'DeadlineExceeded');
    assert.equal(run.status.conditions.at(-1)?.lastTransitionTime, '2025-01-01T00:01:00.000Z');
  });
});

describe("the pod's own activeDeadlineSeconds", () => {
  test('the kubelet stops a pod past its deadline; it fails with reason DeadlineExceeded and is replaced', async () => {
    const s = await scenario(jobWith('pod-deadline', '  backoffLimit: 1', '      activeDeadlineSeconds: 20'), () => ({ forever: true }));
    await s.advance(20);
    let run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Failed');
    assert.equal(run.pods[0].reason, 'DeadlineExceeded');
    assert.equal(run.pods[0].message, 'Pod was active on the node longer than the specified deadline');
    assert.equal(run.status.failed, 1);
    await s.advance(50);
    run = s.handle.snapshot();
    assert.deepEqual(s.creationTimes(), [0, 30]);
    assert.equal(run.status.failed, 2);
    assert.equal(run.status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });
});
