// A run taken over by another process (an editor reload, a killed CLI): its controller is
// rebuilt from the journal and goes on with the same pods, on the same timing, as if nothing
// had happened. Simulated: the first run detaches (its process "dies"), the runtime's pods go on,
// and resumeLocalRun continues the run from the journal on the same runtime and clock.
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ManualClock } from '../../../client/src/runs/controller/clock';
import { startLocalRun } from '../../../client/src/runs/local-runner';
import { resumeLocalRun } from '../../../client/src/runs/local-run-resume';
import { journalPath, ownerPath } from '../../../client/src/runs/journal/run-journal';
import { FakeRuntime, type Script } from './fake-runtime';
import { T0, job, jobYaml, sleepThenExit, suffixes } from './harness';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function journalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-journal-'));
  dirs.push(dir);
  return dir;
}

async function startThenDetach(yaml: string, script: Script, seconds: number) {
  const dir = journalDir();
  const clock = new ManualClock(T0);
  const runtime = new FakeRuntime(clock, script);
  const first = startLocalRun({ job: job(yaml), runtime, clock, runId: 'run-1', nameSuffix: suffixes(), journal: { dir, allowHostAccess: false, origin: { file: 'job.yaml' } } });
  await clock.advance(seconds * 1000);
  const before = first.snapshot();
  await first.detach();
  return { dir, clock, runtime, first, before };
}

const resume = (dir: string, runtime: FakeRuntime, clock: ManualClock) => resumeLocalRun({ dir, runId: 'run-1', runtimeFor: () => runtime, clock });

