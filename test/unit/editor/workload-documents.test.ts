import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineOf, workloadAt, workloadDocuments } from '../../../client/src/editor/workload-documents';
import { readPlacedManifest } from '../../../client/src/runs/manifest';

const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: batch/v1
kind: Job
metadata:
  name: first
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox }]
---
# a CronJob
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly }
spec:
  schedule: "0 3 * * *"
`;

test('finds each Job and CronJob with its name and the line of its kind', () => {
  const found = workloadDocuments(text);
  assert.deepEqual(found.map((w) => `${w.kind}/${w.name}`), ['Job/first', 'CronJob/nightly']);
  assert.equal(text.slice(found[0].anchor).split('\n')[0], 'kind: Job');
  assert.equal(text.slice(found[1].anchor).split('\n')[0], 'kind: CronJob');
});

test('the workload under the cursor is the one whose document holds it', () => {
  assert.equal(workloadAt(text, text.indexOf('restartPolicy'))?.name, 'first');
  assert.equal(workloadAt(text, text.indexOf('schedule'))?.name, 'nightly');
  // In the ConfigMap, with two workloads in the file, nothing is chosen for the user.
  assert.equal(workloadAt(text, text.indexOf('settings')), undefined);
});

test('a broken document is skipped, the others are still found', () => {
  const broken = `kind: Job\nmetadata: { name: bad\n---\nkind: Job\nmetadata:\n  name: good\n`;
  assert.deepEqual(workloadDocuments(broken).map((w) => w.name), ['good']);
  assert.equal(workloadAt(broken, 0)?.name, 'good');
});

test('old Mac line ends and a byte-order mark after --- are read as the language server reads them', () => {
  const mac = text.replace(/\n/g, '\r');
  assert.deepEqual(workloadDocuments(mac).map((w) => `${w.kind}/${w.name}`), ['Job/first', 'CronJob/nightly']);
  assert.equal(mac.slice(workloadDocuments(mac)[0].anchor).split('\r')[0], 'kind: Job');
  const joined = text.replace('---\napiVersion: batch/v1\nkind: Job', '---\n\uFEFFapiVersion: batch/v1\nkind: Job');
  assert.deepEqual(workloadDocuments(joined).map((w) => `${w.kind}/${w.name}`), ['Job/first', 'CronJob/nightly']);
});

test('a run started from the editor places each workload where the CodeLens does, from its one reading of the file', () => {
  for (const variant of [text, text.replace(/\n/g, '\r')]) {
    const { manifest, places } = readPlacedManifest('m.yaml', variant);
    assert.deepEqual(
      manifest.workloads.map((w) => ({ name: w.metadata?.name, ...places.get(w) })),
      workloadDocuments(variant).map((w) => ({ name: w.name, start: w.start, end: w.end })),
    );
  }
});

test("a workload's lines, to compare with the editor's diagnostics, are counted as VS Code counts them", () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['apiVersion: batch/v1', 'kind: ConfigMap', '---', 'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: second'].join(eol);
    const second = workloadDocuments(text)[0];
    assert.equal(lineOf(text, second.anchor), 4, JSON.stringify(eol));
    assert.equal(lineOf(text, text.length), 6, JSON.stringify(eol));
  }
});
