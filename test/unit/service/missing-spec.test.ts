// A Job or CronJob without a spec: the API server rejects it, so the editor says so, with a fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { service, yamlDocument } from './support';

const JOB_MESSAGE = 'A Job needs a `spec` with a pod `template`: the API server rejects it without one (spec.template.spec.containers: Required value).';
const CRONJOB_MESSAGE =
  'A CronJob needs a `spec` with a `schedule` and a `jobTemplate`: the API server rejects it without one (spec.schedule: Required value; spec.jobTemplate.spec.template.spec.containers: Required value).';

function errors(text: string) {
  return service()
    .validate(yamlDocument(text))
    .filter((d) => d.severity === 1)
    .map((d) => [d.code, d.range.start.line, d.range.start.character, d.message]);
}

/** The text after the quick fixes offered for the error on `line`. */
function fixed(text: string, line: number): string[] {
  const document = yamlDocument(text);
  const actions = service().codeActions(document, { start: { line, character: 0 }, end: { line, character: 0 } });
  return actions.map((action) => TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] ?? []));
}

for (const [kind, message] of [
  ['Job', JOB_MESSAGE],
  ['CronJob', CRONJOB_MESSAGE],
] as const) {
  test(`a ${kind} without spec is an error on its kind line, fixed by a minimal spec`, () => {
    for (const text of [`apiVersion: batch/v1\nkind: ${kind}\nmetadata:\n  name: bare\n`, `apiVersion: batch/v1\nkind: ${kind}\nmetadata:\n  name: bare`]) {
      assert.deepEqual(errors(text), [['missing-required', 1, 0, message]]);
      const [withSpec, ...others] = fixed(text, 1);
      assert.equal(others.length, 0);
      assert.ok(withSpec.startsWith(text), 'the fix adds, after the last field');
      assert.deepEqual(errors(withSpec), [], withSpec);
    }
  });

  test(`a ${kind} with an empty spec, or one written as a flow map, gets the error without a fix`, () => {
    const empty = `apiVersion: batch/v1\nkind: ${kind}\nmetadata:\n  name: bare\nspec:\n`;
    assert.deepEqual(errors(empty), [['missing-required', 4, 0, message]]);
    assert.deepEqual(fixed(empty, 4), []);
    const flow = `{apiVersion: batch/v1, kind: ${kind}, metadata: {name: bare}}\n`;
    assert.deepEqual(errors(flow), [['missing-required', 0, 23, message]]);
    assert.deepEqual(fixed(flow, 0), []);
  });
}

test('a CronJob spec without jobTemplate names what is missing', () => {
  const text = 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  startingDeadlineSeconds: 60\n';
  assert.deepEqual(errors(text), [['missing-required', 4, 0, 'Missing required field `jobTemplate`.']]);
});
