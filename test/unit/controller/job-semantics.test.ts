// The Job's retry and ending rules on simulated time: restartPolicy OnFailure (restarts count
// towards backoffLimit), activeDeadlineSeconds (it wins over backoffLimit) and the pod's own;
// completionMode Indexed, backoffLimitPerIndex, maxFailedIndexes, successPolicy; podFailurePolicy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { finishedCondition } from '../../../client/src/runs/model';
import { jobYaml, scenario, sleepThenExit, T0 } from './harness';
import type { ContainerCall } from './fake-runtime';

describe('restartPolicy OnFailure', () => {
  test('the failed container restarts in the same pod after 10 s, 20 s, and the restarts reach backoffLimit', async () => {
    const s = await scenario(jobYaml('on-failure', '  backoffLimit: 2', '', 'OnFailure'), sleepThenExit(5, 1));
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
    const s = await scenario(jobYaml('flaky', '', '', 'OnFailure'), ({ attempt }) => ({ runSeconds: 2, exitCode: attempt === 1 ? 3 : 0 }));
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
    const s = await scenario(jobYaml('crashloop', '  backoffLimit: 9', '', 'OnFailure'), sleepThenExit(0, 1));
    await s.advance(3000);
    const starts = s.runtime.calls.filter((c) => c.kind === 'startContainer').map((c) => c.at);
    const gaps = starts.slice(1).map((t, i) => (t - starts[i]) / 1000);
    assert.deepEqual(gaps, [10, 20, 40, 80, 160, 300, 300, 300, 300]);
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });

  test('OOMKilled is the reason of a container killed for memory', async () => {
    const s = await scenario(jobYaml('oom', '  backoffLimit: 0'), () => ({ runSeconds: 1, exitCode: 137, oomKilled: true }));
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
      jobYaml('deadline', '  activeDeadlineSeconds: 30\n  parallelism: 2\n  completions: 4', '      terminationGracePeriodSeconds: 7'),
      () => ({ forever: true, ignoresSigterm: true }),
    );
    await s.advance(29);
    assert.equal(s.handle.snapshot().status.active, 2);
    await s.advance(1);
    let run = s.handle.snapshot();
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline']]);
    assert.equal(run.status.active, 0);
    assert.equal(run.status.terminating, 2);
    // Deleted at 30 s with a grace period of 7 s: the API server's deletionTimestamp is when it ends.
    assert.ok(run.pods.every((p) => p.deletionTimestamp === '2025-01-01T00:00:37.000Z'));
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
    const s = await scenario(jobYaml('deadline-vs-backoff', '  activeDeadlineSeconds: 60\n  backoffLimit: 6'), sleepThenExit(5, 1));
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
    const s = await scenario(jobYaml('pod-deadline', '  backoffLimit: 1', '      activeDeadlineSeconds: 20'), () => ({ forever: true }));
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

  test('a failure the pod failure policy ignores is counted on the index replacement as job-index-ignored-failure-count', async () => {
    const ignored = 'batch.kubernetes.io/job-index-ignored-failure-count';
    const spec = '  completions: 1\n  backoffLimitPerIndex: 0\n  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onExitCodes: { operator: In, values: [5] }';
    // The pod reads its own annotation, as a downward-API env var would: absent means no failure ignored yet.
    const s = await scenario(indexed(spec), (call) => ({ runSeconds: 1, exitCode: call.launch.annotations[ignored] === undefined ? 5 : 0 }));
    await s.advance(30);
    const run = s.handle.snapshot();
    assert.deepEqual(run.pods.map((p) => [p.phase, p.annotations[ignored], p.annotations['batch.kubernetes.io/job-index-failure-count']]), [
      ['Failed', undefined, '0'],
      ['Succeeded', '1', '0'],
    ]);
    assert.equal(finishedCondition(run.status)?.type, 'Complete');
    assert.equal(run.status.failed, 0);
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
    assert.equal(run.status.failed, 0, 'the pods stopped once the success policy was met are not failures');
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

const withPolicy = (rules: string, extra = '') => `
apiVersion: batch/v1
kind: Job
metadata:
  name: policy
spec:
  backoffLimit: 2
${extra}
  podFailurePolicy:
    rules:
${rules}
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:latest
        - name: helper
          image: busybox:latest
`;

describe('podFailurePolicy', () => {
  test('FailJob on exit code 42 fails the Job at once with reason PodFailurePolicy', async () => {
    const s = await scenario(
      withPolicy('      - action: FailJob\n        onExitCodes:\n          containerName: main\n          operator: In\n          values: [42]'),
      ({ container }) => (container === 'main' ? { runSeconds: 3, exitCode: 42 } : { runSeconds: 1 }),
    );
    await s.advance(3);
    const run = s.handle.snapshot();
    const message = `Container main for pod default/${run.pods[0].name} failed with exit code 42 matching FailJob rule at index 0`;
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
    assert.equal(run.pods.length, 1, 'no retry');
    assert.equal(run.status.failed, 1);
    assert.deepEqual(s.eventLog().at(-1), `3s Warning PodFailurePolicy: ${message}`);
  });

  test('containerName limits the rule to that container: exit 42 from helper is counted as usual', async () => {
    const s = await scenario(
      withPolicy('      - action: FailJob\n        onExitCodes:\n          containerName: main\n          operator: In\n          values: [42]'),
      ({ container }) => (container === 'helper' ? { runSeconds: 1, exitCode: 42 } : { runSeconds: 1 }),
    );
    await s.advance(100);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 3);
    assert.equal(run.status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });

  test('Ignore: the failure does not count towards backoffLimit and the pod is replaced', async () => {
    const s = await scenario(
      withPolicy('      - action: Ignore\n        onExitCodes:\n          operator: In\n          values: [3]'),
      ({ attempt, pod }) => ({ runSeconds: 1, exitCode: attempt === 1 && !pod.endsWith('bbbbf') ? 3 : 0 }),
    );
    await s.advance(200);
    const run = s.handle.snapshot();
    assert.equal(run.pods.filter((p) => p.phase === 'Failed').length, 3, 'three ignored failures, more than backoffLimit 2');
    assert.equal(run.status.failed, 0);
    assert.equal(run.status.succeeded, 1);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
  });

  test('NotIn: exit codes outside the list match; Count keeps the default counting', async () => {
    const s = await scenario(
      withPolicy(
        '      - action: Count\n        onExitCodes:\n          operator: In\n          values: [1]\n      - action: FailJob\n        onExitCodes:\n          operator: NotIn\n          values: [0, 1]',
      ),
      ({ pod, container }) => ({ runSeconds: 1, exitCode: container === 'main' ? (pod.endsWith('bbbbb') ? 1 : 7) : 0 }),
    );
    await s.advance(30);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 2);
    assert.equal(run.status.failed, 2);
    assert.match(run.status.conditions.at(-1)?.message ?? '', /failed with exit code 7 matching FailJob rule at index 1$/);
  });

  test('onPodConditions DisruptionTarget: pods given up with a lost engine match it (FailJob)', async () => {
    const s = await scenario(withPolicy('      - action: FailJob\n        onPodConditions:\n          - type: DisruptionTarget'), () => ({ forever: true }), { engineLostTimeoutMs: 20_000 });
    await s.advance(5);
    s.runtime.loseEngine('connection refused');
    await s.advance(20);
    const run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Failed');
    assert.equal(run.pods[0].reason, 'EngineLost');
    const message = `Pod default/${run.pods[0].name} has condition DisruptionTarget matching FailJob rule at index 0`;
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'PodFailurePolicy', message],
      ['Failed', 'PodFailurePolicy', message],
    ]);
  });

  test('FailIndex fails just that index (with backoffLimitPerIndex)', async () => {
    const s = await scenario(
      withPolicy(
        '      - action: FailIndex\n        onExitCodes:\n          operator: In\n          values: [9]',
        '  completionMode: Indexed\n  completions: 3\n  parallelism: 3\n  backoffLimitPerIndex: 5',
      ).replace('  backoffLimit: 2\n', ''),
      ({ launch }) => ({ runSeconds: 1, exitCode: launch.index === 1 ? 9 : 0 }),
    );
    await s.advance(5);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 3, 'index 1 is not retried');
    assert.equal(run.status.failedIndexes, '1');
    assert.equal(run.status.completedIndexes, '0,2');
    assert.equal(run.status.conditions.at(-1)?.reason, 'FailedIndexes');
  });
});
