// The server's settings come from settings.json as they are: each wrong value falls back to its
// default with a warning, and nothing throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSettings } from '../../server/src/settings';
import { createLanguageService } from '../../server/src/service';
import { TextDocument } from 'vscode-languageserver-textdocument';

const DEFAULTS = { rules: {}, validationDelay: 200 };

test('valid settings are used as they are', () => {
  assert.deepEqual(readSettings({ kubernetesVersion: ' 1.30 ', rules: { 'missing-ttl': 'off', 'latest-image': 'information' }, validation: { delay: 0 } }), {
    settings: { kubernetesVersion: '1.30', rules: { 'missing-ttl': 'off', 'latest-image': 'information' }, validationDelay: 0 },
    warnings: [],
  });
  assert.deepEqual(readSettings(undefined), { settings: DEFAULTS, warnings: [] });
  assert.deepEqual(readSettings({ kubernetesVersion: '' }), { settings: DEFAULTS, warnings: [] });
  assert.deepEqual(readSettings({ kubernetesVersion: 'v1.31' }).settings.kubernetesVersion, '1.31');
});

test('each wrong value falls back to its default with one warning saying what was wrong', () => {
  const cases: [unknown, RegExp][] = [
    [{ kubernetesVersion: 1.3 }, /^kubeJobs\.kubernetesVersion must be text like "1\.30", not the number 1\.3: checking against the schema's version$/],
    [{ kubernetesVersion: { major: 1 } }, /kubernetesVersion must be text like "1\.30", not an object/],
    [{ kubernetesVersion: 'latest' }, /kubernetesVersion must be text like "1\.30", not the text "latest"/],
    [{ kubernetesVersion: '2.0' }, /kubernetesVersion must be text like "1\.30", not the text "2\.0"/],
    [{ kubernetesVersion: '1.1000' }, /kubernetesVersion must be text like "1\.30", not the text "1\.1000"/],
    [{ rules: 'off' }, /^kubeJobs\.rules must be an object of rule codes and severities, not the text "off": using the default severities$/],
    [{ rules: ['missing-ttl'] }, /kubeJobs\.rules must be an object .+ not a list/],
    [{ rules: { 'missing-ttl': 0 } }, /^kubeJobs\.rules: "missing-ttl" must be one of off, error, warning, information, info, hint, not the number 0: it keeps its default severity$/],
    [{ rules: { 'missing-ttl': 'loud' } }, /"missing-ttl" must be one of .+ not the text "loud"/],
    [{ rules: { 'no-such-rule': 'off' } }, /^kubeJobs\.rules: there is no rule "no-such-rule" \(rules: yaml-syntax, /],
    [{ validation: { delay: -5 } }, /^kubeJobs\.validation\.delay must be a number of milliseconds from 0 to 5000, not the number -5: waiting 200 ms$/],
    [{ validation: { delay: '100' } }, /delay must be a number .+ not the text "100"/],
    [{ validation: { delay: 1e9 } }, /delay must be a number .+ not the number 1000000000/],
    [{ validation: 300 }, /^kubeJobs\.validation must be an object like \{"delay": 200\}, not the number 300/],
    ['1.30', /^the "kubeJobs" settings must be an object, not the text "1\.30": using the defaults$/],
  ];
  for (const [section, warning] of cases) {
    const { settings, warnings } = readSettings(section);
    assert.deepEqual(settings, DEFAULTS, JSON.stringify(section));
    assert.equal(warnings.length, 1, JSON.stringify(section));
    assert.match(warnings[0], warning);
  }
});

test('the right values of a section are kept beside a wrong one', () => {
  const { settings, warnings } = readSettings({ kubernetesVersion: 1.3, rules: { 'missing-ttl': 'off', 'latest-image': true }, validation: { delay: 50 } });
  assert.deepEqual(settings, { rules: { 'missing-ttl': 'off' }, validationDelay: 50 });
  assert.equal(warnings.length, 2);
});

test('the language service takes a version of another type without throwing', () => {
  const document = TextDocument.create('file:///job.yaml', 'yaml', 1, 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n');
  for (const kubernetesVersion of [1.3, { major: 1 }, null]) {
    const languageService = createLanguageService({ kubernetesVersion: kubernetesVersion as unknown as string });
    assert.ok(Array.isArray(languageService.validate(document)));
    languageService.configure({ kubernetesVersion: kubernetesVersion as unknown as string });
    assert.ok(Array.isArray(languageService.validate(document)));
  }
});
