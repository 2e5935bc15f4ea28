// Running Jobs on a cluster and following them to the end: status, pods, events, the logs of
// every container of every pod, and why a Job failed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import { followRunLogs } from '../../client/src/runs/log-follower';
import { explainFailure } from '../../client/src/runs/run-summary';
import { finishedCondition, type LogLine } from '../../client/src/runs/model';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';
import { stringify } from 'yaml';
import { untilRun } from '../support/api-server/run-waiters';

let fixture: ClusterFixture;
before(async () => {
  fixture = await startClusterFixture();
});
after(() => fixture.close());

async function collectLogs(run: Awaited<ReturnType<typeof startClusterRun>>): Promise<{ lines: LogLine[]; done: Promise<void> }> {
  const lines: LogLine[] = [];
  const follower = followRunLogs(run, (line) => lines.push(line));
  const done = run.finished().then(() => follower.drained()).then(() => follower.dispose());
  return { lines, done };
}

test('a Job of 6 completions with parallelism 2 completes, with the logs of all 6 pods', async () => {
  fixture.server.kubelet.script = (pod) => ({ containers: { worker: { lines: [`item ${pod.attempt} start`, `item ${pod.attempt} done`] } } });
  const manifest = stringify(jobManifest('seed-parallel', { completions: 6, parallelism: 2 }, [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'echo work'] }]));
  const run = await startClusterRun({ connection: fixture.connection, manifestText: manifest, manifestFile: 'seed.yaml' });
  try {
    const { lines, done } = await collectLogs(run);
    let mostActive = 0;
    run.onDidChange((change) => {
      if (change.kind === 'status') mostActive = Math.max(mostActive, change.status.active);
    });
    const final = await run.finished();
    await done;
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    assert.equal(final.status.succeeded, 6);
    assert.ok(mostActive <= 2, `at most 2 pods active at once, saw ${mostActive}`);
    assert.match(run.id, /^default\/seed-parallel@[0-9a-f-]{36}$/);
    assert.equal(final.target, 'cluster');
    assert.equal(final.context, 'test-cluster');
    assert.equal(final.pods.length, 6);
    assert.ok(final.pods.every((p) => p.phase === 'Succeeded' && p.node === 'node-1'));
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

test('BackoffLimitExceeded: 4 pods for backoffLimit 3, and the failing container with its exit code is explained', async () => {
  fixture.server.kubelet.script = () => ({
    containers: { app: { lines: ['starting'], exitCode: 0 }, checker: { lines: ['checking', 'check failed'], exitCode: 3, message: 'disk full' } },
  });
  const job = jobManifest('seed-backoff', { backoffLimit: 3 }, [
    { name: 'app', image: 'busybox:1.36' },
    { name: 'checker', image: 'busybox:1.36' },
  ]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [job] });
  try {
    const { lines, done } = await collectLogs(run);
    const final = await run.finished();
    await done;
    const condition = finishedCondition(final.status);
    assert.equal(condition?.type, 'Failed');
    assert.equal(condition?.reason, 'BackoffLimitExceeded');
    assert.equal(final.pods.length, 4);
    assert.equal(final.status.failed, 4);
    const why = explainFailure(final);
    assert.match(why[0], /^BackoffLimitExceeded: Job has reached the specified backoff limit/);
    assert.equal(why.filter((l) => /\/checker exited 3 \(Error\): disk full$/.test(l)).length, 4);
    assert.ok(final.events.some((e) => e.type === 'Warning' && e.reason === 'BackoffLimitExceeded'));
    assert.equal(lines.filter((l) => l.container === 'checker' && l.text === 'check failed').length, 4);
  } finally {
    run.dispose();
  }
});

