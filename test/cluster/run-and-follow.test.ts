// Following a Job on a cluster to the end: status, pods, events, the logs of every container of
// every pod, and why a Job failed. The pods' states and the Job's outcome are the test's script
// (job-script.ts); how a real cluster decides them is in test/cluster-live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { followRunLogs } from '../../client/src/runs/log-follower';
import { explainFailure } from '../../client/src/runs/run-summary';
import { finishedCondition, type LogLine } from '../../client/src/runs/model';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { stringify } from 'yaml';
import { RunLogs, untilRun } from '../support/api-server/run-waiters';
import { JobScript, NODE } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});
after(() => fixture.close());

async function collectLogs(run: Awaited<ReturnType<typeof startClusterRun>>): Promise<{ lines: LogLine[]; done: Promise<void> }> {
  const lines: LogLine[] = [];
  const follower = followRunLogs(run, (line) => lines.push(line));
  const done = run.finished().then(() => follower.drained()).then(() => follower.dispose());
  return { lines, done };
}

test('the logs of all 6 pods of a Job, its pods on their node, its events, and logs still readable once it completed', async () => {
  const plan = [0, 1, 2, 3, 4, 5].map((i) => ({ containers: { worker: { lines: [`item ${i} start`, `item ${i} done`] } } }));
  const played = script.play('seed-parallel', plan, { type: 'Complete' }, 2);
  const manifest = stringify(jobManifest('seed-parallel', { completions: 6, parallelism: 2 }, [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'echo work'] }]));
  const run = await startClusterRun({ connection: fixture.connection, manifestText: manifest, manifestFile: 'seed.yaml' });
  try {
    const { lines, done } = await collectLogs(run);
    const final = await run.finished();
    await played;
    await done;
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(final.status.succeeded, 6);
    assert.match(run.id, /^default\/seed-parallel@[0-9a-f-]{36}$/);
    assert.equal(final.target, 'cluster');
    assert.equal(final.context, 'test-cluster');
    assert.equal(final.pods.length, 6);
    assert.ok(final.pods.every((p) => p.phase === 'Succeeded' && p.node === NODE));
    const texts = lines.map((l) => l.text).sort();
    assert.deepEqual(texts, [0, 1, 2, 3, 4, 5].flatMap((i) => [`item ${i} done`, `item ${i} start`]).sort());
    assert.equal(new Set(lines.map((l) => l.pod)).size, 6);
    assert.ok(lines.every((l) => l.container === 'worker' && /^\d{4}-\d\d-\d\dT.*Z$/.test(l.time)));
    // Logs of finished pods stay readable while the pods exist.
    const again: string[] = [];
    for await (const line of run.logs(final.pods[0].name, 'worker')) again.push(line.text);
    assert.equal(again.length, 2);
    assert.equal((final.job.metadata as { name: string }).name, 'seed-parallel');
    const created = final.events.filter((e) => e.reason === 'SuccessfulCreate' && e.involvedObject === 'job/seed-parallel');
    assert.equal(created.length, 6);
    assert.ok(final.events.some((e) => e.reason === 'Completed'));
  } finally {
    run.dispose();
  }
});

test('a failed Job is explained by its condition and each failed container with its exit code and termination message', async () => {
  const failing = { containers: { app: { lines: ['starting'] }, checker: { lines: ['checking', 'check failed'], exitCode: 3, message: 'disk full' } } };
  const played = script.play('seed-backoff', [failing, failing], { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }, 1);
  const job = jobManifest('seed-backoff', { backoffLimit: 1 }, [
    { name: 'app', image: 'busybox:1.36' },
    { name: 'checker', image: 'busybox:1.36' },
  ]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [job] });
  try {
    const { lines, done } = await collectLogs(run);
    const final = await run.finished();
    await played;
    await done;
    const condition = finishedCondition(final.status);
    assert.equal(condition?.type, 'Failed');
    assert.equal(condition?.reason, 'BackoffLimitExceeded');
    assert.equal(final.pods.length, 2);
    assert.equal(final.status.failed, 2);
    const why = explainFailure(final);
    assert.match(why[0], /^BackoffLimitExceeded: Job has reached the specified backoff limit/);
    assert.equal(why.filter((l) => /\/checker exited 3 \(Error\): disk full$/.test(l)).length, 2);
    assert.ok(!why.some((l) => /\/app exited/.test(l)), 'a container that exited 0 is not blamed');
    assert.ok(final.events.some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded'));
    assert.equal(lines.filter((l) => l.container === 'checker' && l.text === 'check failed').length, 2);
  } finally {
    run.dispose();
  }
});

