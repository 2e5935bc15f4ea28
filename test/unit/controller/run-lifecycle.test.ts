// Pods and runs as the user sees them: init containers and sidecars, image pulls retried while
// the pod stays Pending, runtime calls that fail; TTL, suspend and resume, work queues, stop,
// delete, the engine going away and coming back, logs, and a Job that cannot be run.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scenario, T0, job, jobYaml, sleepThenExit } from './harness';
import { JobSpecError } from '../../../client/src/runs/controller/job-spec';
import { startLocalRun } from '../../../client/src/runs/local-runner';
import { ManualClock } from '../../../client/src/runs/controller/clock';
import { FakeRuntime } from './fake-runtime';
import { RunGone } from '../../../client/src/runs/model';

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

  test('a startContainer failure leaves the container waiting with RunContainerError, tried again after the back-off in the same pod', async () => {
    const s = await scenario(simple, () => ({ runSeconds: 1 }), {}, (runtime) => (runtime.failures.startContainer = new Error('OCI runtime create failed')));
    let pod = s.handle.snapshot().pods[0];
    assert.equal(pod.phase, 'Pending');
    assert.deepEqual(pod.containers[0].state, { waiting: { reason: 'RunContainerError', message: 'OCI runtime create failed' } });
    await s.advance(9);
    assert.equal(s.runtime.calls.filter((c) => c.kind === 'startContainer').length, 1, 'not before the back-off');
    await s.advance(3);
    const run = s.handle.snapshot();
    pod = run.pods[0];
    assert.equal(run.pods.length, 1, 'the same pod, not a new one');
    assert.equal(pod.phase, 'Succeeded');
    assert.equal(run.status.failed, 0);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
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

const simpleJob = (spec: string, name = 'hello-world'): string => jobYaml(name, spec, '', 'Never', 'hello');

describe('ttlSecondsAfterFinished (seed 003)', () => {
  test('the run and its pods are removed that many seconds after it finished', async () => {
    const s = await scenario(simpleJob('  ttlSecondsAfterFinished: 100\n  completions: 2'), sleepThenExit(7));
    await s.advance(14);
    assert.equal(s.handle.snapshot().status.conditions.at(-1)?.type, 'Complete');
    await s.advance(99);
    assert.equal(s.runtime.removed.size, 0);
    assert.ok(!s.changes.some((c) => c.kind === 'removed'));
    await s.advance(1);
    assert.deepEqual([...s.runtime.removed].sort(), s.handle.snapshot().pods.map((p) => p.name).sort());
    assert.equal(s.runtime.calls.filter((c) => c.kind === 'removePod').every((c) => c.at === T0 + 114_000), true);
    assert.equal(s.changes.at(-1)?.kind, 'removed');
  });

  test('ttlSecondsAfterFinished: 0 — finished() still gives the outcome, and the removal carries the final run', async () => {
    const s = await scenario(simpleJob('  ttlSecondsAfterFinished: 0\n  backoffLimit: 0'), () => ({ runSeconds: 1, exitCode: 3 }));
    const finished = s.handle.finished();
    await s.advance(1);
    const run = await finished;
    assert.equal(run.status.conditions.at(-1)?.type, 'Failed');
    const removed = s.changes.at(-1);
    assert.equal(removed?.kind, 'removed');
    assert.equal(removed.kind === 'removed' && removed.cause, 'ttl');
    assert.equal(removed.kind === 'removed' && removed.last?.status.conditions.at(-1)?.reason, 'BackoffLimitExceeded');
    assert.ok(s.changes.some((c) => c.kind === 'status' && c.status.conditions.some((k) => k.type === 'Failed')), 'the final status was sent before the removal');
  });

  test('a run deleted before it finished: finished() rejects with RunGone, and says so', async () => {
    const s = await scenario(simpleJob(''), () => ({ forever: true }));
    const finished = s.handle.finished();
    await s.advance(1);
    await s.handle.delete();
    await assert.rejects(finished, (error: unknown) => error instanceof RunGone && error.removal === 'deleted' && /was deleted before it finished/.test(error.message));
    await assert.rejects(s.handle.finished(), RunGone);
  });

  test('without a TTL finished pods and their logs stay', async () => {
    const s = await scenario(simpleJob(''), () => ({ runSeconds: 1, output: ['Hello from Docker!'] }));
    await s.advance(3600);
    assert.equal(s.runtime.removed.size, 0);
    const pod = s.handle.snapshot().pods[0].name;
    const lines: string[] = [];
    for await (const line of s.handle.logs(pod, 'hello')) lines.push(line.text);
    assert.deepEqual(lines, ['Hello from Docker!']);
  });
});

describe('suspend', () => {
  test('a suspended Job creates no pod and has no startTime; resuming starts it', async () => {
    const s = await scenario(simpleJob('  suspend: true\n  activeDeadlineSeconds: 10'), sleepThenExit(5));
    await s.advance(60);
    let run = s.handle.snapshot();
    assert.equal(run.pods.length, 0);
    assert.equal(run.status.startTime, undefined);
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.status, c.reason, c.message]), [['Suspended', 'True', 'JobSuspended', 'Job suspended']]);
    assert.deepEqual(s.eventLog(), ['0s Normal Suspended: Job suspended']);
    // Resume as `kubectl patch --patch '{"spec":{"suspend":false}}'` would.
    await s.handle.setSuspended(false);
    await s.advance(5);
    run = s.handle.snapshot();
    assert.equal(run.status.startTime, '2025-01-01T00:01:00.000Z', 'the deadline counts from the resume');
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.status, c.reason]), [
      ['Suspended', 'False', 'JobResumed'],
      ['SuccessCriteriaMet', 'True', 'CompletionsReached'],
      ['Complete', 'True', 'CompletionsReached'],
    ]);
    assert.deepEqual(s.eventLog().map((e) => e.split(':')[0]), ['0s Normal Suspended', '60s Normal Resumed', '60s Normal SuccessfulCreate', '65s Normal Completed']);
  });
});

