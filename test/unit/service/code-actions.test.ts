import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-types';
import { CLEAN_JOB, cronJob, dedent, service, yamlDocument } from './support';

/** The quick fixes offered with the cursor just after `marker`, and the text after applying one. */
function fixesAt(text: string, marker: string): { titles: string[]; apply: (title: string) => string } {
  const document = yamlDocument(text);
  const found = text.indexOf(marker);
  assert.ok(found >= 0, `marker ${marker}`);
  const offset = found + marker.length;
  const position = document.positionAt(offset);
  const actions: CodeAction[] = service().codeActions(document, { start: position, end: position });
  return {
    titles: actions.map((a) => a.title),
    apply(title) {
      const action = actions.find((a) => a.title === title);
      assert.ok(action, `no action "${title}" among ${actions.map((a) => a.title).join(', ')}`);
      const edits = action.edit?.changes?.[document.uri] ?? [];
      return TextDocument.applyEdits(document, edits);
    },
  };
}

const clean = dedent(CLEAN_JOB);

test('a misspelt field is renamed to the field meant', () => {
  const text = clean.replace('ttlSecondsAfterFinished', 'ttlSecondsAfterFinished: 600\n  backofflimit: 2\n  x');
  const fixed = fixesAt(text, 'backofflimit').apply('Change "backofflimit" to "backoffLimit"');
  assert.match(fixed, /^ {2}backoffLimit: 2$/m);
  assert.deepEqual(service().validate(yamlDocument(fixed.replace('  x: 600\n', ''))), []);
});

test('restartPolicy Always becomes Never or OnFailure; an absent one is added', () => {
  const always = clean.replace('restartPolicy: Never', 'restartPolicy: Always');
  const offered = fixesAt(always, 'Always');
  assert.deepEqual(offered.titles.slice(0, 2), ['Change restartPolicy to Never', 'Change restartPolicy to OnFailure']);
  assert.equal(offered.apply('Change restartPolicy to OnFailure'), clean.replace('restartPolicy: Never', 'restartPolicy: OnFailure'));
  const absent = clean.replace('      restartPolicy: Never\n', '');
  const added = fixesAt(absent, '    spec').apply('Add restartPolicy: Never');
  assert.deepEqual(service().validate(yamlDocument(added)), []);
});

test('batch/v1beta1 becomes batch/v1', () => {
  const text = clean.replace('batch/v1', 'batch/v1beta1').replace('kind: Job', 'kind: CronJob');
  assert.match(fixesAt(text, 'batch/v1beta1').apply('Change apiVersion to batch/v1'), /^apiVersion: batch\/v1\nkind: CronJob/);
});

test('Indexed without completions gets completions; a Job without ttl gets one', () => {
  const indexed = clean.replace('  ttlSecondsAfterFinished: 600\n', '  ttlSecondsAfterFinished: 600\n  completionMode: Indexed\n  parallelism: 2\n');
  const withCompletions = fixesAt(indexed, 'Indexed').apply('Add completions: 1');
  assert.deepEqual(service().validate(yamlDocument(withCompletions)), []);
  const noTtl = clean.replace('  ttlSecondsAfterFinished: 600\n', '');
  const withTtl = fixesAt(noTtl, 'spec').apply('Add ttlSecondsAfterFinished: 3600');
  assert.match(withTtl, /^spec:\n {2}ttlSecondsAfterFinished: 3600\n {2}template:/m);
  assert.deepEqual(service().validate(yamlDocument(withTtl)), []);
});

test('a TZ= prefix moves to timeZone; a number where a string belongs gets quoted', () => {
  const cron = cronJob({ schedule: 'TZ=Asia/Tokyo 0 9 * * *' });
  const moved = fixesAt(cron, 'TZ=').apply('Move Asia/Tokyo to timeZone');
  assert.match(moved, / {2}timeZone: "Asia\/Tokyo"\n {2}schedule: "0 9 \* \* \*"/);
  assert.deepEqual(service().validate(yamlDocument(moved)), []);
  const numeric = clean.replace('image: busybox:1.36', 'image: busybox:1.36\n          env:\n            - name: N\n              value: 3');
  assert.match(fixesAt(numeric, 'value: 3').apply('Quote the value: "3"'), /value: "3"/);
});

test('no quick fix is offered away from a problem', () => {
  const text = clean.replace('restartPolicy: Never', 'restartPolicy: Always');
  assert.deepEqual(fixesAt(text, 'apiVersion').titles, []);
});

test('a quoted number in a number field loses its quotes; a quoted boolean in a boolean field too', () => {
  const quoted = clean.replace('ttlSecondsAfterFinished: 600', 'ttlSecondsAfterFinished: 600\n  completions: "4"\n  suspend: "false"');
  const unquoted = fixesAt(quoted, 'completions: "4').apply('Remove the quotes: 4');
  assert.match(unquoted, /^ {2}completions: 4$/m);
  const fixed = fixesAt(unquoted, 'suspend: "fa').apply('Remove the quotes: false');
  assert.match(fixed, /^ {2}suspend: false$/m);
  assert.deepEqual(service().validate(yamlDocument(fixed)), []);
});

test('a number or boolean where a string belongs is quoted as written: a name, a label value, an env value, an argument', () => {
  const text = clean
    .replace('image: busybox:1.36', 'image: busybox:1.36\n          args: [--n, 1.0]\n          env:\n            - name: 123\n              value: 1\n            - name: ON\n              value: true')
    .replace('  template:\n    spec:', '  template:\n    metadata:\n      labels:\n        tier: 2\n    spec:');
  let fixed = fixesAt(text, 'name: 12').apply('Quote the value: "123"');
  fixed = fixesAt(fixed, 'value: 1').apply('Quote the value: "1"');
  fixed = fixesAt(fixed, 'value: tr').apply('Quote the value: "true"');
  fixed = fixesAt(fixed, '--n, 1').apply('Quote the value: "1.0"');
  assert.match(fixed, /- name: "123"\n {14}value: "1"\n/);
  assert.match(fixed, /value: "true"/);
  assert.match(fixed, /args: \[--n, "1\.0"\]/);
  // kubectl reads a plain ON as a boolean (YAML 1.1): quoted too.
  fixed = fixesAt(fixed, 'name: ON').apply('Quote the value: "ON"');
  fixed = fixesAt(fixed, 'tier: 2').apply('Quote the value: "2"');
  assert.match(fixed, /tier: "2"/);
  assert.deepEqual(service().validate(yamlDocument(fixed)).filter((d) => d.code === 'wrong-type'), []);
});

test('an ambiguous wrong scalar gets no quick fix: a float or "yes" or a padded number', () => {
  for (const [line, marker] of [['completions: 1.5', '1.5'], ['completions: "04"', '04'], ['suspend: "yes"', 'yes'], ['completions: "four"', 'four']] as const) {
    const text = clean.replace('ttlSecondsAfterFinished: 600', `ttlSecondsAfterFinished: 600\n  ${line}`);
    assert.ok(service().validate(yamlDocument(text)).some((d) => d.code === 'wrong-type'), line);
    assert.deepEqual(fixesAt(text, marker).titles, [], line);
  }
});
