// What the cluster tier (test/cluster, against the test API server) once took from a Job
// controller and kubelet of its own, now from a real cluster's: how many pods run at once and
// the events about them, failures explained with their termination messages, init containers'
// logs, Indexed pods and their names, pods that cannot start (image, scheduling, a missing
// ConfigMap) in the kubelet's and scheduler's words, a stopped Job listed as Suspended, and a
// foreground deletion that waits for the pods. Concurrent, in a namespace of this file's own.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { listJobs } from '../../client/src/runs/cluster/workload-listing';
import { deleteJob } from '../../client/src/runs/cluster/job-deletion';
import { explainFailure } from '../../client/src/runs/run-summary';
import { finishedCondition } from '../../client/src/runs/model';
import { untilRun } from '../support/api-server/run-waiters';
import { liveNamespace } from './live-namespace';
import { followToEnd } from './follow-to-end';

const LIVE_TIMEOUT = 180_000;

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-target', (ready) => (connection = ready));
if (namespace) {
  type Json = Record<string, unknown>;

  /** A busybox container running `script`, with the local image. */
  const busybox = (name: string, script: string, extra: Json = {}): Json => ({ name, image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra });

  /** A Job of these containers; busybox's sh as pid 1 ignores SIGTERM, so deletions get a short grace. */
  const jobOf = (name: string, containers: Json[], spec: Json = {}, pod: Json = {}): Json => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { ...spec, template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, ...pod, containers } } },
  });

  async function withRun(manifest: Json, body: (run: ClusterRun) => Promise<void>, report?: (message: string) => void): Promise<void> {
    const run = await startClusterRun({ connection, objects: [manifest], report });
    try {
      await body(run);
    } finally {
      run.dispose();
    }
  }

  /** Deletes the Job and its pods (a Job left waiting would hold its pods until the namespace goes). */
  const removeJob = (name: string) => deleteJob(connection, name, { propagation: 'Background' });

  describe('the cluster target on a real Job controller and kubelet', { concurrency: true }, () => {
    test('4 completions, 2 at a time: never more than 2 active, a SuccessfulCreate per pod, each pod on the node, logs readable after', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('parallel', [busybox('worker', 'echo "start on $(hostname)"; echo "done on $(hostname)"')], { completions: 4, parallelism: 2 }), async (run) => {
        let mostActive = 0;
        run.onDidChange((change) => {
          if (change.kind === 'status') mostActive = Math.max(mostActive, change.status.active);
        });
        const lines = await followToEnd(run);
        const final = await untilRun(run, (r) => r.events.filter((e) => e.reason === 'SuccessfulCreate').length === 4 && r.events.some((e) => e.reason === 'Completed'));
        assert.equal(finishedCondition(final.status)?.type, 'Complete');
        assert.ok(mostActive <= 2, `at most 2 pods active at once, saw ${mostActive}`);
        assert.equal(final.pods.length, 4);
        assert.ok(final.pods.every((p) => p.phase === 'Succeeded' && p.node), 'every pod ran on a node');
        assert.ok(final.events.filter((e) => e.reason === 'SuccessfulCreate').every((e) => e.involvedObject === 'job/parallel'));
        assert.equal(lines.length, 8);
        assert.ok(lines.every((l) => l.container === 'worker' && /^\d{4}-\d\d-\d\dT.*Z$/.test(l.time)));
        const again: string[] = [];
        for await (const line of run.logs(final.pods[0].name, 'worker')) again.push(line.text);
        assert.deepEqual(again, [`start on ${final.pods[0].name}`, `done on ${final.pods[0].name}`]);
      });
    });

    test('a line past the runtime\'s 16 KiB buffer reads as one line, and the last output without a line break as the last line, as the local engine gives them', { timeout: LIVE_TIMEOUT }, async () => {
      // The local engine's side is test/docker/log-order.test.ts. (With a stderr line written in
      // the middle of the long one, the kubelet puts it inside the unfinished line; the local
      // engine keeps the lines apart, as they were written.)
      const script = 'head -c 40000 /dev/zero | tr "\\0" a; sleep 0.3; echo rest; printf tail';
      await withRun(jobOf('long-line', [busybox('main', script)]), async (run) => {
        const lines = await followToEnd(run);
        assert.deepEqual(
          lines.map((line) => line.text),
          [`${'a'.repeat(40000)}rest`, 'tail'],
          lines.map((line) => `${line.time} ${line.text.slice(0, 20)}… (${line.text.length})`).join('\n'),
        );
      });
    });

    test('BackoffLimitExceeded in a pod of two containers: only the failing one is blamed, with its exit code and termination message', { timeout: LIVE_TIMEOUT }, async () => {
      const containers = [busybox('app', 'echo starting'), busybox('checker', 'echo checking; echo "check failed"; printf "disk full" > /dev/termination-log; exit 3')];
      await withRun(jobOf('two-containers', containers, { backoffLimit: 1 }), async (run) => {
        const lines = await followToEnd(run);
        const final = await untilRun(run, (r) => r.events.some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded'));
        assert.equal(finishedCondition(final.status)?.reason, 'BackoffLimitExceeded');
        assert.equal(final.status.failed, 2);
        assert.equal(final.pods.length, 2);
        const why = explainFailure(final);
        assert.match(why[0], /^BackoffLimitExceeded: Job has reached the specified backoff limit/);
        assert.equal(why.filter((l) => /\/checker exited 3 \(Error\): disk full$/.test(l)).length, 2, why.join('\n'));
        assert.ok(!why.some((l) => /\/app exited/.test(l)), 'a container that exited 0 is not blamed');
        assert.equal(lines.filter((l) => l.container === 'checker' && l.text === 'check failed').length, 2);
      });
    });

    test("an init container's logs are followed with the main container's", { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('with-init', [busybox('main', 'echo working')], {}, { initContainers: [busybox('prepare', 'echo fetching input')] }), async (run) => {
        const lines = await followToEnd(run);
        const final = run.snapshot();
        assert.equal(finishedCondition(final.status)?.type, 'Complete');
        assert.equal(final.pods[0].initContainers[0].role, 'init');
        assert.deepEqual(lines.map((l) => `[${l.container}] ${l.text}`).sort(), ['[main] working', '[prepare] fetching input']);
      });
    });

    test('an Indexed Job: each pod carries its index and is named after it, completedIndexes reads 0-2', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('indexed', [busybox('main', 'echo index $JOB_COMPLETION_INDEX')], { completionMode: 'Indexed', completions: 3, parallelism: 3 }), async (run) => {
        const lines = await followToEnd(run);
        const final = run.snapshot();
        assert.equal(finishedCondition(final.status)?.type, 'Complete');
        assert.equal(final.status.completedIndexes, '0-2');
        assert.deepEqual(final.pods.map((p) => p.index).sort(), [0, 1, 2]);
        assert.ok(final.pods.every((p) => new RegExp(`^indexed-${p.index}-[a-z0-9]{5}$`).test(p.name)), final.pods.map((p) => p.name).join(', '));
        for (const pod of final.pods) assert.deepEqual(lines.filter((l) => l.pod === pod.name).map((l) => l.text), [`index ${pod.index}`]);
      });
    });

    test('an image that is not there: ImagePullBackOff with the pull error, and the pull failure as a Warning event of the pod', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('no-image', [{ name: 'main', image: 'kube-jobs-test/missing:1', command: ['true'] }], { backoffLimit: 0 }), async (run) => {
        try {
          const waiting = await untilRun(run, (r) => {
            const main = r.pods[0]?.containers[0];
            return !!main && 'waiting' in main.state && main.state.waiting.reason === 'ImagePullBackOff' && r.events.some((e) => e.reason === 'BackOff');
          });
          const main = waiting.pods[0].containers[0];
          // The words the cluster tier's script writes (job-script.ts imagePullFails).
          assert.ok('waiting' in main.state && main.state.waiting.message?.startsWith('Back-off pulling image "kube-jobs-test/missing:1": ErrImagePull: failed to pull and unpack image "docker.io/kube-jobs-test/missing:1"'), JSON.stringify(main.state));
          const failed = waiting.events.find((e) => e.reason === 'Failed' && e.message.startsWith('Failed to pull image "kube-jobs-test/missing:1": '));
          assert.equal(failed?.type, 'Warning');
          assert.match(failed?.involvedObject ?? '', /^pod\/no-image-/);
        } finally {
          await removeJob('no-image');
        }
      });
    });

    test('a pod no node can take stays Pending, Unschedulable, with the FailedScheduling event', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('unschedulable', [busybox('main', 'true')], {}, { nodeSelector: { 'kube-jobs.test/no-such-node': 'true' } }), async (run) => {
        try {
          const pending = await untilRun(run, (r) => r.pods[0]?.reason === 'Unschedulable' && r.events.some((e) => e.reason === 'FailedScheduling'));
          assert.equal(pending.pods[0].phase, 'Pending');
          assert.match(pending.pods[0].message ?? '', /^0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector/);
          assert.equal(pending.events.find((e) => e.reason === 'FailedScheduling')?.type, 'Warning');
        } finally {
          await removeJob('unschedulable');
        }
      });
    });

    test('a ConfigMap neither in the file nor on the cluster: the report says the pods will wait, and they do (CreateContainerConfigError)', { timeout: LIVE_TIMEOUT }, async () => {
      const messages: string[] = [];
      const env = [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'nowhere-settings', key: 'greeting' } } }];
      await withRun(jobOf('waits', [busybox('main', 'echo "$GREETING"', { env })]), async (run) => {
        try {
          assert.ok(messages.includes(`configmap/nowhere-settings is neither in the file nor in ${namespace}: the pods of job/waits will wait for it (CreateContainerConfigError)`), messages.join('\n'));
          const stuck = await untilRun(run, (r) => {
            const main = r.pods[0]?.containers[0];
            return !!main && 'waiting' in main.state && main.state.waiting.reason === 'CreateContainerConfigError';
          });
          const main = stuck.pods[0].containers[0];
          assert.ok('waiting' in main.state && main.state.waiting.message === 'configmap "nowhere-settings" not found', JSON.stringify(main.state));
        } finally {
          await removeJob('waits');
        }
      }, (message) => messages.push(message));
    });

    test('a stopped Job is listed as Suspended, and stays', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('stopped', [busybox('main', 'sleep 300')]), async (run) => {
        try {
          await untilRun(run, (r) => r.pods.some((p) => p.phase === 'Running'));
          await run.stop();
          await untilRun(run, (r) => r.status.conditions.some((c) => c.type === 'Suspended' && c.status === 'True') && r.status.active === 0);
          const listed = (await listJobs(connection)).find((j) => j.name === 'stopped');
          assert.equal(listed?.state, 'Suspended');
        } finally {
          await removeJob('stopped');
        }
      });
    });

    test('a foreground deletion returns once the pods and the Job are gone', { timeout: LIVE_TIMEOUT }, async () => {
      await withRun(jobOf('foreground', [busybox('main', 'sleep 300')], { completions: 2, parallelism: 2 }), async (run) => {
        const running = await untilRun(run, (r) => r.pods.filter((p) => p.phase === 'Running').length === 2);
        assert.equal(await deleteJob(connection, 'foreground', { propagation: 'Foreground' }), true);
        const pods = await connection.core.listNamespacedPod({ namespace, labelSelector: 'batch.kubernetes.io/job-name=foreground' });
        assert.deepEqual(pods.items.map((p) => p.metadata?.name), [], `left: ${running.pods.map((p) => p.name).join(', ')}`);
        assert.equal(await deleteJob(connection, 'foreground'), false, 'deleting what is gone answers false');
      });
    });
  });
}
