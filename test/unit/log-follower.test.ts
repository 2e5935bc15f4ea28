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
