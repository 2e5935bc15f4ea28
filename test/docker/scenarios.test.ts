// The examples and the seeds' manifests, end to end on the real engine: startLocalRun driving
// DockerPodRuntime. Final status, conditions, pods and their containers must read as a cluster's.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DockerPodRuntime } from '../../client/src/runs/docker/docker-pod-runtime';
import { finishedCondition, type ContainerModel, type Run } from '../../client/src/runs/model';
import { deleteAndCheck, example, finishScenario, logTexts, runScenario, seedManifests } from '../support/docker/local-scenario';

const runtime = new DockerPodRuntime({ sandboxIdleMs: 500 });
after(() => runtime.dispose());

const terminated = (c: ContainerModel): { exitCode: number; reason: string } | undefined => ('terminated' in c.state ? c.state.terminated : undefined);
const condition = (run: Run): string => `${finishedCondition(run.status)?.type ?? 'none'}/${finishedCondition(run.status)?.reason ?? ''}`;

describe('seed scenarios on the local engine', { concurrency: true }, () => {
  test('normal-job: 6/6 complete, never more than 2 pods at once', async () => {
    const began = Date.now();
    await finishScenario(runtime, example('normal-job.yaml'), async (run, { handle, maxConcurrentPods }) => {
      console.log(`# normal-job.yaml ran in ${Date.now() - began} ms`);
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.status.succeeded, 6);
      assert.equal(run.status.failed, 0);
      assert.equal(run.status.active, 0);
      assert.equal(run.pods.length, 6);
      assert.ok(run.pods.every((p) => p.phase === 'Succeeded' && p.node === 'local'));
      assert.ok(run.pods.every((p) => terminated(p.containers[0])?.reason === 'Completed'));
      assert.equal(maxConcurrentPods(run), 2);
      assert.equal(run.events.filter((e) => e.reason === 'SuccessfulCreate').length, 6);
      assert.ok(run.events.some((e) => e.reason === 'Completed'));
      assert.deepEqual(await logTexts(handle, run.pods[0].name, 'busybox'), [`pod ${run.pods[0].name} working`, 'done']);
    });
  });

  test('abnormal-end: backoffLimit 3 means exactly 4 failed pods, then BackoffLimitExceeded', async () => {
    await finishScenario(runtime, example('abnormal-end.yaml'), (run) => {
      assert.equal(condition(run), 'Failed/BackoffLimitExceeded');
      assert.equal(run.status.failed, 4);
      assert.equal(run.status.succeeded, 0);
      assert.equal(run.pods.length, 4);
      assert.ok(run.pods.every((p) => p.phase === 'Failed' && terminated(p.containers[0])?.exitCode === 1 && terminated(p.containers[0])?.reason === 'Error'));
      assert.equal(run.events.filter((e) => e.reason === 'SuccessfulCreate').length, 4);
      assert.ok(run.events.some((e) => e.reason === 'BackoffLimitExceeded' && e.type === 'Warning'));
    });
  });

  test('two-containers: one failing container fails the pod; backoffLimit 2 → 3 pods', async () => {
    await finishScenario(runtime, example('two-containers.yaml'), (run) => {
      assert.equal(condition(run), 'Failed/BackoffLimitExceeded');
      assert.equal(run.pods.length, 3);
      for (const pod of run.pods) {
        assert.equal(pod.phase, 'Failed');
        assert.deepEqual(pod.containers.map((c) => [c.name, terminated(c)?.exitCode]), [['busybox1', 0], ['busybox2', 1]]);
      }
    });
  });

  test('hello CronJob, run now: one Job completes and its log has the greeting', async () => {
    await finishScenario(runtime, example('hello-cronjob.yaml'), async (run, { handle }) => {
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal((await logTexts(handle, run.pods[0].name, 'hello')).at(-1), 'Hello from the Kubernetes cluster');
    });
  });

  test('seed 001 job-normal-end (no parallelism): 6 completions one pod at a time', async () => {
    const [manifest] = seedManifests('001_e02c58d0bbac1fa5.txt').filter((m) => m.includes('name: normal-job'));
    // Same Job with a shorter sleep: the rule under test is one pod at a time, not the 5 seconds.
    await finishScenario(runtime, manifest.replace('sleep 5', 'sleep 0.2'), (run, { maxConcurrentPods }) => {
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.status.succeeded, 6);
      assert.equal(maxConcurrentPods(run), 1);
    });
  });

  test('seeds 000 and 002: images no registry can give stay Pending with ErrImagePull / ImagePullBackOff, as on a cluster', async () => {
    const manifests = [
      ...seedManifests('000_d4b7d28b59be9168.txt'),
      ...seedManifests('002_34165df39d38ca64.txt').filter((m) => m.includes('name: oneshot')).slice(0, 1),
    ];
    assert.ok(manifests.length >= 2);
    await Promise.all(
      manifests.map(async (manifest) => {
        const { handle } = runScenario(runtime, manifest);
        try {
          const waiting = await new Promise<string>((resolve) => {
            const check = (): boolean => {
              const reason = handle
                .snapshot()
                .pods.flatMap((p) => p.containers)
                .map((c) => ('waiting' in c.state ? c.state.waiting.reason : ''))
                .find((r) => r === 'ErrImagePull' || r === 'ImagePullBackOff');
              if (reason) resolve(reason);
              return reason !== undefined;
            };
            if (!check()) {
              const subscription = handle.onDidChange(() => {
                if (check()) subscription.dispose();
              });
            }
          });
          assert.match(waiting, /^(ErrImagePull|ImagePullBackOff)$/);
          const run = handle.snapshot();
          assert.equal(finishedCondition(run.status), undefined, 'a Job whose image cannot be pulled does not finish');
          assert.ok(run.pods.every((p) => p.phase === 'Pending'));
        } finally {
          await deleteAndCheck(runtime, handle);
        }
      }),
    );
  });

  test('OOMKilled: a pod over its memory limit fails with reason OOMKilled and exit code 137', async () => {
    const manifest = `
apiVersion: batch/v1
kind: Job
metadata: { name: memory-hog }
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: hog
          image: busybox:1.36
          # Fills its limit once running: a process killed in its very first instants races the
          # engine's own OOM watch, which containerd starts only after the process (cgroup v1).
          command: ["sh", "-c", "sleep 1; exec tail /dev/zero"]
          resources: { limits: { memory: 16Mi } }
`;
    await finishScenario(runtime, manifest, (run) => {
        assert.equal(condition(run), 'Failed/BackoffLimitExceeded');
        assert.deepEqual(terminated(run.pods[0].containers[0]), { ...terminated(run.pods[0].containers[0]), exitCode: 137, reason: 'OOMKilled' });
    });
  });

  test('Indexed with env from a ConfigMap in the same file and a shared emptyDir: completedIndexes 0-2', async () => {
    const manifest = `
apiVersion: v1
kind: ConfigMap
metadata: { name: greeting }
data: { WORD: hi }
---
apiVersion: batch/v1
kind: Job
metadata: { name: indexed }
spec:
  completions: 3
  parallelism: 3
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      volumes: [{ name: shared, emptyDir: {} }]
      initContainers:
        - name: prepare
          image: busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "echo $(WORD)-$JOB_COMPLETION_INDEX > /shared/note"]
          env: [{ name: WORD, valueFrom: { configMapKeyRef: { name: greeting, key: WORD } } }]
          volumeMounts: [{ name: shared, mountPath: /shared }]
      containers:
        - name: main
          image: busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", "echo $(hostname) $(cat /shared/note)"]
          volumeMounts: [{ name: shared, mountPath: /shared }]
`;
    await finishScenario(runtime, manifest, async (run, { handle }) => {
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.status.completedIndexes, '0-2');
      for (const pod of run.pods) {
        assert.deepEqual(await logTexts(handle, pod.name, 'main'), [`indexed-${pod.index} hi-${pod.index}`]);
      }
    }, 'indexed');
  });
});
