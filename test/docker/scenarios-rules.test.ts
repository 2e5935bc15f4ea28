// The Job controller's rules end to end on the real engine: restarts in place, pod failure
// policy, deadlines, TTL, work queues, per-index back-off and suspend.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DockerPodRuntime } from '../../client/src/runs/docker/docker-pod-runtime';
import { findRuns } from '../../client/src/runs/docker/cleanup';
import { finishedCondition, type ContainerModel, type Run } from '../../client/src/runs/model';
import type { LocalRunHandle } from '../../client/src/runs/local-runner';
import { podEndedByUser } from '../../client/src/editor/run-offers';
import { deleteAndCheck, finishScenario, runScenario } from '../support/docker/local-scenario';

const runtime = new DockerPodRuntime({ sandboxIdleMs: 500 });
const consenting = new DockerPodRuntime({ sandboxIdleMs: 500, allowHostAccess: true });
after(() => {
  runtime.dispose();
  consenting.dispose();
});

const condition = (run: Run): string => `${finishedCondition(run.status)?.type ?? 'none'}/${finishedCondition(run.status)?.reason ?? ''}`;
const exitCode = (c: ContainerModel): number | undefined => ('terminated' in c.state ? c.state.terminated.exitCode : undefined);

/** Resolves once the run's snapshot satisfies `done`. */
function until(handle: LocalRunHandle, done: (run: Run) => boolean): Promise<void> {
  return new Promise<void>((resolve) => {
    if (done(handle.snapshot())) resolve();
    else handle.onDidChange(() => done(handle.snapshot()) && resolve());
  });
}

const isSuspended = (run: Run): boolean => run.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True');

/** A Job manifest around one busybox container running `script`. */
function job(name: string, spec: string, script: string, podSpec = 'restartPolicy: Never'): string {
  return `
apiVersion: batch/v1
kind: Job
metadata: { name: ${name} }
spec:
${spec.trim().replace(/^/gm, '  ')}
  template:
    spec:
${podSpec.trim().replace(/^/gm, '      ')}
      terminationGracePeriodSeconds: 1
      containers:
        - name: main
          image: busybox:latest
          imagePullPolicy: IfNotPresent
          command: ["sh", "-c", ${JSON.stringify(script)}]
`;
}

