// What a run offers by its state, what a stuck container reads as, and what leads a run's row:
// the pure rules the Jobs view, the CodeLens, the log channel and the notifications share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ContainerState, JobCondition, PodModel, Run, RunHandle } from '../../../client/src/runs/model';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { gracePeriodSeconds, podEndedByUser, runContextValue, runPhase } from '../../../client/src/editor/run-offers';
import { adviceFor, problemKey, problemText, waitingProblems } from '../../../client/src/runs/waiting-problems';
import { runRowNotes } from '../../../client/src/editor/run-row-notes';
import { endStatusLine, PodProblems, podStatusLine } from '../../../client/src/logs/run-log-notes';

const at = '2026-01-01T00:00:00Z';

function pod(name: string, phase: PodModel['phase'], state: ContainerState, extra: Partial<PodModel> = {}): PodModel {
  return {
    name,
    uid: name,
    phase,
    createdAt: at,
    labels: {},
    annotations: {},
    initContainers: [],
    containers: [{ name: 'main', image: 'nosuch:1', role: 'main', state, restartCount: 0, ready: false }],
    ...extra,
  };
}

function run(conditions: JobCondition[], pods: PodModel[], spec: Record<string, unknown> = {}): Run {
  return {
    id: 'r1',
    target: 'docker',
    namespace: 'default',
    jobName: 'job',
    job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'job' }, spec },
    status: { active: pods.length, ready: 0, succeeded: 0, failed: 0, terminating: 0, conditions },
    pods,
    events: [],
  };
}

const condition = (type: JobCondition['type'], reason?: string): JobCondition => ({ type, status: 'True', reason, lastTransitionTime: at });
const running: ContainerState = { running: { startedAt: at } };
const pulling: ContainerState = { waiting: { reason: 'ErrImagePull', message: 'Failed to pull image "nosuch:1":\n no such host ' } };

function entry(value: Run, gone = false): RunEntry {
  const handle = { id: value.id, snapshot: () => value } as unknown as RunHandle;
  return { handle, source: { workloadName: 'job', targetLabel: 'Local Docker' }, ...(gone ? { gone: { at, cause: 'ttl' as const } } : {}) };
}

test('a run offers by its state: Stop and Suspend while active, Resume while suspended, Re-run once finished or removed', () => {
  const active = run([], [pod('p', 'Running', running)]);
  const suspended = run([condition('Suspended', 'JobSuspended')], []);
  const finished = run([condition('Failed', 'BackoffLimitExceeded')], []);
  assert.equal(runPhase(active), 'active');
  assert.equal(runPhase(suspended), 'suspended');
  assert.equal(runPhase(finished), 'finished');
  assert.equal(runContextValue(active, { local: true }), 'kubeJobs.run.active.local');
  assert.equal(runContextValue(suspended, { local: true }), 'kubeJobs.run.suspended.local');
  assert.equal(runContextValue(active, { local: false }), 'kubeJobs.run.active');
  assert.equal(runContextValue(active, { local: true, gone: true }), 'kubeJobs.run.finished.local.gone');
});

/** The commands the Jobs view's context menu offers for a row of this context value (package.json's `when` clauses). */
function menuCommands(contextValue: string): string[] {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
  return manifest.contributes.menus['view/item/context']
    .filter((item) => {
      const clause = item.when.split(' && ').find((c) => c.startsWith('viewItem '));
      const equals = clause?.match(/^viewItem == (.+)$/);
      const matches = clause?.match(/^viewItem =~ \/(.+)\/$/);
      return equals ? equals[1] === contextValue : matches ? new RegExp(matches[1]).test(contextValue) : false;
    })
    .map((item) => item.command);
}

