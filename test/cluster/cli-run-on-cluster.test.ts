// `kube-jobs run --target cluster` through the real CLI code: live status, prefixed logs of
// every pod, the final summary with why it failed, and the exit code of `kubectl wait`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { startClusterFixture, jobManifest, type ClusterFixture } from '../support/api-server/cluster-fixture';
import { run, type StartRun } from '../../client/src/cli/run';
import { check } from '../../client/src/cli/check';
import { InputError, UsageError } from '../../client/src/cli/exit-codes';
import { connectCluster } from '../../client/src/runs/cluster/cluster-connection';
import { ClusterTarget } from '../../client/src/runs/cluster/cluster-target';
import type { Disposable } from '../../client/src/runs/emitter';
import type { RunHandle } from '../../client/src/runs/model';
import { resourceOfKind } from '../support/api-server/resources';
import { untilRun } from '../support/api-server/run-waiters';
import { JobScript } from '../support/api-server/job-script';

let fixture: ClusterFixture;
let script: JobScript;
before(async () => {
  fixture = await startClusterFixture();
  script = new JobScript(fixture.server);
});

const BACKOFF_LIMIT = { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } as const;
after(() => fixture.close());

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

/** `whileFollowing` gets the run the CLI follows, to do what another client would meanwhile. */
async function runCli(manifest: unknown, extra: string[] = [], whileFollowing?: (handle: RunHandle) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'kube-jobs-cli-')), 'job.yaml');
  writeFileSync(file, stringify(manifest));
  const handles: RunHandle[] = [];
  // What start-run.ts does for --target cluster, with this test's kubeconfig.
  const start: StartRun = async (options, manifestFile, workload, report) => {
    const target = new ClusterTarget(connectCluster({ kubeconfigPaths: [fixture.kubeconfig], context: options.context, namespace: options.namespace }));
    const handle = await target.start({ manifest: manifestFile, workload, allowHostAccess: false, report, resolveConflict: () => Promise.resolve(options.onConflict === 'fail' ? undefined : options.onConflict) });
    handles.push(handle);
    whileFollowing?.(handle);
    return handle;
  };
  const stdout = collector();
  const stderr = collector();
  try {
    const code = await run([file, '--target', 'cluster', ...extra], (text) => stdout.stream.write(`${text}\n`), start, { stdout: stdout.stream, stderr: stderr.stream, interactive: false });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    // Cluster runs keep watching until disposed: the CLI ends them once it is done.
    for (const handle of handles) (handle as RunHandle & Partial<Disposable>).dispose?.();
  }
}

test('a failing Job: exit 1, every attempt logged with its [pod/container] prefix, and why it failed', async () => {
  const attempt = (n: number) => ({ containers: { main: { lines: [`attempt ${n}`], exitCode: 7, message: 'config missing' } } });
  void script.play('cli-fails', [attempt(0), attempt(1)], BACKOFF_LIMIT, 1);
  const { code, stdout, stderr } = await runCli(jobManifest('cli-fails', { backoffLimit: 1 }));
  assert.equal(code, 1);
  const logged = stdout.split('\n').filter((l) => /^\[cli-fails-[a-z0-9]{5}\/main\] attempt \d$/.test(l));
  assert.equal(logged.length, 2);
  const all = stdout + stderr;
  assert.match(all, /job\/cli-fails Failed \(BackoffLimitExceeded\)/);
  assert.match(all, /why: cli-fails-[a-z0-9]{5}\/main exited 7 \(Error\): config missing/);
});

test('a completing Job: exit 0, and --on-conflict replace runs it again', async () => {
  const done = [{ containers: { main: { lines: ['done'] } } }];
  void script.play('cli-ok', done);
  const first = await runCli(jobManifest('cli-ok'));
  assert.equal(first.code, 0);
  assert.match(first.stdout, /\[cli-ok-[a-z0-9]{5}\/main\] done/);
  const firstUid = fixture.server.store.get('jobs', 'default', 'cli-ok')?.metadata.uid;
  // The new Job once the old one is gone.
  const replaced = new Promise<void>((resolve) => {
    const subscription = fixture.server.store.onChange((event) => {
      if (event.plural !== 'jobs' || event.type !== 'ADDED' || event.object.metadata.name !== 'cli-ok' || event.object.metadata.uid === firstUid) return;
      subscription.dispose();
      resolve();
    });
  }).then(() => script.play('cli-ok', done));
  void replaced;
  const again = await runCli(jobManifest('cli-ok'), ['--on-conflict', 'replace']);
  assert.equal(again.code, 0);
  assert.match(again.stdout + again.stderr, /deleting job\/cli-ok and its pods \(foreground\)/);
});