test('init containers are logged too, and a container restarted in place (OnFailure) keeps its previous logs', async () => {
  const job = jobManifest('with-init', { restartPolicy: 'OnFailure', backoffLimit: 2, initContainers: [{ name: 'prepare', image: 'busybox:1.36' }] }, [{ name: 'main', image: 'busybox:1.36' }]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [job] });
  try {
    const logs = new RunLogs(run);
    const pod = await script.createPod(await script.job('with-init'));
    await pod.schedule();
    await pod.start('prepare', ['fetching input']);
    await pod.exit('prepare');
    await pod.start('main', ['attempt one']);
    // A follower that attaches after the restart reads current logs only (previous logs are
    // shown on request, below): the first attempt ends once its line was read.
    await logs.until((all) => all.some((l) => l.text === 'attempt one'));
    await pod.exit('main', { exitCode: 1 }, true);
    await pod.start('main', ['attempt two']);
    await pod.exit('main');
    await pod.phase('Succeeded');
    await script.finish('with-init', { type: 'Complete' }, { succeeded: 1 });
    const final = await run.finished();
    await logs.drained();
    logs.dispose();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    const [followed] = final.pods;
    assert.equal(followed.initContainers[0].role, 'init');
    const main = followed.containers[0];
    assert.equal(main.restartCount, 1);
    assert.ok(main.lastState && 'terminated' in main.lastState && main.lastState.terminated.exitCode === 1);
    assert.deepEqual(logs.lines.map((l) => `[${l.container}] ${l.text}`).sort(), ['[main] attempt one', '[main] attempt two', '[prepare] fetching input']);
    const previous: string[] = [];
    for await (const line of run.logs(followed.name, 'main', { previous: true })) previous.push(line.text);
    assert.deepEqual(previous, ['attempt one']);
  } finally {
    run.dispose();
  }
});

test('the API server validation errors are shown before anything is created (dry run)', async () => {
  const before = fixture.server.store.list('jobs').length;
  const job = jobManifest('bad-policy', { restartPolicy: 'Always' });
  await assert.rejects(startClusterRun({ connection: fixture.connection, objects: [job] }), (error: unknown) => {
    assert.ok(error instanceof ClusterError);
    assert.equal(error.kind, 'invalid');
    assert.match(error.message, /spec\.template\.spec\.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"/);
    assert.equal(error.causes[0]?.field, 'spec.template.spec.restartPolicy');
    return true;
  });
  assert.equal(fixture.server.store.list('jobs').length, before);
  const posts = fixture.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs'));
  assert.equal(posts.at(-1)?.query.dryRun, 'All');
});

test('pods that cannot start show why: the waiting reason and the pull events become run events', async () => {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('no-image', {}, [{ name: 'main', image: 'kube-jobs-test/missing:1' }])] });
  try {
    const pod = await script.createPod(await script.job('no-image'));
    await pod.schedule();
    await pod.imagePullFails('main', 'kube-jobs-test/missing:1');
    const waiting = await untilRun(run, (r) => {
      const main = r.pods[0]?.containers[0];
      return !!main && 'waiting' in main.state && main.state.waiting.reason === 'ImagePullBackOff' && r.events.some((e) => e.reason === 'BackOff');
    });
    const main = waiting.pods[0].containers[0];
    assert.ok('waiting' in main.state && main.state.waiting.message?.startsWith('Back-off pulling image "kube-jobs-test/missing:1": ErrImagePull: '));
    const failed = waiting.events.find((e) => e.reason === 'Failed');
    assert.equal(failed?.type, 'Warning');
    assert.match(failed?.involvedObject ?? '', /^pod\/no-image-/);
  } finally {
    await run.delete();
  }
});

