// DockerPodRuntime on the real engine: limits, images, stopping, restarts in place and their
// previous logs, refusals, and removal leaving nothing behind.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PodRefused } from '../../client/src/runs/pod-runtime';
import { findRuns } from '../../client/src/runs/docker/cleanup';
import { RuntimeHarness, sh } from '../support/docker/runtime-harness';

const h = new RuntimeHarness({ sandboxIdleMs: 200 });
after(() => h.close());

describe('pod lifecycle on the Docker engine', { concurrency: true }, () => {
  test('a container over its memory limit is OOMKilled with exit code 137', async () => {
    // One process that only grows (tail keeps a "line" of /dev/zero): the OOM killer has no other choice.
    // It starts growing after a second: a kill in the process's first instants races the engine's own
    // OOM watch (see oom-kill-counter.ts), which only narrows that race.
    const launch = h.launch({ containers: [{ name: 'hog', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'sleep 1; exec tail /dev/zero'], resources: { limits: { memory: '16Mi', cpu: '500m' } } }] });
    const [hog] = await h.runPod(launch);
    assert.equal(hog.exitCode, 137);
    assert.equal(hog.oomKilled, true);
    const info = await h.runtime.docker.getContainer(`${launch.podName}_hog_0`).inspect();
    assert.equal(info.HostConfig.Memory, 16 * 2 ** 20);
    assert.equal(info.HostConfig.NanoCpus, 5e8);
  });

  test('a missing image: ErrImageNeverPull with Never (not retryable), ErrImagePull otherwise (retryable)', async () => {
    const launch = h.launch({
      containers: [
        { name: 'never', image: 'kube-jobs-test/missing:1', imagePullPolicy: 'Never' },
        { name: 'pull', image: 'kube-jobs-test/missing:1', imagePullPolicy: 'IfNotPresent' },
      ],
    });
    await h.runtime.createPod(launch);
    await h.runtime.startContainer(launch.podName, 'never');
    await h.runtime.startContainer(launch.podName, 'pull');
    const never = await h.next('containerNotStarted', (e) => e.pod === launch.podName && e.container === 'never');
    assert.equal(never.reason, 'ErrImageNeverPull');
    assert.equal(never.retryable, false);
    assert.equal(never.message, 'Container image "kube-jobs-test/missing:1" is not present with pull policy of Never');
    const pull = await h.next('containerNotStarted', (e) => e.pod === launch.podName && e.container === 'pull');
    assert.equal(pull.reason, 'ErrImagePull');
    assert.equal(pull.retryable, true);
    assert.match(pull.message, /^Failed to pull image "kube-jobs-test\/missing:1": /);
  });

  test('Always: when the pull fails but the image is local, the container runs and a warning says so', async () => {
    const launch = h.launch({ containers: [{ ...sh('main', 'echo ran'), imagePullPolicy: 'Always' }] });
    const [main] = await h.runPod(launch);
    assert.equal(main.exitCode, 0);
    const warning = await h.next('warning', (e) => e.pod === launch.podName);
    assert.match(warning.message, /Failed to pull image "busybox:latest".*using the image already on the engine/);
  });

  test('stop: SIGTERM first, SIGKILL once the grace period is over', async () => {
    const launch = h.launch({
      containers: [
        sh('polite', 'trap "echo terminating; exit 143" TERM; while :; do sleep 0.1; done'),
        sh('stubborn', 'trap "echo ignoring" TERM; while :; do sleep 0.1; done'),
      ],
    });
    await h.runtime.createPod(launch);
    await Promise.all(['polite', 'stubborn'].map((c) => h.runtime.startContainer(launch.podName, c)));
    await Promise.all(['polite', 'stubborn'].map((c) => h.next('containerStarted', (e) => e.pod === launch.podName && e.container === c)));
    const began = Date.now();
    await h.runtime.stopContainers(launch.podName, 2);
    const [polite, stubborn] = await Promise.all([h.exited(launch.podName, 'polite'), h.exited(launch.podName, 'stubborn')]);
    assert.equal(polite.exitCode, 143);
    assert.ok(Date.parse(polite.finishedAt) - began < 1500, 'the polite container ends at SIGTERM');
    assert.equal(stubborn.exitCode, 137);
    assert.ok(Date.parse(stubborn.finishedAt) - began >= 1900, `the stubborn one is killed after the grace period (${Date.parse(stubborn.finishedAt) - began} ms)`);
    assert.deepEqual((await h.logLines(launch.podName, 'polite')).map((l) => l.text), ['terminating']);
  });

  test('stopContainers returns once the true exit of what it stopped is reported (a sidecar that exits 0 on SIGTERM is not taken for killed)', async () => {
    const launch = h.launch({ containers: [sh('sidecar', "trap 'exit 0' TERM; while :; do sleep 0.2; done")] });
    await h.runtime.createPod(launch);
    await h.runtime.startContainer(launch.podName, 'sidecar');
    await h.next('containerStarted', (e) => e.pod === launch.podName && e.container === 'sidecar');
    await h.runtime.stopContainers(launch.podName, 1, ['sidecar']);
    // Looked up at once: the controller hears of the stop's end right after, and must know the exit by then.
    const exited = h.events.find((e) => e.type === 'containerExited' && e.pod === launch.podName && e.container === 'sidecar');
    assert.ok(exited, 'the exit is reported before stopContainers returns');
    assert.equal(exited.type === 'containerExited' && exited.exitCode, 0);
  });

  test('a restart in place keeps the previous run: logs and previous logs, restart counts, files in emptyDir survive', async () => {
    const launch = h.launch({
      restartPolicy: 'OnFailure',
      volumes: [{ name: 'state', emptyDir: {} }],
      containers: [{ ...sh('worker', 'echo attempt >> /state/log; n=$(wc -l < /state/log); echo "run $n"; [ "$n" -ge 2 ]'), volumeMounts: [{ name: 'state', mountPath: '/state' }] }],
    });
    const [first] = await h.runPod(launch);
    assert.equal(first.exitCode, 1);
    // Stopping every container also stops the sandbox: starting again must bring it back.
    await h.runtime.stopContainers(launch.podName, 0);
    await h.runtime.startContainer(launch.podName, 'worker');
    const second = await h.exited(launch.podName, 'worker', 1);
    assert.equal(second.exitCode, 0);
    assert.deepEqual((await h.logLines(launch.podName, 'worker')).map((l) => l.text), ['run 2']);
    assert.deepEqual((await h.logLines(launch.podName, 'worker', { previous: true })).map((l) => l.text), ['run 1']);
    const names = (await h.runtime.docker.listContainers({ all: true, filters: { label: [`dev.kube-jobs/pod=${launch.podName}`, 'dev.kube-jobs/role=container'] } })).map((c) => c.Names[0]).sort();
    assert.deepEqual(names, [`/${launch.podName}_worker_0`, `/${launch.podName}_worker_1`]);
  });

  test('previous logs of a container that never restarted are an error, as kubectl says it', async () => {
    const launch = h.launch({ containers: [sh('once', 'echo hi')] });
    await h.runPod(launch);
    await assert.rejects(h.logLines(launch.podName, 'once', { previous: true }), /previous terminated container "once" in pod ".*" not found/);
  });

  test('follow streams lines as they are written, until the container ends; since filters by time', async () => {
    const launch = h.launch({ containers: [sh('ticker', 'for i in 1 2 3; do echo "tick $i"; sleep 0.3; done')] });
    await h.runtime.createPod(launch);
    await h.runtime.startContainer(launch.podName, 'ticker');
    await h.next('containerStarted', (e) => e.pod === launch.podName);
    const followed = await h.logLines(launch.podName, 'ticker', { follow: true });
    assert.deepEqual(followed.map((l) => l.text), ['tick 1', 'tick 2', 'tick 3']);
    const since = await h.logLines(launch.podName, 'ticker', { since: followed[1].time });
    assert.deepEqual(since.map((l) => l.text), ['tick 2', 'tick 3']);
  });

  test('refused before anything exists: hostPath and privileged without consent, a PersistentVolumeClaim, an undeclared mount', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ volumes: [{ name: 'host', hostPath: { path: '/etc' } }], containers: [sh('c', 'true')] }, /mounts the host path \/etc.*consent/],
      [{ containers: [{ ...sh('c', 'true'), securityContext: { privileged: true } }] }, /"c" is privileged.*consent/],
      [{ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'x' } }], containers: [sh('c', 'true')] }, /volume "data": persistentVolumeClaim volumes cannot run on the local Docker engine/],
      [{ containers: [{ ...sh('c', 'true'), volumeMounts: [{ name: 'ghost', mountPath: '/g' }] }] }, /mounts volume "ghost", which the pod does not declare/],
      [{ volumes: [{ name: 'cfg', configMap: { name: 'absent' } }], containers: [sh('c', 'true')] }, /configmap "absent" not found/],
    ];
    for (const [spec, message] of cases) {
      const launch = h.launch(spec);
      await assert.rejects(h.runtime.createPod(launch), (error: unknown) => error instanceof PodRefused && message.test(error.message));
      const left = await h.runtime.docker.listContainers({ all: true, filters: { label: [`dev.kube-jobs/pod=${launch.podName}`] } });
      assert.deepEqual(left, []);
    }
  });

  test('with consent, hostPath is a bind mount and a privileged container is created privileged', async () => {
    const consenting = new RuntimeHarness({ allowHostAccess: true });
    try {
      const launch = consenting.launch({
        volumes: [{ name: 'host', hostPath: { path: '/etc' } }],
        containers: [{ ...sh('c', 'test -f /host-etc/hostname && echo found'), volumeMounts: [{ name: 'host', mountPath: '/host-etc', readOnly: true }] }],
      });
      const [c] = await consenting.runPod(launch);
      assert.equal(c.exitCode, 0, c.message);
      assert.deepEqual((await consenting.logLines(launch.podName, 'c')).map((l) => l.text), ['found']);
      // Whether the engine itself may grant privileges depends on where it runs; the request must be made.
      const privileged = consenting.launch({ containers: [{ ...sh('p', 'true'), securityContext: { privileged: true } }] });
      await consenting.runPod(privileged);
      const info = await consenting.runtime.docker.getContainer(`${privileged.podName}_p_0`).inspect();
      assert.equal(info.HostConfig.Privileged, true);
    } finally {
      await consenting.close();
    }
  });

  test('removePod removes its containers, sandbox and volumes and nothing of other pods', async () => {
    const keep = h.launch({ volumes: [{ name: 'v', emptyDir: {} }], containers: [sh('c', 'true')] });
    const gone = h.launch({ volumes: [{ name: 'v', emptyDir: {} }], containers: [sh('c', 'true')] });
    await Promise.all([h.runPod(keep), h.runPod(gone)]);
    await h.runtime.removePod(gone.podName);
    const docker = h.runtime.docker;
    const labelled = async (pod: string): Promise<number> =>
      (await docker.listContainers({ all: true, filters: { label: [`dev.kube-jobs/pod=${pod}`] } })).length + ((await docker.listVolumes({ filters: { label: [`dev.kube-jobs/pod=${pod}`] } })).Volumes ?? []).length;
    assert.equal(await labelled(gone.podName), 0);
    // sandbox, container, the emptyDir and the termination-message volume
    assert.equal(await labelled(keep.podName), 4);
    const [run] = await findRuns(docker, h.runId);
    assert.ok(run.containerIds.length >= 2);
  });
});
