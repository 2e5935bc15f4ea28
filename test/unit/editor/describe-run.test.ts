import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRun } from '../../../client/src/describe/describe-run';
import type { Run } from '../../../client/src/runs/model';

const now = Date.parse('2026-01-01T00:01:00Z');

function failedRun(): Run {
  return {
    id: 'r1',
    target: 'docker',
    namespace: 'default',
    jobName: 'abnormal-end',
    job: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'abnormal-end', labels: { team: 'data' } },
      spec: {
        backoffLimit: 1,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'main',
                image: 'busybox',
                command: ['sh', '-c', 'exit 1'],
                env: [
                  { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
                  { name: 'MODE', value: 'fast' },
                ],
              },
            ],
          },
        },
      },
    },
    status: {
      active: 0,
      ready: 0,
      succeeded: 0,
      failed: 2,
      terminating: 0,
      startTime: '2026-01-01T00:00:00Z',
      conditions: [
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: '2026-01-01T00:00:30Z' },
      ],
    },
    pods: [
      {
        name: 'abnormal-end-x1y2z',
        uid: 'u1',
        phase: 'Failed',
        node: 'local',
        createdAt: '2026-01-01T00:00:00Z',
        labels: {},
        annotations: {},
        initContainers: [],
        containers: [
          {
            name: 'main',
            image: 'busybox',
            role: 'main',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T00:00:01Z', message: 'disk full\n' } },
          },
        ],
      },
    ],
    events: [{ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', involvedObject: 'job/abnormal-end', time: '2026-01-01T00:00:30Z' }],
  };
}

test('describe shows status, the failure reason, each pod with its exit code, and events', () => {
  const text = describeRun(failedRun(), 'Local Docker', now);
  assert.match(text, /^Name: +abnormal-end$/m);
  assert.match(text, /^Target: +Local Docker$/m);
  assert.match(text, /^Backoff Limit: +1$/m);
  assert.match(text, /^Pods Statuses: +0 Active \(0 Ready\) \/ 0 Succeeded \/ 2 Failed$/m);
  assert.match(text, /^ {2}Failed +True +BackoffLimitExceeded +Job has reached the specified backoff limit$/m);
  assert.match(text, /abnormal-end-x1y2z\/main exited 1 \(Error\): disk full/);
  assert.match(text, /State: +Terminated: Error, exit code 1/);
  assert.match(text, /Warning +BackoffLimitExceeded +30s +job\/abnormal-end/);
  assert.match(text, /^Duration: +30s$/m);
});

test('values from Secrets are named, never shown; plain values are', () => {
  const text = describeRun(failedRun(), 'Local Docker', now);
  assert.match(text, /PASSWORD: {2}<set to the key 'password' in secret 'db'>/);
  assert.match(text, /MODE: {2}fast/);
});

test('a run that has not started yet says so instead of inventing figures', () => {
  const run = failedRun();
  run.status = { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, conditions: [] };
  run.pods = [];
  run.events = [];
  const text = describeRun(run, 'Local Docker', now);
  assert.match(text, /^Start Time: +<not started>$/m);
  assert.match(text, /^Conditions:\n {2}<none>$/m);
  assert.match(text, /^Pods:\n {2}<none>$/m);
  assert.doesNotMatch(text, /Why It Failed/);
});

test('Conditions and Events are columns that never touch, however long a cell, as kubectl sets them', () => {
  const run = failedRun();
  run.jobName = 'always-fails';
  run.events = [
    { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: always-fails-abcde', involvedObject: 'job/always-fails', time: '2026-01-01T00:00:00Z' },
    { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', involvedObject: 'job/always-fails', time: '2026-01-01T00:00:30Z' },
    { type: 'Normal', reason: 'Pulled', message: 'Container image "busybox" already present on machine', involvedObject: 'pod/always-fails-with-a-very-long-name-abcde', time: '2026-01-01T00:00:01Z', count: 2 },
  ];
  const lines = describeRun(run, 'Local Docker', now).split('\n');
  const events = lines.slice(lines.indexOf('Events:') + 1).filter((line) => line !== '');
  assert.equal(events.length, 5, events.join('\n'));
  assert.match(events[0], /^ {2}Type {3,}Reason {3,}Age {3,}Object {3,}Message$/);
  assert.match(events[1], /^ {2}-{4} {3,}-{6} {3,}-{3} {3,}-{6} {3,}-{7}$/);
  // Every column starts at the same place on every row, with at least three spaces before it.
  const starts = (line: string) => [...line.matchAll(/(?<=^ {2}| {3})\S/g)].map((m) => m.index);
  for (const line of events.slice(1)) assert.deepEqual(starts(line).slice(0, 5), starts(events[0]), `${events[0]}\n${line}`);
  assert.ok(events.some((line) => / {2}Normal {3,}SuccessfulCreate {3,}1m {3,}job\/always-fails {3,}Created pod: always-fails-abcde$/.test(line)), events.join('\n'));
  assert.ok(!events.some((line) => /job\/always-fails\S/.test(line)));
  const conditions = lines.slice(lines.indexOf('Conditions:') + 1, lines.indexOf('Why It Failed:'));
  assert.deepEqual(conditions, ['  Type     Status   Reason                 Message', '  ----     ------   ------                 -------', '  Failed   True     BackoffLimitExceeded   Job has reached the specified backoff limit']);
});
