// The sample a fresh server checks while the first file arrives: it has to take the path real
// manifests take (the quick parser, every check, no finding), or warming up compiles the wrong code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBlockYaml } from '../../../server/src/service/parse/block-yaml';
import { splitDocuments } from '../../../server/src/service/parse/parse';
import { WARM_UP_SAMPLE } from '../../../server/src/service/rules/warm-up';
import { service, yamlDocument } from './support';

test('the warm-up sample is a clean Job and CronJob', () => {
  assert.deepEqual(service().validate(yamlDocument(WARM_UP_SAMPLE)), []);
  const kinds = splitDocuments(WARM_UP_SAMPLE).map((document) => /^kind: (\w+)$/m.exec(document.text)?.[1]);
  assert.deepEqual(kinds, ['Job', 'CronJob']);
});

test('the quick parser reads every document of the warm-up sample', () => {
  for (const document of splitDocuments(WARM_UP_SAMPLE)) assert.ok(parseBlockYaml(document.text), document.text.slice(0, 60));
});

test('warming up leaves the diagnostics of a file as they were', () => {
  const checked = service();
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: Bad_Name\nspec:\n  template:\n    spec:\n      containers: []\n';
  const before = checked.validate(yamlDocument(text));
  checked.warmUp();
  assert.deepEqual(checked.validate(yamlDocument(text)), before);
  assert.ok(before.length > 0);
});