test('a suspended run offers Resume in its menu, local or on a cluster; Suspend is offered beside Stop for local runs (Stop suspends a cluster run)', () => {
  const active = run([], [pod('p', 'Running', running)]);
  const suspended = run([condition('Suspended', 'JobSuspended')], []);
  for (const local of [true, false]) {
    const offers = menuCommands(runContextValue(suspended, { local }));
    assert.ok(offers.includes('kubeJobs.resumeRun'), `a suspended ${local ? 'local' : 'cluster'} run offers: ${offers.join(', ')}`);
    assert.ok(!offers.includes('kubeJobs.stop') && !offers.includes('kubeJobs.suspendRun'));
  }
  assert.ok(menuCommands(runContextValue(active, { local: true })).includes('kubeJobs.suspendRun'));
  assert.ok(!menuCommands(runContextValue(active, { local: false })).includes('kubeJobs.suspendRun'));
  assert.ok(!menuCommands(runContextValue(active, { local: false })).includes('kubeJobs.resumeRun'));
  assert.ok(!menuCommands(runContextValue(suspended, { local: false, gone: true })).includes('kubeJobs.resumeRun'), 'a removed run offers no Resume');
});

test('a pod ended by Stop or Suspend is not a failure; one that failed on its own is', () => {
  const stopping = { deletionTimestamp: at };
  const terminated: ContainerState = { terminated: { exitCode: 137, reason: 'Error', finishedAt: at } };
  const stoppedPod = pod('p', 'Failed', terminated, stopping);
  assert.equal(podEndedByUser(run([condition('Failed', 'Stopped')], [stoppedPod]), stoppedPod), 'stopped');
  assert.equal(podEndedByUser(run([condition('Suspended')], [stoppedPod]), stoppedPod), 'suspended');
  const failedPod = pod('q', 'Failed', terminated);
  assert.equal(podEndedByUser(run([condition('Failed', 'BackoffLimitExceeded')], [failedPod]), failedPod), undefined);
  // A suspended pod's end may be told once the Job has been resumed, on either target: its
  // deletionTimestamp (the delete's time plus the grace period) says when it was deleted.
  const resumedAt = { type: 'Suspended' as const, status: 'False' as const, reason: 'JobResumed', lastTransitionTime: '2026-01-01T00:00:10Z' };
  const deletedWhileSuspended = pod('s', 'Failed', terminated, { deletionTimestamp: '2026-01-01T00:00:11Z' });
  const deletedAfterResume = pod('t', 'Failed', terminated, { deletionTimestamp: '2026-01-01T00:00:20Z' });
  const grace = { template: { spec: { terminationGracePeriodSeconds: 1 } } };
  for (const target of ['docker', 'cluster'] as const) {
    const on = (value: Run): Run => ({ ...value, target });
    assert.equal(podEndedByUser(on(run([resumedAt], [deletedWhileSuspended], grace)), deletedWhileSuspended), 'suspended', target);
    assert.equal(podEndedByUser(on(run([resumedAt], [deletedAfterResume], grace)), deletedAfterResume), undefined, target);
  }
});

test('the grace period a stop waits for: the template\'s, else 30 s', () => {
  assert.equal(gracePeriodSeconds(run([], [])), 30);
  assert.equal(gracePeriodSeconds(run([], [], { template: { spec: { terminationGracePeriodSeconds: 1 } } })), 1);
});

test('a container waiting for a missing image is stuck: its reason in one line, and what to do on each target', () => {
  const value = run([], [pod('job-abc', 'Pending', pulling)]);
  const [stuck] = waitingProblems(value);
  assert.ok(stuck);
  assert.equal(problemText(stuck), 'pod/job-abc/main waiting: ErrImagePull (Failed to pull image "nosuch:1": no such host)');
  assert.equal(problemText(stuck, true), 'pod/job-abc/main waiting: ErrImagePull');
  assert.match(stuck.advice ?? '', /docker pull nosuch:1.*docker load/);
  assert.match(adviceFor('ErrImagePull', { image: 'nosuch:1' }, 'cluster') ?? '', /imagePullSecrets/);
  // ErrImagePull and ImagePullBackOff alternate while retried: one problem.
  const [backoff] = waitingProblems(run([], [pod('job-abc', 'Pending', { waiting: { reason: 'ImagePullBackOff' } })]));
  assert.ok(backoff);
  assert.equal(problemKey(backoff), problemKey(stuck));
  // Waiting to be created is no problem; a pod being stopped is not stuck.
  assert.deepEqual(waitingProblems(run([], [pod('p', 'Pending', { waiting: { reason: 'ContainerCreating' } })])), []);
  assert.deepEqual(waitingProblems(run([], [pod('p', 'Pending', pulling, { deletionTimestamp: at })])), []);
});

