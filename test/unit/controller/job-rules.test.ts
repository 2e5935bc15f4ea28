// The controller's pure rules (back-off sequences and caps, index intervals, spec defaults,
// success policy) and the state machine driven directly: inputs and times in, actions out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { containerRestartDelay, startRetryDelay, podReplacementDelay } from '../../../client/src/runs/controller/backoff';
import { formatIndexes, parseIndexes } from '../../../client/src/runs/controller/indexes';
import { JobSpecError, readJobSpec } from '../../../client/src/runs/controller/job-spec';
import { matchSuccessPolicy } from '../../../client/src/runs/controller/success-policy';
import { podName } from '../../../client/src/runs/controller/pod-template';
import { job, jobYaml, scenario, suffixes, T0 } from './harness';
import { JobController } from '../../../client/src/runs/controller/job-controller';

describe('back-off', () => {
  test('pod replacement: 10 s, 20 s, 40 s … capped at 6 minutes', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => podReplacementDelay(n) / 1000), [10, 20, 40, 80, 160, 320, 360, 360, 360]);
    assert.equal(podReplacementDelay(0), 0);
  });

  test('container restart and image pull: 10 s doubling, capped at 5 minutes', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((n) => containerRestartDelay(n) / 1000), [10, 20, 40, 80, 160, 300, 300]);
    assert.deepEqual([1, 2, 6].map((n) => startRetryDelay(n) / 1000), [10, 20, 300]);
  });

  test('the time scale multiplies every delay', () => {
    assert.equal(podReplacementDelay(3, 0.01), 400);
    assert.equal(containerRestartDelay(10, 0.1), 30_000);
  });
});

describe('completion index intervals', () => {
  test('formatted as Kubernetes writes them', () => {
    assert.equal(formatIndexes([]), '');
    assert.equal(formatIndexes([5, 0, 1, 2, 3]), '0-3,5');
    assert.equal(formatIndexes([0, 1, 4, 7, 8, 9]), '0,1,4,7-9');
  });

  test('parsed back within completions; a malformed list selects nothing', () => {
    assert.deepEqual(parseIndexes('0-2,7,9', 8), [0, 1, 2, 7]);
    assert.deepEqual(parseIndexes('1-x', 8), []);
    assert.deepEqual(parseIndexes('3-1', 8), []);
  });
});

const template = `
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox`;

describe('Job spec defaults', () => {
  test('neither completions nor parallelism: 1 and 1, backoffLimit 6, NonIndexed, grace 30 s', () => {
    const spec = readJobSpec(job(`metadata: {name: j}\nspec:${template}`));
    assert.deepEqual(
      [spec.completions, spec.parallelism, spec.backoffLimit, spec.completionMode, spec.suspend, spec.terminationGracePeriodSeconds, spec.podReplacementPolicy],
      [1, 1, 6, 'NonIndexed', false, 30, 'TerminatingOrFailed'],
    );
  });

  test('parallelism alone is work-queue mode: completions stay unset', () => {
    assert.equal(readJobSpec(job(`metadata: {name: j}\nspec:\n  parallelism: 5${template}`)).completions, undefined);
  });

  test('backoffLimitPerIndex makes backoffLimit the int32 maximum; podFailurePolicy makes podReplacementPolicy Failed', () => {
    const spec = readJobSpec(job(`metadata: {name: j}\nspec:\n  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: 1${template}`));
    assert.equal(spec.backoffLimit, 2147483647);
    const withPolicy = readJobSpec(job(`metadata: {name: j}\nspec:\n  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onPodConditions: [{type: DisruptionTarget}]${template}`));
    assert.equal(withPolicy.podReplacementPolicy, 'Failed');
  });

  test('what the controller cannot run is a JobSpecError naming the field', () => {
    const bad = (yaml: string) => () => readJobSpec(job(yaml));
    // Completions default to 1 only when parallelism is unset too.
    assert.throws(bad(`metadata: {name: j}\nspec:\n  completionMode: Indexed\n  parallelism: 2${template}`), (e: unknown) => e instanceof JobSpecError && /completions is required/.test(e.message));
    assert.throws(bad(`metadata: {name: j}\nspec:\n  backoffLimit: -1${template}`), /spec.backoffLimit must be an integer ≥ 0/);
    assert.throws(bad(`metadata: {name: j}\nspec:\n  activeDeadlineSeconds: 0${template}`), /spec.activeDeadlineSeconds must be an integer ≥ 1/);
    assert.throws(bad(`metadata: {name: j}\nspec:${template.replace('image: busybox', 'imagePullPolicy: Never')}`), /needs an image/);
    assert.throws(bad(`metadata: {name: j}\nspec: {}`), /has no spec.template.spec/);
  });
});