describe('Job controller rules on the local engine', { concurrency: true }, () => {
  test('OnFailure restarts the container in the same pod; restarts count, previous logs stay', async () => {
    const manifest = job('retry-in-place', 'backoffLimit: 4', 'echo try >> /state/n; n=$(wc -l < /state/n); echo "attempt $n"; [ "$n" -ge 3 ]', `
restartPolicy: OnFailure
volumes: [{ name: state, emptyDir: {} }]
`).replace('command:', 'volumeMounts: [{ name: state, mountPath: /state }]\n          command:');
    await finishScenario(runtime, manifest, async (run, { handle }) => {
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.pods.length, 1);
      assert.equal(run.pods[0].containers[0].restartCount, 2);
      const previous = [];
      for await (const line of handle.logs(run.pods[0].name, 'main', { previous: true })) previous.push(line.text);
      assert.deepEqual(previous, ['attempt 2']);
    });
  });

  test('podFailurePolicy FailJob on exit code 42 fails the Job at once', async () => {
    const manifest = job('fail-fast', `
backoffLimit: 6
podFailurePolicy:
  rules:
    - action: FailJob
      onExitCodes: { containerName: main, operator: In, values: [42] }
`, 'exit 42');
    await finishScenario(runtime, manifest, (run) => {
      assert.equal(condition(run), 'Failed/PodFailurePolicy');
      assert.equal(run.pods.length, 1);
      assert.equal(exitCode(run.pods[0].containers[0]), 42);
    });
  });

  test('podFailurePolicy Ignore: the failure is not counted and the pod is replaced', async () => {
    // Pods share nothing but what the host gives them: a host directory (with consent) tells the
    // second pod that the first one ran.
    const stateDir = mkdtempSync(join(tmpdir(), 'kube-jobs-ignore-'));
    const manifest = job('ignored', `
backoffLimit: 0
podFailurePolicy:
  rules:
    - action: Ignore
      onExitCodes: { operator: In, values: [3] }
`, 'if [ -f /state/first ]; then exit 0; fi; touch /state/first; exit 3', `
restartPolicy: Never
volumes: [{ name: state, hostPath: { path: ${JSON.stringify(stateDir)} } }]
`).replace('command:', 'volumeMounts: [{ name: state, mountPath: /state }]\n          command:');
    try {
      await finishScenario(consenting, manifest, (run) => {
        assert.equal(condition(run), 'Complete/CompletionsReached');
        assert.equal(run.status.failed, 0, 'an ignored failure is not counted (backoffLimit 0 would fail the Job)');
        assert.deepEqual(run.pods.map((p) => exitCode(p.containers[0])).sort(), [0, 3]);
      });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  test('a pod still running at the deadline is terminated', async () => {
    await finishScenario(runtime, job('slow', 'activeDeadlineSeconds: 6', 'sleep 60'), (run) => {
      assert.equal(condition(run), 'Failed/DeadlineExceeded');
      assert.equal(run.status.active, 0);
      assert.ok(run.pods.every((p) => p.phase !== 'Running' && p.phase !== 'Succeeded'), JSON.stringify(run.pods));
      // A busy engine may not have started the container by the deadline; if it had, it was killed.
      const code = exitCode(run.pods[0].containers[0]);
      assert.ok(code === undefined || code === 137 || code === 143, `exit code ${String(code)}`);
    });
  });

  test('ttlSecondsAfterFinished removes the run and everything it created', async () => {
    const { handle } = runScenario(runtime, job('short-lived', 'ttlSecondsAfterFinished: 1', 'echo bye'));
    const removed = new Promise<void>((resolve) => handle.onDidChange((change) => change.kind === 'removed' && resolve()));
    try {
      const run = await handle.finished();
      assert.equal(condition(run), 'Complete/CompletionsReached');
      await removed;
      assert.deepEqual(await findRuns(runtime.docker, handle.id), []);
    } finally {
      await deleteAndCheck(runtime, handle);
    }
  });

  test('work queue (parallelism 3, no completions): 3 pods, complete once all have succeeded', async () => {
    await finishScenario(runtime, job('queue', 'parallelism: 3', 'echo item'), (run, { maxConcurrentPods }) => {
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.status.succeeded, 3);
      assert.equal(run.pods.length, 3);
      assert.ok(maxConcurrentPods(run) <= 3);
    });
  });

  test('backoffLimitPerIndex: the failing index is failed after its own retries, the others complete', async () => {
    const manifest = job('per-index', `
completions: 3
parallelism: 3
completionMode: Indexed
backoffLimitPerIndex: 1
`, '[ "$JOB_COMPLETION_INDEX" != 1 ]');
    await finishScenario(runtime, manifest, (run) => {
      assert.equal(condition(run), 'Failed/FailedIndexes');
      assert.equal(run.status.completedIndexes, '0,2');
      assert.equal(run.status.failedIndexes, '1');
      assert.equal(run.pods.filter((p) => p.index === 1).length, 2);
    });
  });

  test('suspend: no pod until resumed, then the Job runs to completion', async () => {
    const { handle } = runScenario(runtime, job('paused', 'suspend: true', 'echo resumed'));
    try {
      await until(handle, isSuspended);
      assert.equal(handle.snapshot().pods.length, 0);
      await handle.setSuspended(false);
      const run = await handle.finished();
      assert.equal(condition(run), 'Complete/CompletionsReached');
      assert.equal(run.pods.length, 1);
    } finally {
      await deleteAndCheck(runtime, handle);
    }
  });

  // As the API server has it: a deleted pod's deletionTimestamp is the delete's time plus its
  // grace period (terminationGracePeriodSeconds: 1 here), the moment it will be killed.
  test('a stopped pod\'s deletionTimestamp is the time of the stop plus its grace period', async () => {
    await whileRunning('stopped', async (handle) => {
      const before = Date.now();
      await handle.stop();
      const after = Date.now();
      const run = handle.snapshot();
      const [pod] = run.pods;
      const deletion = Date.parse(pod.deletionTimestamp ?? '');
      assert.ok(deletion >= before + 1000 && deletion <= after + 1000, `deletionTimestamp ${pod.deletionTimestamp} is 1 s after the stop (${new Date(before).toISOString()} – ${new Date(after).toISOString()})`);
      assert.equal(podEndedByUser(run, pod), 'stopped');
    });
  });

  test('a pod deleted for a suspend still reads as suspended once the Job is resumed', async () => {
    await whileRunning('resumed', async (handle) => {
      await handle.setSuspended(true);
      await until(handle, (run) => isSuspended(run) && run.pods[0].phase === 'Failed');
      await handle.setSuspended(false);
      await until(handle, (run) => !isSuspended(run) && run.pods.length === 2);
      const run = handle.snapshot();
      assert.equal(podEndedByUser(run, run.pods[0]), 'suspended');
    });
  });
});

/** Runs a Job whose one pod sleeps, hands it to `check` once the pod runs, then deletes the run (checked). */
async function whileRunning(name: string, check: (handle: LocalRunHandle) => Promise<void>): Promise<void> {
  const { handle } = runScenario(runtime, job(name, 'backoffLimit: 0', 'echo up; sleep 600'));
  try {
    await until(handle, (run) => run.pods[0]?.phase === 'Running');
    await check(handle);
  } finally {
    await deleteAndCheck(runtime, handle);
  }
}
