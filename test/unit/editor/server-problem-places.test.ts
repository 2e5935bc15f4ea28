// Where the API server's refusals and warnings about a manifest show: at the line of the field
// it names, in the document of the object it was about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPlacedManifest } from '../../../client/src/runs/manifest';
import { ServerAnswerPlaces } from '../../../client/src/editor/server-problem-places';

const TEXT = [
  'apiVersion: v1', // 0
  'kind: ConfigMap', // 1
  'metadata:', // 2
  '  name: settings', // 3
  'data:', // 4
  '  "bad key!": x', // 5
  '---', // 6
  'apiVersion: batch/v1', // 7
  'kind: Job', // 8
  'metadata:', // 9
  '  name: report', // 10
  'spec:', // 11
  '  completions: -1', // 12
  '  template:', // 13
  '    spec:', // 14
  '      restartPolicy: Never', // 15
  '      containers:', // 16
  '        - name: main', // 17
  '          image: busybox:1.36', // 18
  '        - name: side', // 19
  '          image: ""', // 20
  '',
].join('\n');

const { manifest, places } = readPlacedManifest('job.yaml', TEXT);
const [job] = manifest.workloads;
const answers = new ServerAnswerPlaces(TEXT, places);
const line = (problem: { kind: string; name: string; field?: string }) => answers.problem({ message: 'x', ...problem }, job).first;

test('a refused field is at its line, in the document of the object it was about', () => {
  assert.equal(line({ kind: 'Job', name: 'report', field: 'spec.completions' }), 12);
  assert.equal(line({ kind: 'Job', name: 'report', field: 'spec.template.spec.containers[1].image' }), 20);
  assert.equal(line({ kind: 'ConfigMap', name: 'settings', field: 'data[bad key!]' }), 5);
});

test('a field that is not written is at its nearest ancestor; no field, or an object not in the file, at the Job\'s kind line', () => {
  assert.equal(line({ kind: 'Job', name: 'report', field: 'spec.template.spec.containers[0].resources.limits' }), 17);
  assert.equal(line({ kind: 'Job', name: 'report' }), 8);
  assert.equal(line({ kind: 'Secret', name: 'elsewhere', field: 'data' }), 8);
  assert.deepEqual(answers.kindLine(job), { first: 8, last: 8 });
  assert.deepEqual(answers.kindLine(manifest.configMaps[0]), { first: 1, last: 1 });
});