describe('suspending a running Job', () => {
  test('its active pods are stopped and not counted as failures; resuming creates new ones', async () => {
    const s = await scenario(simpleJob('  parallelism: 2\n  completions: 2\n  backoffLimit: 0'), ({ attempt, pod }) => (pod.endsWith('bbbbb') || pod.endsWith('bbbbc') ? { forever: true } : { runSeconds: 5, exitCode: attempt - 1 }));
    await s.advance(10);
    await s.handle.setSuspended(true);
    await s.advance(1);
    let run = s.handle.snapshot();
    assert.deepEqual(run.pods.map((p) => p.phase), ['Failed', 'Failed']);
    assert.equal(run.status.failed, 0, 'pods stopped for a suspend are not failures');
    assert.equal(run.status.active, 0);
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.status]), [['Suspended', 'True']]);
    await s.handle.setSuspended(false);
    await s.advance(5);
    run = s.handle.snapshot();
    assert.equal(run.pods.length, 4);
    assert.equal(run.status.succeeded, 2);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
  });
});

describe('work queue (parallelism set, completions unset: seed 002 consumers)', () => {
  test('after the first success no new pod starts; the Job completes when every pod has ended', async () => {
    const s = await scenario(simpleJob('  parallelism: 3', 'consumers'), ({ pod }) => ({ runSeconds: pod.endsWith('bbbbb') ? 2 : 6, exitCode: pod.endsWith('bbbbc') ? 1 : 0 }));
    await s.advance(2);
    assert.equal(s.handle.snapshot().status.succeeded, 1);
    await s.advance(10);
    const run = s.handle.snapshot();
    assert.equal(run.pods.length, 3, 'the failed pod is not replaced once one pod succeeded');
    assert.deepEqual([run.status.succeeded, run.status.failed], [2, 1]);
    assert.equal(run.status.completionTime, '2025-01-01T00:00:06.000Z');
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
  });
});

describe('stop and delete', () => {
  test('stop() stops the pods with their grace period; the run fails with reason Stopped and stays', async () => {
    const s = await scenario(simpleJob('  parallelism: 2\n  completions: 2'), () => ({ forever: true }));
    await s.advance(3);
    await s.handle.stop();
    const run = s.handle.snapshot();
    assert.deepEqual(s.runtime.calls.filter((c) => c.kind === 'stopContainers').map((c) => c.gracePeriodSeconds), [30, 30]);
    assert.deepEqual(run.pods.map((p) => p.deletionTimestamp), ['2025-01-01T00:00:33.000Z', '2025-01-01T00:00:33.000Z'], 'stopped at 3 s, killed at the end of the 30 s grace period');
    assert.deepEqual(run.status.conditions.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'Stopped', 'Job was stopped before it finished'],
      ['Failed', 'Stopped', 'Job was stopped before it finished'],
    ]);
    assert.equal(run.status.failed, 2);
    assert.equal(s.runtime.removed.size, 0);
    assert.deepEqual(s.runtime.runningContainers(), []);
  });

  test('delete() stops what runs, removes every pod, reports removed, and ignores the runtime afterwards', async () => {
    const s = await scenario(simpleJob('  parallelism: 2\n  completions: 3'), ({ pod }) => (pod.endsWith('bbbbb') ? { runSeconds: 1 } : { forever: true }));
    await s.advance(2);
    const names = s.handle.snapshot().pods.map((p) => p.name);
    assert.equal(names.length, 3);
    await s.handle.delete();
    const tail = s.runtime.calls.filter((c) => c.kind === 'stopContainers' || c.kind === 'removePod').map((c) => `${c.kind} ${c.pod}`);
    assert.deepEqual(tail.filter((c) => c.startsWith('stop')).length, 2);
    assert.deepEqual([...s.runtime.removed].sort(), [...names].sort());
    for (const name of names.slice(1)) assert.ok(tail.indexOf(`stopContainers ${name}`) < tail.indexOf(`removePod ${name}`), 'stopped before removed');
    assert.equal(s.changes.at(-1)?.kind, 'removed');
    const count = s.changes.length;
    await s.advance(60);
    assert.equal(s.changes.length, count, 'nothing happens after delete');
    assert.equal(s.runtime.calls.filter((c) => c.kind === 'createPod').length, 3);
  });

  test('finished() resolves with the final run', async () => {
    const s = await scenario(simpleJob(''), sleepThenExit(1));
    const finished = s.handle.finished();
    await s.advance(1);
    const run = await finished;
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
    assert.equal(run.id, 'run-1');
    assert.equal(run.target, 'docker');
    assert.equal(run.jobName, 'hello-world');
    assert.equal(run.namespace, 'default');
  });
});