test('--output json prints the final status of the cluster run as one object', async () => {
  void script.play('cli-json', [{ containers: { main: { lines: ['x'] } } }, { containers: { main: { lines: ['x'] } } }]);
  const { code, stdout } = await runCli(jobManifest('cli-json', { completions: 2, parallelism: 2 }), ['--output', 'json']);
  assert.equal(code, 0);
  const summary = JSON.parse(stdout) as { name: string; target: string; succeeded: number; pods: unknown[] };
  assert.deepEqual([summary.name, summary.target, summary.succeeded, summary.pods.length], ['cli-json', 'cluster', 2, 2]);
});

test('ttlSecondsAfterFinished: 0 — the cluster deletes the Job as it fails, and the failure is still the verdict', async () => {
  // As the TTL controller does with a TTL of 0: the Job is deleted the moment it has finished,
  // here in the same turn as its status write, so that no client can see one without the other.
  const ttl = fixture.server.store.onChange((event) => {
    if (event.plural !== 'jobs' || event.object.metadata.name !== 'cli-ttl-zero' || !((event.object.status as { conditions?: { type: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Failed')) return;
    ttl.dispose();
    fixture.server.deleter.delete(resourceOfKind('Job'), 'default', 'cli-ttl-zero', 'Background', false);
  });
  void script.play('cli-ttl-zero', [{ containers: { main: { lines: ['short-lived'], exitCode: 3 } } }], BACKOFF_LIMIT);
  const { code, stdout, stderr } = await runCli(jobManifest('cli-ttl-zero', { backoffLimit: 0, ttlSecondsAfterFinished: 0 }), ['--output', 'json']);
  assert.equal(code, 1, stderr);
  const summary = JSON.parse(stdout) as { conditions: { type: string; reason: string }[]; removed: string };
  assert.ok(summary.conditions.some((c) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded'), stdout);
  assert.equal(summary.removed, 'ttl');
});

test('a Job deleted through the API while it is followed: one line, no verdict, exit 4', async () => {
  void script.job('cli-deleted').then(async (job) => {
    const pod = await script.createPod(job);
    await pod.schedule();
    await pod.start('main', ['working']);
  });
  const { code, stdout, stderr } = await runCli(jobManifest('cli-deleted', { backoffLimit: 0 }), [], (handle) => {
    void untilRun(handle, (run) => run.pods.some((p) => p.phase === 'Running')).then(() =>
      fixture.connection.batch.deleteNamespacedJob({ name: 'cli-deleted', namespace: 'default', propagationPolicy: 'Background' }),
    );
  });
  assert.equal(code, 4, stderr);
  assert.match(stderr, /^kube-jobs: job\/cli-deleted was deleted from default by another client before it finished; no verdict$/m);
  assert.match(stdout, /^job\/cli-deleted deleted by another client before it finished/m);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
});

test('an image the node cannot pull: ImagePullBackOff and its message in the status line and the JSON, with what to do', async () => {
  void script.job('cli-no-image').then(async (job) => {
    const pod = await script.createPod(job);
    await pod.schedule();
    await pod.imagePullFails('main', 'busybox:1.36');
  });
  const { code, stdout, stderr } = await runCli(jobManifest('cli-no-image', { backoffLimit: 0 }), ['--timeout', '2', '--output', 'json']);
  assert.equal(code, 3, stderr);
  // The kubelet's words (v1.34): the back-off message carries the pull error after the image.
  assert.match(stderr, /— pod\/cli-no-image-[a-z0-9]{5}\/main waiting: ImagePullBackOff \(Back-off pulling image "busybox:1\.36": ErrImagePull: failed to pull and unpack image .*\)$/m);
  assert.match(stderr, /^warning: pod\/cli-no-image-[a-z0-9]{5}: Failed to pull image "busybox:1\.36": failed to pull and unpack image/m);
  assert.match(stderr, /^hint: The cluster cannot pull image "busybox:1\.36": check its name and tag, .* imagePullSecrets/m);
  const summary = JSON.parse(stdout) as { waiting: { reason: string; message: string; advice: string }[] };
  assert.deepEqual(summary.waiting.map((w) => w.reason), ['ImagePullBackOff']);
  assert.match(summary.waiting[0].message, /^Back-off pulling image "busybox:1\.36": ErrImagePull: /);
  assert.match(summary.waiting[0].advice, /imagePullSecrets/);
});

/** `kube-jobs check` on `text`, against this test's API server. */
async function checkCli(text: string, extra: string[] = []): Promise<{ code: number; stdout: string; file: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'kube-jobs-check-')), 'job.yaml');
  writeFileSync(file, text);
  const lines: string[] = [];
  const code = await check([file, ...extra], (line) => lines.push(line), (options) => connectCluster({ ...options, kubeconfigPaths: [fixture.kubeconfig] }));
  return { code, stdout: lines.join('\n'), file };
}

/** completions on line 6: apiVersion, kind, metadata, name, spec, completions. */
const REFUSED = stringify(jobManifest('cli-refused', { completions: -1 }));

test('kube-jobs check: what the API server refuses is an error at the field\'s line, exit 1, nothing created', async () => {
  const { code, stdout, file } = await checkCli(REFUSED);
  assert.equal(code, 1, stdout);
  assert.equal(stdout.split('\n')[0], `${file}:6:3: error Invalid value: -1: must be greater than or equal to 0 (spec.completions) [api-server]`);
  assert.equal(stdout.split('\n')[1], `${file}: job/cli-refused is refused by the API server on test-cluster (namespace default)`);
  const [json] = JSON.parse((await checkCli(REFUSED, ['--format', 'json'])).stdout) as { workload: string; accepted: boolean; problems: { line: number; severity: string }[] }[];
  assert.deepEqual([json.workload, json.accepted, json.problems.map((p) => [p.line, p.severity])], ['job/cli-refused', false, [[6, 'error']]]);
  assert.ok(!fixture.server.store.list('jobs', 'default').some((j) => j.metadata.name === 'cli-refused'));
});

test('kube-jobs check: a Job it takes passes, exit 0, nothing created; one that exists is said to', async () => {
  const text = REFUSED.replace('cli-refused', 'cli-checked').replace('  completions: -1\n', '');
  const passed = await checkCli(text);
  assert.equal(passed.code, 0, passed.stdout);
  assert.equal(passed.stdout, `${passed.file}: job/cli-checked passes the API server's checks on test-cluster (namespace default); nothing was created`);
  assert.ok(!fixture.server.store.list('jobs', 'default').some((j) => j.metadata.name === 'cli-checked'));
  await fixture.connection.batch.createNamespacedJob({ namespace: 'default', body: parse(text) as never });
  const existing = await checkCli(text);
  assert.equal(existing.code, 0, existing.stdout);
  assert.match(existing.stdout, /:2:1: info job\/cli-checked already exists in default: kube-jobs run asks for --on-conflict replace or copy \[api-server\]$/m);
});

test('kube-jobs check of a folder: every Job and CronJob of its files, one verdict line each, exit 1 when one is refused', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'kube-jobs-check-folder-'));
  const { spec: jobSpec } = jobManifest('cli-nightly');
  const cronJob = stringify({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'cli-nightly' }, spec: { schedule: '0 3 * * *', jobTemplate: { spec: jobSpec } } });
  writeFileSync(join(folder, 'a-refused.yaml'), REFUSED);
  writeFileSync(join(folder, 'b-both.yml'), `${REFUSED.replace('cli-refused', 'cli-fine').replace('  completions: -1\n', '')}---\n${cronJob}`);
  writeFileSync(join(folder, 'notes.txt'), 'not a manifest');
  const lines: string[] = [];
  const code = await check([folder], (line) => lines.push(line), (options) => connectCluster({ ...options, kubeconfigPaths: [fixture.kubeconfig] }));
  assert.equal(code, 1, lines.join('\n'));
  const verdicts = lines.join('\n').split('\n').filter((line) => / (passes|is refused)/.test(line)).map((line) => line.replace(folder, '…'));
  assert.deepEqual(verdicts, [
    '…/a-refused.yaml: job/cli-refused is refused by the API server on test-cluster (namespace default)',
    "…/b-both.yml: job/cli-fine passes the API server's checks on test-cluster (namespace default); nothing was created",
    "…/b-both.yml: cronjob/cli-nightly passes the API server's checks on test-cluster (namespace default); nothing was created",
  ]);
  await assert.rejects(check([folder, '--job', 'cli-fine'], () => undefined), (error: Error) => error instanceof UsageError && /one file/.test(error.message));
});

test('kube-jobs check without a cluster to ask: one line saying why (exit 2 from the command line)', async () => {
  await assert.rejects(checkCli(REFUSED, ['--context', 'no-such-context']), (error: Error) => error instanceof InputError && /no-such-context/.test(error.message));
});
