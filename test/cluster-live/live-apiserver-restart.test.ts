// The kube-apiserver restarted in the middle of a run loses nothing: the run's log has every line
// exactly once and its verdict arrives (the Job, pod and log watches resume by themselves).
// The only test that restarts the apiserver (others share the cluster): one short run.
// Without KUBECONFIG this suite fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { followRunLogs } from '../../client/src/runs/log-follower';
import { finishedCondition, type LogLine } from '../../client/src/runs/model';
import { liveNamespace } from './live-namespace';

const LIVE_TIMEOUT = 180_000;
const LINES = 100;
const root = join(import.meta.dirname, '..', '..');

/** `scripts/cluster-up.sh --restart-apiserver`, resolved once the new apiserver answers. */
function restartApiserver(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts/cluster-up.sh'), '--restart-apiserver'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cluster-up.sh --restart-apiserver exited ${code}:\n${output}`))));
  });
}

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-restart', (ready) => (connection = ready));
if (namespace) {
  test('the kube-apiserver restarted mid-run: every log line arrives exactly once and the run completes', { timeout: LIVE_TIMEOUT }, async () => {
    // About 25 s of output, a numbered line every 0.25 s.
    const script = `i=1; while [ $i -le ${LINES} ]; do echo "line $i"; i=$((i+1)); sleep 0.25; done`;
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'through-restart' },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 1, containers: [{ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] }] } } },
    };
    const run = await startClusterRun({ connection, objects: [job] });
    const lines: LogLine[] = [];
    let flowing: () => void = () => {};
    const started = new Promise<void>((resolve) => (flowing = resolve));
    const follower = followRunLogs(run, (line) => {
      lines.push(line);
      if (lines.length === 5) flowing();
    });
    try {
      await started;
      const before = lines.length;
      const restartStarted = Date.now();
      await restartApiserver();
      const restartMs = Date.now() - restartStarted;
      const final = await run.finished();
      const verdictMs = Date.now() - restartStarted;
      await follower.drained();
      console.log(`apiserver restarted in ${restartMs} ms with ${before} of ${LINES} lines read; verdict ${verdictMs} ms after the restart began, last line at ${lines.at(-1)?.time}; log streams resumed ${run.logResumes} times`);
      assert.ok(before < LINES, 'the run was still writing when the apiserver went down');
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.equal(final.status.succeeded, 1);
      assert.deepEqual(
        lines.map((l) => l.text),
        Array.from({ length: LINES }, (_, i) => `line ${i + 1}`),
      );
    } finally {
      follower.dispose();
      run.dispose();
    }
  });
}
