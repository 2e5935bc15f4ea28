import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { SCHEMA_KUBERNETES_VERSION } from '../../../server/src/service';
import { service, withCaret } from './support';

// Hovers that list next run times are computed from a pinned clock.
const NOW = new Date('2026-03-01T10:17:00Z');

function hoverText(text: string): string | undefined {
  const { document, offset } = withCaret(text);
  const hover = service({ now: () => NOW }).hover(document, offset);
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

const job = (spec: string) => `
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: demo
  spec:
${spec}
    template:
      spec:
        containers:
          - name: main
            image: busybox
        restartPolicy: Never
`;
/** A CronJob whose spec starts with `lines` (indented by six spaces after the first). */
const cronJob = (lines: string) => `
    apiVersion: batch/v1
    kind: CronJob
    metadata:
      name: c
    spec:
      ${lines}
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{name: c, image: busybox}]
              restartPolicy: OnFailure
  `;

test('a field: description, type, default and the schema version', () => {
  const text = hoverText(job('    suspe|nd: false'));
  assert.ok(text);
  assert.match(text, /\*\*suspend\*\* · `boolean` · default `false`/);
  assert.match(text, /`suspend` specifies whether the Job controller should create Pods or not/);
  assert.ok(text.includes(`Kubernetes ${SCHEMA_KUBERNETES_VERSION} API`));
});

test('backoffLimit: how many attempts and the back-off sequence', () => {
  const text = hoverText(job('    backoffLim|it: 3'));
  assert.match(text ?? '', /after 4 failed attempts \(3 retries\)/);
  assert.match(text ?? '', /replaced after 10 s, 20 s, 40 s/);
  const onFailure = hoverText(job('    backoffLimit: |10').replace('restartPolicy: Never', 'restartPolicy: OnFailure'));
  assert.match(onFailure ?? '', /10 s, 20 s, 40 s, 1 min 20 s, 2 min 40 s, 5 min, 5 min, 5 min, …/);
});

test('completions and parallelism: the pattern and how many pods at once', () => {
  assert.match(hoverText(job('    completi|ons: 10\n    parallelism: 2')) ?? '', /Fixed completion count: the Job completes after 10 successful pods, running 2 at once/);
  assert.match(hoverText(job('    paral|lelism: 5')) ?? '', /Work queue: 5 pods start at once/);
  assert.match(hoverText(job('    completionMode: Indexed\n    compl|etions: 4\n    parallelism: 8')) ?? '', /Indexed Job: indexes 0 to 3.*4 pods at once/);
  assert.match(hoverText(job('    completions: |1')) ?? '', /One-shot Job/);
  // Only parallelism set leaves completions unset: work-queue mode, even with one pod.
  assert.match(hoverText(job('    parallelism: |1')) ?? '', /Work queue: 1 pod starts at once/);
});

test('ttlSecondsAfterFinished: when the Job and its logs disappear', () => {
  assert.match(hoverText(job('    ttlSecondsAfter|Finished: 5400')) ?? '', /1 h 30 min after the Job finishes \(Complete or Failed\), the Job and its pods are deleted, and their logs/);
});

test('schedule: in words, and the next five runs in the CronJob\'s time zone', () => {
  const text = hoverText(cronJob('schedule: "30 2 * * 1-5"|\n      timeZone: Asia/Tokyo'));
  assert.ok(text);
  assert.match(text, /At 02:30.*Monday through Friday.*\(Asia\/Tokyo\)/);
  // 2026-03-01 is a Sunday: Monday 2 March 02:30 in Tokyo is the first run.
  assert.match(text, /Next runs \(Asia\/Tokyo\):\n- 2026-03-02 02:30\n- 2026-03-03 02:30\n- 2026-03-04 02:30\n- 2026-03-05 02:30\n- 2026-03-06 02:30/);
});

test('nothing for other kinds or outside the schema', () => {
  assert.equal(hoverText('apiVersion: v1\nkind: Pod\nspec:\n  restart|Policy: Never\n'), undefined);
  assert.equal(hoverText(job('    labe|lz: 1')), undefined);
});

test('restartPolicy and concurrencyPolicy say what happens on failure and on overlap', () => {
  assert.match(hoverText(job('    suspend: false').replace('restartPolicy: Never', 'restartPolicy: Nev|er')) ?? '', /Never: a failed container fails its pod/);
  const cron = (line: string) => cronJob(`schedule: "@hourly"\n      ${line}`);
  assert.match(hoverText(cron('concurrencyPolicy: Forb|id')) ?? '', /Forbid: a scheduled run is skipped while the previous Job is still running/);
  assert.match(hoverText(cron('startingDeadlineSeconds: 3|00')) ?? '', /within 5 min of its scheduled time is skipped/);
});

test('a schedule reads as said, without the fields it leaves open', () => {
  const said = (schedule: string) => {
    return hoverText(cronJob(`schedule: "${schedule}"|`))?.split('\n\n')[1];
  };
  assert.equal(said('*/5 * * * *'), "Every 5 minutes (in the controller's time zone, usually UTC).");
  assert.equal(said('0 * * * *'), "Every hour (in the controller's time zone, usually UTC).");
  assert.equal(said('@daily'), "At 00:00 (in the controller's time zone, usually UTC).");
  assert.equal(said('30 2 * * 1-5'), "At 02:30, Monday through Friday (in the controller's time zone, usually UTC).");
  assert.equal(said('0 9 1 * *'), "At 09:00, on day 1 of the month (in the controller's time zone, usually UTC).");
});

test('every paragraph of a hover starts with a capital or with code', () => {
  const text = `
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: demo
      labels: {a: b}
    spec:
      backoffLimit: 2
      parallelism: 0
      completions: 3
      ttlSecondsAfterFinished: 0
      template:
        spec:
          containers: [{name: c, image: busybox, command: [sh], env: [{name: A, value: b}]}]
          restartPolicy: OnFailure
  `;
  const plain = text.replace(/\|/g, '');
  let hovers = 0;
  for (let at = plain.indexOf('apiVersion'); at < plain.length; at++) {
    const shown = hoverText(`${plain.slice(0, at)}|${plain.slice(at)}`);
    if (!shown) continue;
    hovers++;
    for (const paragraph of shown.split('\n\n')) assert.match(paragraph, /^([A-Z*_`-]|\d)/, `a paragraph starts lowercase: ${paragraph.slice(0, 80)}`);
  }
  assert.ok(hovers > 100);
});
