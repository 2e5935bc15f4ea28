import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { service, withCaret } from './support';

function complete(text: string): { items: CompletionItem[]; labels: string[]; apply: (label: string) => string } {
  const { document, offset } = withCaret(text);
  const items = service().completion(document, offset);
  return {
    items,
    labels: items.map((item) => item.label),
    apply(label) {
      const item = items.find((i) => i.label === label);
      assert.ok(item, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
      const edit = item.textEdit as TextEdit;
      // Snippet placeholders are left as written; the test reads the structure around them.
      return TextDocument.applyEdits(document, [edit]);
    },
  };
}

const JOB_HEAD = `
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: demo
`;

test('keys of the JobSpec not yet present, required first', () => {
  const { items, labels } = complete(`${JOB_HEAD}  spec:\n    backoffLimit: 2\n    |\n`);
  assert.ok(labels.includes('completions') && labels.includes('ttlSecondsAfterFinished'));
  assert.ok(!labels.includes('backoffLimit'), 'present keys are not offered again');
  const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
  assert.equal(sorted[0].label, 'template');
});

test('an unfinished key is replaced as a whole, with the value skeleton', () => {
  const { apply } = complete(`${JOB_HEAD}  spec:\n    backoffLi|\n`);
  assert.match(apply('backoffLimit'), /^ {2}backoffLimit: \$0$/m);
});

test('containers: inserts a list item with name and image at the right indentation', () => {
  const { apply } = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        cont|\n`);
  const result = apply('containers');
  assert.match(result, /^ {6}containers:\n {8}- name: \$1\n {10}image: \$2$/m);
});

test('keys inside a list item, in the compact style too', () => {
  const nested = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        containers:\n          - name: main\n            |\n`);
  assert.ok(nested.labels.includes('image') && nested.labels.includes('env'));
  assert.ok(!nested.labels.includes('name'));
  const compact = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        containers:\n        - name: main\n          imagePull|\n`);
  assert.deepEqual(compact.labels.filter((l) => l.startsWith('image')).sort(), ['image', 'imagePullPolicy']);
  const newItem = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        containers:\n        - name: main\n        - |\n`);
  assert.ok(newItem.labels.includes('name'), 'a new item offers all keys again');
});

test('restartPolicy of a Job pod offers only Never and OnFailure; other enums and booleans in full', () => {
  const value = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        restartPolicy: |\n`);
  assert.deepEqual(value.labels, ['Never', 'OnFailure']);
  const partial = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        restartPolicy: On|\n`);
  assert.match(partial.apply('OnFailure'), /restartPolicy: OnFailure\n/);
  const key = complete(`${JOB_HEAD}  spec:\n    template:\n      spec:\n        restart|\n`);
  assert.match(key.apply('restartPolicy'), /restartPolicy: \$\{1\|Never,OnFailure\|\}/);
  assert.deepEqual(complete(`${JOB_HEAD}  spec:\n    completionMode: |\n`).labels, ['Indexed', 'NonIndexed']);
  assert.deepEqual(complete(`${JOB_HEAD}  spec:\n    suspend: |\n`).labels, ['true', 'false']);
});

test('a document without a kind is offered Job and CronJob; apiVersion and kind values', () => {
  const empty = complete('|');
  assert.deepEqual(empty.labels, ['Job (batch/v1)', 'CronJob (batch/v1)']);
  assert.match(empty.apply('CronJob (batch/v1)'), /^apiVersion: batch\/v1\nkind: CronJob\n/);
  assert.deepEqual(complete('apiVersion: batch/v1\nkind: |\n').labels, ['Job', 'CronJob']);
  assert.deepEqual(complete('apiVersion: v1\nkind: ConfigMap\n|').labels, [], 'other kinds get nothing');
  assert.deepEqual(complete('kind: Job\napiVersion: |\n').labels, ['batch/v1']);
});

test('containerName in podFailurePolicy offers the pod\'s containers', () => {
  const { labels } = complete(`${JOB_HEAD}  spec:
    podFailurePolicy:
      rules:
        - action: FailJob
          onExitCodes:
            containerName: |
            operator: In
            values: [1]
    template:
      spec:
        initContainers:
          - name: setup
            image: busybox
        containers:
          - name: main
            image: busybox
          - name: sidecar
            image: busybox
        restartPolicy: Never
`);
  assert.deepEqual(labels.sort(), ['main', 'setup', 'sidecar']);
});

test('ConfigMap and Secret names and keys from the same file', () => {
  const file = (ref: string) => `
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: settings
    data:
      LEVEL: debug
      MODE: fast
    ---
    apiVersion: v1
    kind: Secret
    metadata:
      name: creds
    stringData:
      TOKEN: x
    ---
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: demo
    spec:
      template:
        spec:
          containers:
            - name: main
              image: busybox
              env:
                - name: A
                  valueFrom:
${ref}
`;
  assert.deepEqual(complete(file('                    configMapKeyRef:\n                      name: |')).labels, ['settings']);
  assert.deepEqual(complete(file('                    configMapKeyRef:\n                      name: settings\n                      key: |')).labels, ['LEVEL', 'MODE']);
  assert.deepEqual(complete(file('                    secretKeyRef:\n                      name: creds\n                      key: |')).labels, ['TOKEN']);
});

test('the replace range covers the word being typed, even mid-word', () => {
  const { document, offset } = withCaret(`${JOB_HEAD}  spec:\n    paral|lelsm: 2\n`);
  const item = service()
    .completion(document, offset)
    .find((i) => i.label === 'parallelism');
  const edit = item?.textEdit as TextEdit;
  assert.equal(document.getText(edit.range), 'parallelsm');
  // The key already has its value: only the name is replaced.
  assert.match(TextDocument.applyEdits(document, [edit]), /^ {2}parallelism: 2$/m);
});

test('the second document of a file completes on its own', () => {
  const { labels } = complete(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  |\n`);
  assert.ok(labels.includes('schedule') && labels.includes('jobTemplate') && labels.includes('timeZone'));
  assert.ok(!labels.includes('completions'));
});

test('inside flow style: keys stay on the line, values complete too', () => {
  const head = `${JOB_HEAD}  spec:\n    template:\n      spec:\n        containers:\n          - name: main\n`;
  const keys = complete(`${head}            resources: {limits: {memory: 1Mi}, req|}\n`);
  assert.deepEqual(keys.labels.sort(), ['claims', 'requests']);
  assert.match(keys.apply('requests'), /resources: \{limits: \{memory: 1Mi\}, requests: \{\$0\}\}/);
  const nested = complete(`${head}            securityContext: {runAsNonRoot: true, capabilities: {|}}\n`);
  assert.deepEqual(nested.labels.sort(), ['add', 'drop']);
  const value = complete(`${head}            securityContext: {privileged: |}\n`);
  assert.deepEqual(value.labels, ['true', 'false']);
  const pod = complete(`${JOB_HEAD}  spec:\n    template: {spec: {restartPolicy: N|}}\n`);
  assert.deepEqual(pod.labels, ['Never', 'OnFailure']);
});
