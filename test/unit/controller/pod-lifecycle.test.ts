// Inside one pod: init containers in order, sidecars kept running and stopped last, image pulls
// that fail and are retried while the pod stays Pending, and runtime calls that fail.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenario, T0 } from './harness';

const withInit = `
apiVersion: batch/v1
kind: Job
metadata:
  name: init-job
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: prepare
          image: busybox:latest
        - name: proxy
          image: busybox:latest
          restartPolicy: Always
        - name: migrate
          image: busybox:latest
      containers:
        - name: main
          image: busybox:latest
`;

describe('init containers and sidecars', () => {
  test('init containers run one after another, the sidecar keeps running beside main and is stopped after it', async () => {
    const s = await scenario(withInit, ({ container }) =>
      container === 'proxy' ? { forever: true } : { runSeconds: container === 'main' ? 10 : 2 },
    );
    await s.advance(1);
    let pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Pending');
    assert.deepEqual(pod.initContainers.map((c) => [c.name, c.role]), [
      ['prepare', 'init'],
      ['proxy', 'sidecar'],
      ['migrate', 'init'],
    ]);
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'PodInitializing' } });
    await s.advance(20);
    const order = s.runtime.calls.filter((c) => c.kind !== 'createPod').map((c) => `${(c.at - T0) / 1000}s ${c.kind} ${c.container ?? c.containers?.join(',')}`);
    assert.deepEqual(order, ['0s startContainer prepare', '2s startContainer proxy', '2s startContainer migrate', '4s startContainer main', '14s stopContainers proxy']);
    pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Succeeded', "the sidecar's exit code on SIGTERM does not fail the pod");
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.type, 'Complete');
  });

  test('a failing init container fails the pod before main starts (restartPolicy Never)', async () => {
    const s = await scenario(withInit, ({ container }) => (container === 'prepare' ? { runSeconds: 1, exitCode: 2 } : { runSeconds: 1 }));
    await s.advance(5);
    const run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Failed');
    assert.deepEqual(s.runtime.calls.filter((c) => c.kind === 'startContainer').map((c) => c.container), ['prepare']);
    assert.equal(run.status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
  });

  test('the pod is Running and ready once main runs; status.ready counts it', async () => {
    const s = await scenario(withInit, ({ container }) => (container === 'proxy' || container === 'main' ? { forever: true } : { runSeconds: 1 }));
    await s.advance(3);
    const run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Running');
    assert.equal(run.status.ready, 1);
    assert.equal(run.status.active, 1);
  });
});

describe('images that cannot be pulled', () => {
  const pulling = `
apiVersion: batch/v1
kind: Job
metadata:
  name: pull
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: app
          image: registry.example/app:1
`;

  test('ErrImagePull, then ImagePullBackOff, retried after 10 s, 20 s…; the pod stays Pending; it runs once the image is there', async () => {
    let imageThere = false;
    const s = await scenario(pulling, () =>
      imageThere ? { runSeconds: 1 } : { notStarted: { reason: 'ErrImagePull', message: 'pull access denied', retryable: true } },
    );
    let pod = s.handle.snapshot().pods[0];
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'ErrImagePull', message: 'pull access denied' } });
    await s.advance(1);
    pod = s.handle.snapshot().pods[0];
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "registry.example/app:1"' } });
    assert.equal(pod.phase, 'Pending');
    await s.advance(60);
    const attempts = s.runtime.calls.filter((c) => c.kind === 'startContainer').map((c) => (c.at - T0) / 1000);
    assert.deepEqual(attempts, [0, 10, 30]);
    assert.equal(s.handle.snapshot().pods[0].phase, 'Pending');
    assert.equal(s.handle.snapshot().status.failed, 0);
    const podEvents = s.eventLog((e) => e.involvedObject.startsWith('pod/')).slice(0, 3);
    assert.deepEqual(podEvents, [
      '0s Warning Failed: Failed to pull image "registry.example/app:1": pull access denied',
      '0s Warning Failed: Error: ErrImagePull',
      '1s Normal BackOff: Back-off pulling image "registry.example/app:1"',
    ]);
    imageThere = true;
    await s.advance(40);
    assert.equal(s.handle.snapshot().pods[0].phase, 'Succeeded');
    assert.equal(s.handle.snapshot().pods.length, 1);
  });

  test('a container that starts after its pod was given up is stopped again', async () => {
    const s = await scenario(pulling.replace('spec:\n  template', 'spec:\n  activeDeadlineSeconds: 5\n  template'), () => ({
      notStarted: { reason: 'ErrImagePull', message: 'timeout', retryable: true },
    }));
    await s.advance(5);
    const pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Failed');
    s.runtime.emit({ type: 'containerStarted', pod: pod.name, container: 'app', startedAt: new Date(s.clock.now()).toISOString() });
    await s.advance(0);
    assert.deepEqual(
      s.runtime.calls.filter((c) => c.kind === 'stopContainers').map((c) => [c.pod, c.containers]),
      [[pod.name, ['app']]],
    );
    assert.equal(s.handle.snapshot().pods[0].phase, 'Failed');
  });

  test('a retryable configuration error waits with its own reason and is retried, not reported as a pull', async () => {
    let configured = false;
    const s = await scenario(pulling, () =>
      configured ? { runSeconds: 1 } : { notStarted: { reason: 'CreateContainerConfigError', message: 'configmap "settings" not found', retryable: true } },
    );
    await s.advance(5);
    const pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Pending');
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'CreateContainerConfigError', message: 'configmap "settings" not found' } });
    assert.deepEqual(s.eventLog((e) => e.involvedObject.startsWith('pod/')), ['0s Warning Failed: Error: configmap "settings" not found']);
    configured = true;
    await s.advance(10);
    assert.equal(s.handle.snapshot().pods[0].phase, 'Succeeded');
  });

  test('a container that cannot start for good (ErrImageNeverPull) fails the pod', async () => {
    const s = await scenario(pulling, () => ({ notStarted: { reason: 'ErrImageNeverPull', message: 'image not present with pull policy of Never', retryable: false } }));
    await s.advance(1);
    const pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Failed');
    assert.equal(pod.reason, 'ErrImageNeverPull');
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'ErrImageNeverPull', message: 'image not present with pull policy of Never' } });
    assert.equal(s.handle.snapshot().status.failed, 1);
  });
});