test('what holds a pod up reads the same in the editor as in the CLI: any reason but being on its way, and a pod no node takes', () => {
  const hook = run([], [pod('job-abc', 'Pending', { waiting: { reason: 'PreStartHookError', message: 'hook failed' } })]);
  assert.deepEqual(runRowNotes(entry(hook)).tooltip, ['pod/job-abc/main waiting: PreStartHookError (hook failed)']);
  const unschedulable = pod('job-xyz', 'Pending', { waiting: { reason: 'ContainerCreating' } }, { reason: 'Unschedulable', message: '0/1 nodes are available' });
  const [problem] = waitingProblems(run([], [unschedulable]));
  assert.equal(problemText(problem), 'pod/job-xyz waiting: Unschedulable (0/1 nodes are available)');
  assert.match(problem.advice ?? '', /^No node can take the pod/);
  assert.equal(new PodProblems().line(unschedulable, 'cluster')?.text, 'pod/job-xyz waiting: Unschedulable (0/1 nodes are available)');
});

test('a run\'s row leads with Stopped, the waiting reason, or its removal by the TTL', () => {
  const stuck = runRowNotes(entry(run([], [pod('job-abc', 'Pending', pulling)])));
  assert.equal(stuck.description, 'ErrImagePull');
  assert.equal(stuck.icon?.id, 'warning');
  const stopped = runRowNotes(entry(run([condition('Failed', 'Stopped')], [])));
  assert.equal(stopped.description, 'Stopped');
  const removed = runRowNotes(entry(run([condition('Failed', 'BackoffLimitExceeded')], [], { ttlSecondsAfterFinished: 0 }), true));
  assert.equal(removed.description, 'removed by its TTL (ttlSecondsAfterFinished: 0)');
  assert.equal(runRowNotes(entry(run([], [pod('p', 'Running', running)]))).description, '');
});

test('log lines: a suspended pod and a stopped Job read as stopped, a waiting problem is told once per pod', () => {
  const ended = pod('job-abc', 'Failed', { terminated: { exitCode: 137, reason: 'Error', finishedAt: at } }, { deletionTimestamp: at });
  assert.deepEqual(podStatusLine(run([condition('Suspended')], [ended]), ended), { text: 'pod/job-abc stopped (Job suspended)', tone: 'info' });
  assert.deepEqual(podStatusLine(run([condition('Failed', 'BackoffLimitExceeded')], [ended]), { ...ended, deletionTimestamp: undefined }), { text: 'pod/job-abc Failed', tone: 'failure' });
  assert.equal(endStatusLine(run([condition('Failed', 'Stopped')], []))?.tone, 'info');
  assert.equal(endStatusLine(run([], [])), undefined);
  const problems = new PodProblems();
  assert.match(problems.line(pod('job-abc', 'Pending', pulling), 'docker')?.text ?? '', /^pod\/job-abc\/main waiting: ErrImagePull/);
  assert.equal(problems.line(pod('job-abc', 'Pending', { waiting: { reason: 'ImagePullBackOff' } }), 'docker'), undefined);
  assert.equal(problems.line(pod('job-abc', 'Pending', { waiting: { reason: 'ContainerCreating' } }), 'docker'), undefined);
  assert.ok(problems.line(pod('job-abc', 'Pending', pulling), 'docker'), 'told again once it came back after going away');
});
