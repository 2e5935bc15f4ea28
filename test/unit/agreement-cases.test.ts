// The agreement suite's parts that need no cluster: the manifests it generates and how it finds
// the line of a field the API server names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { agreementCases } from '../support/api-agreement/cases';
import { judgeCase, lintErrors } from '../support/api-agreement/agreement';
import { fieldsInMessage, linesInMessage } from '../support/api-agreement/dry-run';
import { ManifestLines } from '../../client/src/editor/field-lines';

test('thousands of distinct manifests over every category, each a Job or CronJob, the bases clean', () => {
  const cases = agreementCases();
  assert.ok(cases.length >= 5000, `${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => `${c.kind}\n${c.yaml}`)).size, cases.length);
  const categories = new Set(cases.map((c) => c.category));
  for (const category of ['base', 'type', 'required', 'range', 'enum', 'name', 'label', 'selector', 'combination', 'cron', 'volume', 'affinity', 'security']) {
    assert.ok(categories.has(category), `no ${category} case`);
  }
  for (const c of cases.slice(0, 200)) assert.equal((parse(c.yaml) as { kind: string }).kind, c.kind);
  for (const base of cases.filter((c) => c.category === 'base')) assert.deepEqual(lintErrors(base.yaml), [], base.id);
});

test("a field the server names maps to its lines, to every item when the index is left out, else to the nearest ancestor", () => {
  const text = 'spec:\n  containers:\n    - name: a\n      image: x\n    - name: b\n      env:\n        - {name: E, value: v}\n';
  const lines = new ManifestLines(text);
  assert.deepEqual(lines.spans('spec.containers[1].name'), [{ first: 4, last: 4 }]);
  assert.deepEqual(lines.spans('spec.containers.name'), [{ first: 2, last: 2 }, { first: 4, last: 4 }]);
  assert.deepEqual(lines.spans('spec.containers[0].image'), [{ first: 3, last: 3 }]);
  assert.deepEqual(lines.spans('spec.containers[0].ports[0].containerPort'), [{ first: 2, last: 3 }]);
  assert.deepEqual(lines.spans('spec.containers[1].env[0].value'), [{ first: 6, last: 6 }]);
  assert.deepEqual(fieldsInMessage('json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string'), ['spec.template.spec.containers.env.value']);
  assert.deepEqual(fieldsInMessage('strict decoding error: unknown field "spec.bogus", unknown field "metadata.x"'), ['spec.bogus', 'metadata.x']);
  assert.deepEqual(linesInMessage('yaml: unmarshal errors:\n  line 7: key "name" already set in map'), [7]);
});

test('a rejection is caught only by an error on the named field; an accepted manifest must have none', () => {
  const [base] = agreementCases();
  const broken = { ...base, yaml: base.yaml.replace('restartPolicy: Never', 'restartPolicy: Always') };
  const rejected = (fields: string[]) => ({ accepted: false, status: 422, fields, lines: [], message: '' });
  assert.equal(judgeCase(broken, rejected(['spec.template.spec.restartPolicy'])).outcome, 'caught');
  assert.equal(judgeCase(broken, rejected(['metadata.name'])).outcome, 'elsewhere');
  assert.equal(judgeCase(base, rejected(['metadata.name'])).outcome, 'missed');
  assert.equal(judgeCase(broken, { accepted: true, status: 201, fields: [], lines: [], message: '' }).outcome, 'false-alarm');
  assert.equal(judgeCase(base, { accepted: true, status: 201, fields: [], lines: [], message: '' }).outcome, 'agreed');
});
