import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRunLogs } from '../../client/src/runs/log-follower';
import { compareLogTimes } from '../../client/src/runs/log-times';
import type { LogLine, PodModel } from '../../client/src/runs/model';
import { ScriptedRun } from '../support/scripted-run';

function restartedPod(restartCount: number): PodModel {
  const at = new Date().toISOString();
  return {
    name: 'retry-abcde',
    uid: 'u',
    phase: 'Running',
    createdAt: at,
    labels: {},
    annotations: {},
    initContainers: [],
    containers: [
      {
        name: 'main',
        image: 'busybox',
        role: 'main',
        ready: true,
        restartCount,
        state: { running: { startedAt: at } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at } },
      },
    ],
  };
}

test('a container that restarted before it was seen still shows its first attempt, then the current one', async () => {
  const handle = new ScriptedRun('retry');
  const lines: LogLine[] = [];
  const follower = followRunLogs(handle, (line) => lines.push(line));
  handle.previousLog('retry-abcde', 'main', 'attempt 1 failed');
  handle.log('retry-abcde', 'main', 'attempt 2 works');
  handle.pod(restartedPod(1));
  handle.closeLogs('retry-abcde', 'main');
  await follower.drained();
  follower.dispose();
  assert.deepEqual(lines.map((l) => l.text).sort(), ['attempt 1 failed', 'attempt 2 works']);
});

test('each instance is read once, however often the pod is reported', async () => {
  const handle = new ScriptedRun('retry');
  const lines: LogLine[] = [];
  const follower = followRunLogs(handle, (line) => lines.push(line));
  handle.previousLog('retry-abcde', 'main', 'before');
  handle.log('retry-abcde', 'main', 'now');
  handle.pod(restartedPod(1));
  handle.pod(restartedPod(1));
  handle.closeLogs('retry-abcde', 'main');
  await follower.drained();
  follower.dispose();
  assert.equal(lines.length, 2);
});

test('a container waiting out its back-off after a restart is read again once it runs, not before', async () => {
  const handle = new ScriptedRun('retry');
  const reads: string[] = [];
  let reported = '';
  const logs = handle.logs.bind(handle);
  handle.logs = (pod, container, options) => {
    reads.push(`${reported} ${options?.previous ? 'previous' : 'current'}`);
    return logs(pod, container, options);
  };
  const follower = followRunLogs(handle, () => undefined);
  const report = (restartCount: number, state: PodModel['containers'][number]['state'], what: string) => {
    reported = what;
    const pod = restartedPod(restartCount);
    pod.containers[0].state = state;
    handle.pod(pod);
  };
  const at = new Date().toISOString();
  report(0, { running: { startedAt: at } }, 'first attempt running');
  report(1, { waiting: { reason: 'CrashLoopBackOff' } }, 'back-off');
  report(1, { running: { startedAt: at } }, 'second attempt running');
  handle.closeLogs('retry-abcde', 'main');
  await follower.drained();
  follower.dispose();
  assert.deepEqual(reads, ['first attempt running current', 'second attempt running current']);
});

test('a container\'s lines are handed on in the engine\'s timestamp order, not the order the engine filed them', async () => {
  const handle = new ScriptedRun('order');
  const lines: LogLine[] = [];
  const follower = followRunLogs(handle, (line) => lines.push(line));
  // As the engine's json-file log can hold them: the stdout line stamped first filed after a
  // stderr line; fractions of any length (the engine drops trailing zeros).
  handle.log('retry-abcde', 'main', 'err-2', 'stderr', '2026-12-04T13:45:56.0553Z');
  handle.log('retry-abcde', 'main', 'out-1', 'stdout', '2026-12-04T13:45:56.055199901Z');
  handle.log('retry-abcde', 'main', 'out-3', 'stdout', '2026-12-04T13:45:56.06Z');
  handle.log('retry-abcde', 'main', 'same-time-a', 'stdout', '2026-12-04T13:45:57Z');
  handle.log('retry-abcde', 'main', 'same-time-b', 'stderr', '2026-12-04T13:45:57.000000000Z');
  handle.pod(restartedPod(0));
  handle.closeLogs('retry-abcde', 'main');
  await follower.podDrained('retry-abcde');
  assert.deepEqual(lines.map((l) => l.text), ['out-1', 'err-2', 'out-3', 'same-time-a', 'same-time-b']);
  await follower.drained();
  follower.dispose();
});

test('compareLogTimes: to the nanosecond, whatever the number of fraction digits', () => {
  assert.ok(compareLogTimes('2026-12-04T13:45:56.0552Z', '2026-12-04T13:45:56.055199901Z') > 0);
  assert.ok(compareLogTimes('2026-12-04T13:45:56Z', '2026-12-04T13:45:56.000000001Z') < 0);
  assert.equal(compareLogTimes('2026-12-04T13:45:56.5Z', '2026-12-04T13:45:56.500000000Z'), 0);
  assert.ok(compareLogTimes('2026-12-04T14:45:56+01:00', '2026-12-04T13:45:57Z') < 0);
});