test('a pod that cannot be scheduled stays Pending with the FailedScheduling reason and event', async () => {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('too-big')] });
  try {
    const pod = await script.createPod(await script.job('too-big'));
    const message = '0/1 nodes are available: 1 Insufficient memory.';
    await pod.status(() => ({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] }));
    await script.event(await script.current('pods', pod.name), 'Warning', 'FailedScheduling', message, 'default-scheduler');
    const pending = await untilRun(run, (r) => r.pods[0]?.reason === 'Unschedulable' && r.events.some((e) => e.reason === 'FailedScheduling'));
    assert.equal(pending.pods[0].phase, 'Pending');
    assert.equal(pending.pods[0].message, message);
    assert.equal(pending.events.find((e) => e.reason === 'FailedScheduling')?.type, 'Warning');
  } finally {
    await run.delete();
  }
});

test('an Indexed Job: each pod carries its index, completedIndexes as the API writes it, OOMKilled is explained', async () => {
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3 })] });
  try {
    const job = await script.job('indexed');
    const pods = await Promise.all([0, 1, 2, 1].map((index) => script.createPod(job, index)));
    await Promise.all(pods.map((pod, i) => pod.playToEnd({ containers: { main: i === 1 ? { exitCode: 137, reason: 'OOMKilled' } : { lines: [`index ${i}`] } } })));
    await script.finish('indexed', { type: 'Complete' }, { succeeded: 3, failed: 1, completedIndexes: '0-2' });
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(final.status.completedIndexes, '0-2');
    const succeeded = final.pods.filter((p) => p.phase === 'Succeeded');
    assert.deepEqual(succeeded.map((p) => p.index).sort(), [0, 1, 2]);
    assert.ok(succeeded.every((p) => new RegExp(`^indexed-${p.index}-[a-z0-9]{5}$`).test(p.name)));
    const oom = final.pods.find((p) => p.phase === 'Failed');
    const container = oom?.containers[0];
    assert.ok(container && 'terminated' in container.state && container.state.terminated.reason === 'OOMKilled' && container.state.terminated.exitCode === 137);
    assert.equal(oom?.index, 1);
  } finally {
    run.dispose();
  }
});

// The Job and its pods come over separate watches, and the Job's end may arrive before its pods'
// last states: a finished run still has every pod as it ended, as the API server has them.
test('a Job whose end is seen before its pods finishes with all its pods in their final states', async () => {
  const plan = [0, 1, 2, 3].map((i) => ({ containers: { worker: { lines: [`item ${i}`] } } }));
  const pods = fixture.server.watches.hold('pods');
  const played = script.play('lagging-pods', plan, { type: 'Complete' }, 2);
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('lagging-pods', { completions: 4, parallelism: 2 }, [{ name: 'worker', image: 'busybox:1.36' }])] });
  try {
    await played;
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(final.status.succeeded, 4);
    assert.deepEqual(
      final.pods.map((p) => p.phase),
      ['Succeeded', 'Succeeded', 'Succeeded', 'Succeeded'],
    );
    // One list more, at the end, and none for the Job or its events.
    const stats = run.watchStats();
    assert.deepEqual([stats.pods.lists, stats.pods.resyncs, stats.job.resyncs, stats.events.resyncs], [1, 1, 0, 0]);
  } finally {
    pods.release();
    run.dispose();
  }
});