describe('runtime calls that fail', () => {
  const simple = `
apiVersion: batch/v1
kind: Job
metadata:
  name: flaky-engine
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: app
          image: busybox:latest
`;

  test('a createPod failure is a FailedCreate warning and a failed pod, replaced after the back-off', async () => {
    const s = await scenario(simple, () => ({ runSeconds: 1 }), {}, (runtime) => (runtime.failures.createPod = new Error('no space left on device')));
    let run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Failed');
    assert.equal(run.pods[0].reason, 'FailedCreate');
    assert.equal(run.status.failed, 1);
    assert.deepEqual(s.eventLog().slice(0, 2), [
      `0s Normal SuccessfulCreate: Created pod: ${run.pods[0].name}`,
      '0s Warning FailedCreate: Error creating: no space left on device',
    ]);
    await s.advance(11);
    run = s.handle.snapshot();
    assert.deepEqual(s.creationTimes(), [0, 10]);
    assert.equal(run.status.succeeded, 1);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
  });

  test('a startContainer failure fails the pod with RunContainerError', async () => {
    const s = await scenario(simple, () => ({ runSeconds: 1 }), {}, (runtime) => (runtime.failures.startContainer = new Error('OCI runtime create failed')));
    const pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Failed');
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'RunContainerError', message: 'OCI runtime create failed' } });
  });

  test('a refused pod (PodRefused) fails the Job at once with the refusal as the message', async () => {
    const { PodRefused } = await import('../../../client/src/runs/pod-runtime');
    const s = await scenario(simple, () => ({ runSeconds: 1 }), {}, (runtime) => (runtime.failures.createPod = new PodRefused('volume "data": persistentVolumeClaim is not supported locally')));
    const run = s.handle.snapshot();
    assert.deepEqual(run.status.conditions.at(-1), {
      type: 'Failed',
      status: 'True',
      reason: 'PodRefused',
      message: 'volume "data": persistentVolumeClaim is not supported locally',
      lastTransitionTime: '2025-01-01T00:00:00.000Z',
    });
    assert.equal(s.runtime.calls.filter((c) => c.kind === 'createPod').length, 1);
  });

  test('a stopContainers failure is a FailedKillPod warning and the Job still ends', async () => {
    const s = await scenario(simple.replace('backoffLimit: 1', 'backoffLimit: 1\n  activeDeadlineSeconds: 5'), () => ({ forever: true }), {}, (runtime) => (runtime.failures.stopContainers = new Error('engine busy')));
    await s.advance(5);
    const run = s.handle.snapshot();
    assert.ok(s.eventLog((e) => e.involvedObject.startsWith('pod/')).includes('5s Warning FailedKillPod: error killing pod: engine busy'));
    assert.equal(run.status.conditions.at(-1)?.reason, 'DeadlineExceeded');
    assert.equal(run.status.conditions.at(-1)?.type, 'Failed');
  });
});
