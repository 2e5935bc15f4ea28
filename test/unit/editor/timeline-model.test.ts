import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline } from '../../../client/src/timeline/timeline-model';
import type { PodModel, Run } from '../../../client/src/runs/model';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number): string => new Date(t0 + s * 1000).toISOString();

function pod(name: string, created: number, finished: number | undefined, phase: PodModel['phase']): PodModel {
  return { name, uid: name, phase, createdAt: at(created), finishedAt: finished === undefined ? undefined : at(finished), labels: {}, annotations: {}, initContainers: [], containers: [] };
}

function run(pods: PodModel[], finishedAt?: number): Run {
  return {
    id: 'r',
    target: 'docker',
    namespace: 'default',
    jobName: 'work',
    job: {},
    pods,
    events: [],
    status: {
      active: pods.filter((p) => p.phase === 'Running').length,
      ready: 0,
      succeeded: pods.filter((p) => p.phase === 'Succeeded').length,
      failed: pods.filter((p) => p.phase === 'Failed').length,
      terminating: 0,
      startTime: at(0),
      completionTime: finishedAt === undefined ? undefined : at(finishedAt),
      conditions: finishedAt === undefined ? [] : [{ type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: at(finishedAt) }],
    },
  };
}

test('completions 5, parallelism 3: three lanes, later pods reuse the lane that freed first', () => {
  const timeline = buildTimeline(
    run([pod('a', 0, 4, 'Succeeded'), pod('b', 0, 6, 'Succeeded'), pod('c', 0, 8, 'Succeeded'), pod('d', 4, 9, 'Succeeded'), pod('e', 6, 10, 'Succeeded')], 10),
    t0 + 60_000,
  );
  assert.equal(timeline.lanes, 3);
  assert.deepEqual(timeline.bars.map((b) => [b.pod, b.lane]), [['a', 0], ['b', 1], ['c', 2], ['d', 0], ['e', 1]]);
  // A finished run's picture ends with the run, not at "now".
  assert.equal(timeline.span, 10_000);
  assert.match(timeline.status, /5 succeeded · 0 failed · 0 active · Complete \(CompletionsReached\)/);
});

test('a retry after back-off shows the gap and the failed attempt; a running pod reaches now', () => {
  const timeline = buildTimeline(run([pod('try-1', 0, 2, 'Failed'), pod('try-2', 12, undefined, 'Running')]), t0 + 20_000);
  assert.deepEqual(timeline.bars.map((b) => [b.outcome, b.lane, b.start, b.end]), [['failed', 0, 0, 2000], ['running', 0, 12_000, 20_000]]);
  assert.equal(timeline.span, 20_000);
});
