// How runs, pods and containers read in the Jobs view: durations (not ages), start times that tell
// runs of one Job apart, and what Re-run will run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerModel, PodModel, Run } from '../../../client/src/runs/model';
import { clockTime, containerDescription, podDescription, podIsLive, rerunText, runDescription, runIsLive } from '../../../client/src/views/run-presentation';
import { RunNumbers } from '../../../client/src/views/run-numbers';

const at = (iso: string): number => Date.parse(iso);
const localIso = (h: number, m: number, s: number): string => new Date(2026, 11, 4, h, m, s).toISOString();

function pod(parts: Partial<PodModel>): PodModel {
  return { name: 'p', uid: 'u', phase: 'Running', createdAt: '2026-12-04T10:00:00Z', labels: {}, annotations: {}, initContainers: [], containers: [], ...parts };
}

function container(state: ContainerModel['state']): ContainerModel {
  return { name: 'main', image: 'busybox', role: 'main', state, restartCount: 0, ready: false };
}

function run(status: Partial<Run['status']>): Run {
  return {
    id: 'r',
    target: 'docker',
    namespace: 'default',
    jobName: 'quick-job',
    job: { metadata: { name: 'quick-job', creationTimestamp: '2026-12-04T10:00:00Z' }, spec: {} },
    status: { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, conditions: [], ...status },
    pods: [],
    events: [],
  };
}

test('a pod that ran 2 seconds says "took 2s" however long ago that was', () => {
  const done = pod({ phase: 'Succeeded', startTime: '2026-12-04T10:00:01Z', finishedAt: '2026-12-04T10:00:03Z' });
  assert.equal(podDescription(done, at('2026-12-04T10:00:21Z')), 'Succeeded · took 2s');
  assert.equal(podDescription(done, at('2026-12-04T10:13:43Z')), 'Succeeded · took 2s');
  assert.equal(podIsLive(done), false);
});

test('a running pod says how long it has been running, a pending one how long it waits', () => {
  const running = pod({ phase: 'Running', startTime: '2026-12-04T10:00:02Z' });
  assert.equal(podDescription(running, at('2026-12-04T10:00:07Z')), 'Running · running for 5s');
  assert.equal(podDescription(running, at('2026-12-04T10:01:32Z')), 'Running · running for 1m30s');
  assert.equal(podDescription(pod({ phase: 'Pending', reason: 'ErrImagePull' }), at('2026-12-04T10:00:09Z')), 'Pending (ErrImagePull) · pending for 9s');
  assert.ok(podIsLive(running));
});

test('a failed pod without finishedAt takes its end from its containers', () => {
  const failed = pod({
    phase: 'Failed',
    startTime: '2026-12-04T10:00:00Z',
    containers: [container({ terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-12-04T10:00:00Z', finishedAt: '2026-12-04T10:00:04Z' } })],
  });
  assert.equal(podDescription(failed, at('2026-12-04T11:00:00Z')), 'Failed · main exit 1 · took 4s');
});

test('containers: running for, or took', () => {
  const now = at('2026-12-04T10:00:10Z');
  assert.equal(containerDescription(container({ running: { startedAt: '2026-12-04T10:00:04Z' } }), now), 'running for 6s');
  assert.equal(containerDescription(container({ terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-12-04T10:00:04Z', finishedAt: '2026-12-04T10:00:05Z' } }), now), 'Completed, exit 0 · took 1s');
});

test('a run says when it started and how long it has run or took; only a running one ticks', () => {
  const started = localIso(14, 2, 7);
  const now = Date.parse(started) + 65_000;
  const going = run({ active: 1, startTime: started });
  assert.equal(runDescription(going, now), '0/1 · 1 active · running for 1m5s · started 14:02:07');
  assert.ok(runIsLive(going));
  const ended = new Date(Date.parse(started) + 3000).toISOString();
  const done = run({ succeeded: 1, startTime: started, completionTime: ended, conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: ended }] });
  assert.equal(runDescription(done, now + 3_600_000), '1/1 · took 3s · started 14:02:07');
  assert.equal(runIsLive(done), false);
});

test('start times: the time of day today, the date on other days', () => {
  assert.equal(clockTime(localIso(9, 5, 3), Date.parse(localIso(23, 0, 0))), '09:05:03');
  assert.equal(clockTime(new Date(2026, 11, 3, 14, 2, 7).toISOString(), Date.parse(localIso(9, 0, 0))), '2026-12-03 14:02');
});

test('runs of one Job get #1, #2, … in the order they appear, kept when one is deleted', () => {
  const numbers = new RunNumbers();
  assert.equal(numbers.of('a', 'Local Docker', 'quick-job'), 1);
  assert.equal(numbers.of('b', 'Local Docker', 'quick-job'), 2);
  assert.equal(numbers.of('c', 'Local Docker', 'long-job'), 1);
  assert.equal(numbers.of('d', 'kind-dev', 'quick-job'), 1);
  assert.equal(numbers.of('a', 'Local Docker', 'quick-job'), 1);
  assert.equal(numbers.of('e', 'Local Docker', 'quick-job'), 3);
});

test('the tooltip says Re-run takes the file as it is now', () => {
  assert.equal(rerunText({ uri: 'file:///work/jobs/quick-job.yaml', manifestText: 'x' }), 'Re-run runs quick-job.yaml as it is in the editor now, unsaved edits included (when the file is not open: as it was for this run).');
  assert.equal(rerunText({ manifestText: 'x' }), 'Re-run runs the manifest as it was for this run.');
  assert.equal(rerunText(undefined), undefined);
});