test('init containers are logged too, and a container restarted in place (OnFailure) keeps its previous logs', async () => {
  fixture.server.kubelet.script = () => ({
    containers: {
      prepare: { lines: ['fetching input'] },
      // The first attempt is held until its line was read: a follower that attaches after the
      // restart reads current logs only (previous logs are shown on request, below).
      main: [{ lines: ['attempt one'], exitCode: 1, hold: true }, { lines: ['attempt two'], exitCode: 0 }],
    },
  });
  const job = jobManifest('with-init', { restartPolicy: 'OnFailure', backoffLimit: 2, initContainers: [{ name: 'prepare', image: 'busybox:1.36' }] }, [{ name: 'main', image: 'busybox:1.36' }]);
  const run = await startClusterRun({ connection: fixture.connection, objects: [job] });
  try {
    const { lines, done } = await collectLogs(run);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!lines.some((l) => l.text === 'attempt one')) return;
        clearInterval(timer);
        resolve();
      }, 5);
    });
    fixture.server.kubelet.release(run.snapshot().pods[0].name, 'main');
    const final = await run.finished();
    await done;
    assert.equal(finishedCondition(final.status)?.type, 'Complete');
    const [pod] = final.pods;
    assert.equal(pod.initContainers[0].role, 'init');
    const main = pod.containers[0];
    assert.equal(main.restartCount, 1);
    assert.ok(main.lastState && 'terminated' in main.lastState && main.lastState.terminated.exitCode === 1);
    assert.deepEqual(lines.map((l) => `[${l.container}] ${l.text}`).sort(), ['[main] attempt one', '[main] attempt two', '[prepare] fetching input']);
    const previous: string[] = [];
    for await (const line of run.logs(pod.name, 'main', { previous: true })) previous.push(line.text);
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

test('pods that cannot start show why: image pull back-off and scheduling events become run events', async () => {
  fixture.server.kubelet.script = () => ({ containers: { main: { imagePullFails: true } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('no-image', {}, [{ name: 'main', image: 'registry.invalid/nothing:1' }])] });
  try {
    const waiting = await new Promise<string>((resolve) => {
      const check = () => {
        const main = run.snapshot().pods[0]?.containers[0];
        if (main && 'waiting' in main.state && main.state.waiting.reason === 'ImagePullBackOff' && run.snapshot().events.some((e) => e.reason === 'BackOff')) resolve(main.state.waiting.reason);
      };
      run.onDidChange(check);
      check();
    });
    assert.equal(waiting, 'ImagePullBackOff');
    const failed = run.snapshot().events.find((e) => e.reason === 'Failed');
    assert.equal(failed?.type, 'Warning');
    assert.match(failed?.involvedObject ?? '', /^pod\/no-image-/);
  } finally {
    await run.delete();
  }
});

test('activeDeadlineSeconds: the running pod is ended and the Job fails with DeadlineExceeded, explained', async () => {
  fixture.server.controller.timeScale = 0.01;
  fixture.server.kubelet.script = () => ({ containers: { main: { lines: ['long work'], hold: true } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('too-slow', { activeDeadlineSeconds: 2 })] });
  try {
    const final = await run.finished();
    assert.equal(finishedCondition(final.status)?.reason, 'DeadlineExceeded');
    assert.equal(explainFailure(final)[0], 'DeadlineExceeded: Job was active longer than specified deadline');
    assert.ok(final.events.some((e) => e.type === 'Warning' && e.reason === 'DeadlineExceeded'));
  } finally {
    fixture.server.controller.timeScale = 1;
    run.dispose();
  }
});

test('a pod that cannot be scheduled stays Pending with the FailedScheduling reason and event', async () => {
  fixture.server.kubelet.script = () => ({ unschedulable: '0/1 nodes are available: 1 Insufficient memory.' });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('too-big')] });
  try {
    const pending = await untilRun(run, (r) => r.pods[0]?.reason === 'Unschedulable' && r.events.some((e) => e.reason === 'FailedScheduling'));
    assert.equal(pending.pods[0].phase, 'Pending');
    assert.equal(pending.pods[0].message, '0/1 nodes are available: 1 Insufficient memory.');
    assert.equal(pending.events.find((e) => e.reason === 'FailedScheduling')?.type, 'Warning');
  } finally {
    await run.delete();
  }
});

test('an Indexed Job: each pod carries its index, completedIndexes reads like the API, OOMKilled is explained', async () => {
  fixture.server.kubelet.script = (pod) => ({ containers: { main: pod.index === 1 && pod.attempt < 2 ? { exitCode: 137, reason: 'OOMKilled' } : { lines: [`index ${pod.index}`] } } });
  const run = await startClusterRun({ connection: fixture.connection, objects: [jobManifest('indexed', { completionMode: 'Indexed', completions: 3, parallelism: 3 })] });
  try {
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