describe('the engine going away', () => {
  test('pods are lost with it; if it does not come back in time the Job fails with EngineLost', async () => {
    const s = await scenario(simpleJob('  backoffLimit: 6'), () => ({ forever: true }), { engineLostTimeoutMs: 30_000 });
    await s.advance(5);
    s.runtime.loseEngine('dial unix /var/run/docker.sock: connect: no such file or directory');
    await s.advance(29);
    assert.equal(s.handle.snapshot().status.conditions.length, 0);
    await s.advance(1);
    const run = s.handle.snapshot();
    assert.equal(run.pods[0].phase, 'Failed');
    assert.deepEqual(run.status.conditions.at(-1), {
      type: 'Failed',
      status: 'True',
      reason: 'EngineLost',
      message: 'The Docker engine was lost and did not come back: dial unix /var/run/docker.sock: connect: no such file or directory',
      lastTransitionTime: '2025-01-01T00:00:35.000Z',
    });
  });
});

describe('the engine coming back', () => {
  test('after a restart that killed the containers, their ends are counted and the pods replaced', async () => {
    const s = await scenario(simpleJob(''), ({ pod }) => (pod.endsWith('bbbbb') ? { forever: true } : { runSeconds: 1 }));
    await s.advance(5);
    s.runtime.loseEngine('EOF');
    await s.advance(10);
    assert.equal(s.handle.snapshot().pods.length, 1, 'nothing is created while the engine is away');
    s.runtime.restoreEngine();
    await s.advance(11);
    const run = s.handle.snapshot();
    assert.deepEqual(run.pods.map((p) => p.phase), ['Failed', 'Succeeded']);
    assert.equal(run.status.failed, 1);
    assert.deepEqual(s.creationTimes(), [0, 25]);
    assert.deepEqual(s.eventLog().filter((e) => e.includes('Engine')), ['5s Warning EngineLost: The Docker engine went away: EOF', '15s Normal EngineRestored: The Docker engine is back']);
  });

  test('a dropped connection leaves running pods alone', async () => {
    const s = await scenario(simpleJob('  completions: 2'), () => ({ runSeconds: 10 }));
    await s.advance(2);
    s.runtime.loseConnection('unexpected EOF');
    await s.advance(3);
    s.runtime.restoreEngine();
    await s.advance(20);
    const run = s.handle.snapshot();
    assert.deepEqual([run.status.succeeded, run.status.failed], [2, 0]);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
  });
});

describe('robustness', () => {
  test('a Job the controller cannot run is refused with a clear error before anything starts', () => {
    const clock = new ManualClock(T0);
    const runtime = new FakeRuntime(clock, () => ({ runSeconds: 1 }));
    assert.throws(
      () => startLocalRun({ job: job(simpleJob('').replace('restartPolicy: Never', 'restartPolicy: Always')), runtime, clock }),
      (error: unknown) => error instanceof JobSpecError && /restartPolicy: Unsupported value: "Always"/.test(error.message),
    );
    assert.throws(() => startLocalRun({ job: { kind: 'Job', metadata: { name: 'x' }, spec: { template: { spec: { restartPolicy: 'Never' } } } }, runtime, clock }), /has no containers/);
    assert.equal(runtime.calls.length, 0);
  });

  test('a CronJob is run now as a Job made from its jobTemplate', async () => {
    const cron = job(`
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: hello
              image: busybox
`);
    const s = await scenario(cron, sleepThenExit(1));
    await s.advance(1);
    const run = s.handle.snapshot();
    assert.match(run.jobName, /^hello-manual-[0-9a-f]{5}$/);
    assert.equal(run.status.conditions.at(-1)?.type, 'Complete');
    assert.equal(run.pods[0].labels['batch.kubernetes.io/job-name'], run.jobName);
  });

  test('events of other runs on the same runtime are ignored', async () => {
    const s = await scenario(simpleJob(''), () => ({ forever: true }));
    s.runtime.emit({ type: 'containerExited', pod: 'someone-else-xxxxx', container: 'hello', exitCode: 1, oomKilled: false, finishedAt: new Date(T0).toISOString() });
    await s.advance(1);
    assert.equal(s.handle.snapshot().status.failed, 0);
    assert.equal(s.handle.snapshot().status.active, 1);
  });
});
