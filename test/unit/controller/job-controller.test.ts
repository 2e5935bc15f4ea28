// The state machine on its own, without a runner: inputs and times in, actions and changes out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JobController } from '../../../client/src/runs/controller/job-controller';
import { job, jobYaml, scenario, suffixes, T0 } from './harness';

const controllerFor = (spec: string) =>
  new JobController({ job: job(jobYaml('pure', spec)), runId: 'r', namespace: 'team-a', jobUid: 'uid-1', nameSuffix: suffixes(), newUid: () => 'pod-uid' });

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
