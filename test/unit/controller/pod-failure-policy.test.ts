// spec.podFailurePolicy: onExitCodes (containerName, In, NotIn) and onPodConditions, with the
// actions FailJob, Ignore, Count and FailIndex.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenario } from './harness';

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