describe('taking over a local run', () => {
  test('the new process finishes the Job with the pods already running, and what ended meanwhile counts', async () => {
    const yaml = jobYaml('work', '  completions: 4\n  parallelism: 2');
    const { dir, clock, runtime, before } = await startThenDetach(yaml, sleepThenExit(10), 15);
    assert.equal(before.status.succeeded, 2);
    assert.equal(before.status.active, 2);
    // Nobody controls the run for 10 s: the two running pods end unseen.
    await clock.advance(10_000);
    const resumed = await resume(dir, runtime, clock);
    assert.ok(resumed, 'the run is taken over');
    assert.deepEqual(resumed.header.origin, { file: 'job.yaml' });
    await clock.advance(0);
    const taken = resumed.handle.snapshot();
    assert.equal(taken.status.succeeded, 4, 'the pods that ended unseen are counted');
    const final = await resumed.handle.finished();
    assert.equal(final.status.conditions.find((c) => c.type === 'Complete')?.status, 'True');
    assert.equal(final.pods.length, 4, 'no pod is made twice');
    assert.equal(runtime.calls.filter((c) => c.kind === 'createPod').length, 4);
    assert.equal(runtime.calls.filter((c) => c.kind === 'startContainer').length, 4);
    // Starts and exits reported again by the runtime taking over are not news: nothing gets stopped over them.
    assert.deepEqual(runtime.calls.filter((c) => c.kind === 'stopContainers'), []);
    assert.deepEqual(
      final.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message),
      before.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message),
      'the events before the takeover are kept',
    );
  });

  test('a container restarted in place before the takeover is not mistaken for its earlier, failed attempt', async () => {
    const yaml = jobYaml('flaky', '  backoffLimit: 3', '', 'OnFailure');
    // The first attempt fails at 1 s; the restart (due at 11 s) runs for a minute and succeeds.
    const script: Script = ({ attempt }) => (attempt === 1 ? { runSeconds: 1, exitCode: 1 } : { runSeconds: 60 });
    const { dir, clock, runtime } = await startThenDetach(yaml, script, 15);
    const resumed = await resume(dir, runtime, clock);
    assert.ok(resumed);
    await clock.advance(60_000);
    const final = await resumed.handle.finished();
    assert.equal(final.status.succeeded, 1);
    assert.equal(final.pods.length, 1);
    assert.equal(final.pods[0].containers[0].restartCount, 1, 'one restart: the old exit reported again is not a second failure');
    assert.equal(runtime.calls.filter((c) => c.kind === 'startContainer').length, 2);
  });

  test('pod back-off keeps its timing across the takeover', async () => {
    const yaml = jobYaml('retry', '  backoffLimit: 2');
    const { dir, clock, runtime } = await startThenDetach(yaml, sleepThenExit(1, 1), 5);
    // Failed at 1 s: the next pod is due at 11 s. The new process takes over at 7 s.
    await clock.advance(2000);
    const resumed = await resume(dir, runtime, clock);
    assert.ok(resumed);
    await clock.advance(4_500);
    assert.deepEqual(
      runtime.calls.filter((c) => c.kind === 'createPod').map((c) => (c.at - T0) / 1000),
      [0, 11],
      'the second pod comes when the back-off ends, not at the takeover',
    );
    await clock.advance(60_000);
    const final = await resumed.handle.finished();
    assert.equal(final.status.failed, 3);
    assert.equal(final.status.conditions.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
  });

  test('a run another live process controls is not taken over', async () => {
    const { dir, clock, runtime } = await startThenDetach(jobYaml('busy'), sleepThenExit(100), 1);
    // pid 1 always exists: another process controls the run.
    writeFileSync(ownerPath(dir, 'run-1'), `${hostname()}/1`);
    assert.equal(await resume(dir, runtime, clock), undefined);
  });

  test('a finished run taken over keeps its status and goes at its TTL, journal and all', async () => {
    const yaml = jobYaml('short', '  ttlSecondsAfterFinished: 30');
    const { dir, clock, runtime, before } = await startThenDetach(yaml, sleepThenExit(2), 5);
    assert.equal(before.status.succeeded, 1);
    const resumed = await resume(dir, runtime, clock);
    assert.ok(resumed);
    assert.deepEqual(resumed.handle.snapshot().status, before.status);
    let removed = false;
    resumed.handle.onDidChange((change) => {
      if (change.kind === 'removed') removed = true;
    });
    await clock.advance(26_000);
    assert.equal(removed, false, 'not before the TTL');
    await clock.advance(2_000);
    assert.equal(removed, true);
    assert.ok(runtime.removed.size === 1);
    assert.equal(existsSync(journalPath(dir, 'run-1')), false, 'the journal goes with the run');
  });

  test('a pod the dead process was creating is made again from scratch', async () => {
    const dir = journalDir();
    const clock = new ManualClock(T0);
    const runtime = new FakeRuntime(clock, sleepThenExit(3));
    // createPod never returns in the first process: it dies in the middle of it.
    const hung = new Promise<void>(() => {});
    const realCreate = runtime.createPod.bind(runtime);
    runtime.createPod = () => hung;
    const first = startLocalRun({ job: job(jobYaml('half')), runtime, clock, runId: 'run-1', nameSuffix: suffixes(), journal: { dir, allowHostAccess: false } });
    await clock.advance(1000);
    await first.detach();
    runtime.createPod = realCreate;
    const resumed = await resume(dir, runtime, clock);
    assert.ok(resumed);
    await clock.advance(5000);
    const final = await resumed.handle.finished();
    assert.equal(final.status.succeeded, 1);
    assert.deepEqual(
      runtime.calls.filter((c) => c.kind !== 'startContainer').map((c) => `${c.kind} ${c.pod}`),
      ['removePod half-bbbbb', 'createPod half-bbbbb'],
    );
  });

  test('a journal folder that cannot be written does not stop the run: it runs, with a warning saying what is lost', async () => {
    const clock = new ManualClock(T0);
    const runtime = new FakeRuntime(clock, sleepThenExit(1));
    // A folder inside a file cannot be made.
    const blocked = join(journalDir(), 'a-file');
    writeFileSync(blocked, '');
    const handle = startLocalRun({ job: job(jobYaml('unjournaled')), runtime, clock, runId: 'run-1', nameSuffix: suffixes(), journal: { dir: join(blocked, 'runs'), allowHostAccess: false } });
    await clock.advance(2000);
    const run = await handle.finished();
    assert.equal(run.status.succeeded, 1);
    const warning = run.events.find((e) => e.reason === 'JournalFailed');
    assert.ok(warning, `events: ${run.events.map((e) => e.reason).join(', ')}`);
    assert.match(warning.message, /another process cannot take this run over/);
  });

  test('the journal holds what the controller was told, one line each', async () => {
    const { dir } = await startThenDetach(jobYaml('lines'), sleepThenExit(1), 2);
    const lines = readFileSync(journalPath(dir, 'run-1'), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]) as { runId: string; job: { metadata: { name: string } } };
    assert.equal(header.runId, 'run-1');
    assert.equal(header.job.metadata.name, 'lines');
    const inputs = lines.slice(1).map((line) => (JSON.parse(line) as { input: { type: string } }).input.type);
    assert.equal(inputs[0], 'start');
    assert.ok(inputs.includes('podCreated'));
    assert.ok(inputs.filter((t) => t === 'runtime').length >= 2, 'container started and exited');
  });
});