describe('pod names', () => {
  test('a long Job name is cut so that the generated name stays within 63 characters', () => {
    const name = podName('x'.repeat(63), undefined, 'bcdfg');
    assert.equal(name.length, 63);
    assert.ok(name.endsWith('bcdfg'));
    assert.equal(podName('job', 3, 'bcdfg'), 'job-3-bcdfg');
  });
});

describe('success policy rules', () => {
  test('succeededIndexes with succeededCount: enough of the listed indexes', () => {
    const rules = [{ succeededIndexes: '0-4', succeededCount: 2 }];
    assert.equal(matchSuccessPolicy(rules, 10, new Set([0, 7])), undefined);
    assert.equal(matchSuccessPolicy(rules, 10, new Set([0, 3])), 'Matched rules at index 0');
  });

  test('the first matching rule gives the message', () => {
    const rules = [{ succeededIndexes: '9' }, { succeededCount: 1 }];
    assert.equal(matchSuccessPolicy(rules, 10, new Set([2])), 'Matched rules at index 1');
  });
});

const controllerFor = (spec: string) =>
  new JobController({ job: job(jobYaml('pure', spec)), runId: 'r', namespace: 'team-a', jobUid: 'uid-1', target: 'docker', nameSuffix: suffixes(), newUid: () => 'pod-uid' });

describe('JobController', () => {
  test('answers each input with the runtime actions to take and when to wake it', () => {
    const controller = controllerFor('  backoffLimit: 1');
    let out = controller.handle({ type: 'start' }, T0);
    assert.equal(out.actions.length, 1);
    const create = out.actions[0];
    assert.ok(create.kind === 'createPod');
    assert.equal(create.launch.podName, 'pure-bbbbb');
    assert.equal(create.launch.namespace, 'team-a');
    assert.equal(create.launch.labels['batch.kubernetes.io/controller-uid'], 'uid-1');
    assert.deepEqual(out.changes.map((c) => c.kind), ['event', 'pod', 'status']);

    out = controller.handle({ type: 'podCreated', pod: 'pure-bbbbb' }, T0 + 100);
    assert.deepEqual(out.actions, [{ kind: 'startContainer', pod: 'pure-bbbbb', container: 'main' }]);
    controller.handle({ type: 'runtime', event: { type: 'containerStarted', pod: 'pure-bbbbb', container: 'main', startedAt: new Date(T0 + 200).toISOString() } }, T0 + 200);
    out = controller.handle(
      { type: 'runtime', event: { type: 'containerExited', pod: 'pure-bbbbb', container: 'main', exitCode: 1, oomKilled: false, finishedAt: new Date(T0 + 5000).toISOString() } },
      T0 + 5000,
    );
    assert.deepEqual(out.actions, [], 'the replacement waits for the back-off');
    assert.equal(out.wakeAt, T0 + 15_000);
    assert.deepEqual(controller.handle({ type: 'tick' }, T0 + 14_999).actions, []);
    out = controller.handle({ type: 'tick' }, T0 + 15_000);
    assert.equal(out.actions[0].kind, 'createPod');
  });

  test('ignores runtime events about pods it does not know', () => {
    const controller = controllerFor('');
    controller.handle({ type: 'start' }, T0);
    const out = controller.handle({ type: 'runtime', event: { type: 'containerStarted', pod: 'stranger', container: 'main', startedAt: '' } }, T0);
    assert.deepEqual(out.actions, []);
    assert.deepEqual(out.changes, []);
  });
});

describe('runtime failures never become unhandled rejections', () => {
  test('every call rejecting, then delete: the run ends and is removed cleanly', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const s = await scenario(jobYaml('doomed', '  backoffLimit: 1'), () => ({ forever: true }), {}, (runtime) => {
        runtime.failures.createPod = new Error('engine gone');
      });
      await s.advance(11);
      s.runtime.failures.stopContainers = new Error('engine gone');
      s.runtime.failures.removePod = new Error('engine gone');
      await s.handle.delete();
      await s.advance(1);
      assert.equal(s.changes.at(-1)?.kind, 'removed');
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
