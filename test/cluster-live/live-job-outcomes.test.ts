// How Jobs end on a real cluster, as the cluster target reports them: deadlines, failed indexes,
// pod failure policies, a TTL of 0, logs of retries and restarts, suspend/resume, deletion
// without orphans, and a final status equal to what `kubectl get job -o json` says.
// The scenarios are independent and run concurrently, each Job with its own name in one
// namespace of this file's own, removed after. Without KUBECONFIG this suite fails.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { explainFailure } from '../../client/src/runs/run-summary';
import { finishedCondition, RunGone, type LogLine, type Run } from '../../client/src/runs/model';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';
import { liveNamespace } from './live-namespace';
import { kubectlIn } from './kubectl';
import { followToEnd } from './follow-to-end';
import { busyboxJob, untilRun } from './live-runs';

const LIVE_TIMEOUT = 150_000;
const WAIT = 120_000;

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-outcomes', (ready) => (connection = ready));
if (namespace) {
  function job(name: string, script: string, spec: Record<string, unknown> = {}, pod: Record<string, unknown> = {}, container: Record<string, unknown> = {}) {
    return busyboxJob(name, [{ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...container }], spec, pod);
  }

  const kubectl = kubectlIn(namespace, WAIT);

  const until = (run: ClusterRun, what: string, predicate: (run: Run) => boolean): Promise<Run> => untilRun(run, what, predicate, WAIT);

  /** Starts the Job through the cluster target and stops following it after `body`. */
  async function withRun(manifest: Record<string, unknown>, body: (run: ClusterRun) => Promise<void>): Promise<void> {
    const run = await startClusterRun({ connection, objects: [manifest] });
    try {
      await body(run);
    } finally {
      run.dispose();
    }
  }

  async function collect(lines: AsyncIterable<LogLine>): Promise<string[]> {
    const texts: string[] = [];
    for await (const line of lines) texts.push(line.text);
    return texts;
  }

  /** The run's final counts and conditions are those kubectl reads from the API server. */
  async function assertMatchesKubectl(run: Run): Promise<void> {
    const { status } = JSON.parse(await kubectl('get', 'job', run.jobName, '-o', 'json')) as {
      status: { succeeded?: number; failed?: number; completedIndexes?: string; failedIndexes?: string; conditions?: { type: string; status: string; reason?: string }[] };
    };
    const conditions = (list: { type: string; status: string; reason?: string }[] = []) => list.map((c) => `${c.type}=${c.status}:${c.reason ?? ''}`);
    assert.deepEqual(
      { succeeded: run.status.succeeded, failed: run.status.failed, completedIndexes: run.status.completedIndexes, failedIndexes: run.status.failedIndexes, conditions: conditions(run.status.conditions) },
      { succeeded: status.succeeded ?? 0, failed: status.failed ?? 0, completedIndexes: status.completedIndexes, failedIndexes: status.failedIndexes, conditions: conditions(status.conditions) },
    );
  }

  describe('Job outcomes on a real cluster', { concurrency: true }, () => {
    test('activeDeadlineSeconds fails the Job with DeadlineExceeded and terminates its pod', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('deadline', 'echo started; sleep 300', { activeDeadlineSeconds: 8, backoffLimit: 0 }), async (run) => {
      await until(run, 'its pod runs', (r) => r.pods.some((p) => p.phase === 'Running'));
      const final = await run.finished();
      const condition = finishedCondition(final.status);
      assert.equal(condition?.type, 'Failed');
      assert.equal(condition?.reason, 'DeadlineExceeded');
      assert.equal(final.status.active, 0);
      // The controller deletes the pod: it is gone, or terminated on its way out.
      const ended = await until(run, 'no pod runs', (r) => r.pods.every((p) => p.phase !== 'Running' && p.phase !== 'Pending'));
      assert.ok(ended.pods.every((p) => p.containers.every((c) => !('running' in c.state))));
      assert.match(explainFailure(final)[0], /^DeadlineExceeded: .*active longer than specified deadline/i);
      // The Job controller's Warning event, as `kubectl describe job` lists it.
      const warned = await until(run, 'the DeadlineExceeded event', (r) => r.events.some((e) => e.reason === 'DeadlineExceeded'));
      const event = warned.events.find((e) => e.reason === 'DeadlineExceeded');
      assert.equal(event?.type, 'Warning');
      assert.equal(event?.involvedObject, 'job/deadline');
      });
    });

    test('an Indexed Job with backoffLimitPerIndex reports its failed and completed indexes', { timeout: LIVE_TIMEOUT }, async () => {
      const script = 'echo index $JOB_COMPLETION_INDEX; [ "$JOB_COMPLETION_INDEX" = 1 ] && exit 4; exit 0';
      await withRun(job('indexed', script, { completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimitPerIndex: 0 }), async (run) => {
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.reason, 'FailedIndexes');
      assert.equal(final.status.failedIndexes, '1');
      assert.equal(final.status.completedIndexes, '0,2');
      assert.equal(final.status.succeeded, 2);
      assert.equal(final.status.failed, 1);
      assert.ok(explainFailure(final).some((l) => /\/main exited 4 \(Error\)/.test(l)));
      await assertMatchesKubectl(final);
      });
    });

    test('a podFailurePolicy FailJob rule on an exit code fails the Job at once, explained', { timeout: LIVE_TIMEOUT }, async () => {
      const podFailurePolicy = { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } }] };
      await withRun(job('policy', 'echo broken config; exit 42', { backoffLimit: 3, podFailurePolicy }), async (run) => {
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.reason, 'PodFailurePolicy');
      assert.equal(final.status.failed, 1, 'FailJob ends the Job without the 3 retries');
      const explained = explainFailure(final);
      assert.match(explained[0], /^PodFailurePolicy: .*exit code 42.*FailJob rule/);
      assert.ok(explained.some((l) => /\/main exited 42 \(Error\)/.test(l)));
      await assertMatchesKubectl(final);
      });
    });

    test('a failing Job with ttlSecondsAfterFinished 0 still reports Failed after the cluster deletes it', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('ttl-zero', 'exit 1', { backoffLimit: 0, ttlSecondsAfterFinished: 0 }), async (run) => {
      const removed = new Promise<void>((resolve) => run.onDidChange((change) => change.kind === 'removed' && resolve()));
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Failed');
      assert.equal(finishedCondition(final.status)?.reason, 'BackoffLimitExceeded');
      await removed;
      assert.equal(run.removedBy, 'ttl');
      await assert.rejects(kubectl('get', 'job', 'ttl-zero'), /NotFound/);
      assert.equal(finishedCondition(run.snapshot().status)?.reason, 'BackoffLimitExceeded');
      });
    });

    test('the logs of every pod, retries included, are shown (backoffLimit 1: 2 pods)', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('retried', 'echo "attempt on $(hostname)"; exit 1', { backoffLimit: 1 }), async (run) => {
      const lines = await followToEnd(run);
      const final = run.snapshot();
      assert.equal(finishedCondition(final.status)?.reason, 'BackoffLimitExceeded');
      assert.equal(final.status.failed, 2);
      assert.equal(final.pods.length, 2);
      assert.deepEqual(new Set(lines.map((l) => l.pod)), new Set(final.pods.map((p) => p.name)));
      assert.ok(lines.every((l) => l.text === `attempt on ${l.pod}`));
      await assertMatchesKubectl(final);
      });
    });

    test("a restarted container's previous logs show its first attempt (OnFailure)", { timeout: LIVE_TIMEOUT }, async () => {
      // The kubelet removes the dead container once the pod has succeeded (kubectl logs --previous
      // then fails too): the previous logs are read while the second attempt runs.
      const script = 'if [ -f /scratch/tried ]; then echo second attempt; sleep 4; else touch /scratch/tried; echo first attempt; exit 1; fi';
      const once = job('restarted', script, { backoffLimit: 2 }, { restartPolicy: 'OnFailure', volumes: [{ name: 'scratch', emptyDir: {} }] }, { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] });
      await withRun(once, async (run) => {
      const restarted = await until(run, 'the container runs again', (r) => r.pods.some((p) => p.containers[0].restartCount === 1 && 'running' in p.containers[0].state));
      const [pod] = restarted.pods;
      const lastState = pod.containers[0].lastState;
      assert.ok(lastState && 'terminated' in lastState && lastState.terminated.exitCode === 1, 'the first attempt exited 1');
      assert.deepEqual(await collect(run.logs(pod.name, 'main', { previous: true })), ['first attempt']);
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.deepEqual(final.pods.map((p) => p.name), [pod.name], 'OnFailure restarts the container in the same pod');
      assert.equal(final.pods[0].containers[0].restartCount, 1);
      assert.deepEqual(await collect(run.logs(pod.name, 'main')), ['second attempt']);
      });
    });

    test('stopping (suspending) a running Job removes its pods without failures; Resume completes it', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('pausing', 'sleep 10; echo done'), async (run) => {
      const running = await until(run, 'its pod runs', (r) => r.pods.some((p) => p.phase === 'Running'));
      const firstPod = running.pods[0].name;
      await run.stop();
      const suspended = await until(run, 'it is suspended with no pod', (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') && r.status.active === 0 && r.pods.length === 0);
      assert.equal(suspended.status.failed, 0);
      assert.equal(finishedCondition(suspended.status), undefined);
      // Resume, as the editor's Resume Run does.
      await run.setSuspended(false);
      await until(run, 'a new pod is created', (r) => r.pods.some((p) => p.name !== firstPod));
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.equal(final.status.succeeded, 1);
      assert.equal(final.status.failed, 0);
      assert.ok(final.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'False' && c.reason === 'JobResumed'));
      await assertMatchesKubectl(final);
      });
    });

    test('deleting a running Job leaves no orphan pods', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('doomed', 'sleep 300', { completions: 2, parallelism: 2 }), async (run) => {
      await until(run, 'both pods run', (r) => r.pods.filter((p) => p.phase === 'Running').length === 2);
      const gone = run.finished().then(
        () => assert.fail('a deleted run must not finish'),
        (error: unknown) => error,
      );
      await run.delete();
      const error = await gone;
      assert.ok(error instanceof RunGone && error.removal === 'deleted');
      await kubectl('wait', '--for=delete', 'pod', '-l', 'batch.kubernetes.io/job-name=doomed', `--timeout=${WAIT / 1000}s`);
      const pods = JSON.parse(await kubectl('get', 'pods', '-l', 'batch.kubernetes.io/job-name=doomed', '-o', 'json')) as { items: unknown[] };
      assert.deepEqual(pods.items, []);
      await assert.rejects(kubectl('get', 'job', 'doomed'), /NotFound/);
      });
    });

    test('the final status of a completed Job matches kubectl get job -o json', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(job('matched', 'echo ok', { completions: 3, parallelism: 3 }), async (run) => {
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.equal(final.status.succeeded, 3);
      assert.ok(final.status.conditions.some((c) => c.type === 'SuccessCriteriaMet'));
      await assertMatchesKubectl(final);
      });
    });
  });
}
