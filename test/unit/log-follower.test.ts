import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRunLogs } from '../../client/src/runs/log-follower';
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
