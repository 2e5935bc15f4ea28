// Connections drop: watches resume from the last resourceVersion, list again after 410 Gone,
// and log streams resume from the last timestamp, with no line lost or repeated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, TEST_CONTEXT, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { writeKubeconfig } from '../support/api-server/kubeconfig-file';
import { RunLogs, untilRun } from '../support/api-server/run-waiters';
import { connectCluster } from '../../client/src/runs/cluster/cluster-connection';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { finishedCondition, type PodPhase } from '../../client/src/runs/model';
import { JobScript, type ScriptedPod } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

const PHASE_ORDER: PodPhase[] = ['Pending', 'Running', 'Succeeded'];

/** A run whose one pod is running and wrote three lines, all of them read. */
async function runningRun(name: string) {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest(name)] });
  const logs = new RunLogs(run);
  const pod = await script.createPod(await script.job(name));
  await pod.schedule();
  await pod.start('main', ['a1', 'a2', 'a3']);
  await logs.until((lines) => lines.length === 3);
  return { run, logs, pod };
}

/** The pod's container exits 0 and the Job completes. */
async function complete(name: string, pod: ScriptedPod): Promise<void> {
  await pod.exit('main');
  await pod.phase('Succeeded');
  await script.finish(name, { type: 'Complete' }, { succeeded: 1 });
}

test('a watch and a log stream dropped mid-run resume without lost or repeated states and lines', async () => {
  const { run, logs, pod } = await runningRun('dropped-watch');
  const phases: PodPhase[] = [];
  run.onDidChange((change) => {
    if (change.kind === 'pod') phases.push(change.pod.phase);
  });
  try {
    const requestsBefore = fixture.server.requests.length;
    assert.ok(fixture.server.watches.dropAll() >= 3, 'the job, pod and event watches were open');
    assert.equal(fixture.server.logs.dropStreams(), 1);
    // Written while nothing is connected.
    pod.write('main', ['b1', 'b2', 'b3']);
    await complete('dropped-watch', pod);
    const final = await run.finished();
    await logs.drained();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.deepEqual(logs.texts(), ['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    assert.ok(run.logResumes >= 1, 'the log stream was reopened');
    const stats = run.watchStats();
    assert.equal(stats.pods.lists, 1, 'resumed from the resourceVersion, not listed again');
    assert.ok(stats.pods.watches >= 2);
    const resumed = fixture.server.requests.slice(requestsBefore).filter((r) => r.path.endsWith('/pods') && r.query.watch === 'true');
    assert.ok(resumed.length > 0 && resumed.every((r) => Number(r.query.resourceVersion) > 0), 'the pod watch resumed from a resourceVersion');
    // States never go back: a resume that replayed old events would show Pending or Running again.
    const ranks = phases.map((p) => PHASE_ORDER.indexOf(p));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(final.pods[0].phase, 'Succeeded');
    assert.equal(logs.errors.length, 0);
  } finally {
    logs.dispose();
    run.dispose();
  }
});

test('a resume from a compacted resourceVersion (410 Gone) lists again and keeps following', async () => {
  const { run, logs, pod } = await runningRun('expired-watch');
  try {
    fixture.server.store.compact();
    fixture.server.watches.dropAll();
    await complete('expired-watch', pod);
    const final = await run.finished();
    await logs.drained();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    const stats = run.watchStats();
    assert.equal(stats.job.lists, 2, 'the Job was listed again after 410');
    assert.equal(stats.pods.lists, 2, 'the pods were listed again after 410');
    assert.equal(final.pods[0].phase, 'Succeeded');
    assert.deepEqual(logs.texts(), ['a1', 'a2', 'a3']);
  } finally {
    logs.dispose();
    run.dispose();
  }
});

test('a watch refused for a while (401) is reported and retried; the run goes on once access is back', async () => {
  fixture.server.auth.grant('rotating-token', { user: 'rotating' });
  const connection = connectCluster({ kubeconfigPaths: [writeKubeconfig([{ name: TEST_CONTEXT, server: fixture.server.url, token: 'rotating-token' }])] });
  const run = await startClusterRun({ connection, objects: [jobManifest('refused-for-a-while')] });
  try {
    const pod = await script.createPod(await script.job('refused-for-a-while'));
    await pod.schedule();
    await pod.start('main', ['working']);
    await untilRun(run, (r) => r.pods[0]?.phase === 'Running');
    const reported = new Promise<ClusterError>((resolve) => run.onDidFail(resolve));
    fixture.server.auth.revoke('rotating-token');
    fixture.server.watches.dropAll();
    const problem = await reported;
    assert.equal(problem.kind, 'unauthorized');
    assert.match(problem.message, /context "test-cluster" .*401 Unauthorized/);
    fixture.server.auth.grant('rotating-token', { user: 'rotating' });
    await complete('refused-for-a-while', pod);
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
  } finally {
    run.dispose();
  }
});
