// The built server over stdio: diagnostics, completion, hover, code actions, symbols, settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CodeActionRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startServer, type TestClient } from './lsp-client';

const JOB = [
  'apiVersion: batch/v1',
  'kind: Job',
  'metadata:',
  '  name: demo',
  'spec:',
  '  backofflimit: 3',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: main',
  '          image: busybox:1.36',
  '      restartPolicy: Always',
  '',
].join('\n');

let client: TestClient;

before(async () => {
  client = await startServer({ rules: { 'missing-ttl': 'off', 'missing-resource-limits': 'off' } });
});

after(async () => {
  assert.equal(await client.stop(), 0, 'the server exits cleanly after shutdown and exit');
});

test('publishes diagnostics with codes for a Job on open, nothing for another kind', async () => {
  const published = await client.open('file:///work/job.yaml', JOB);
  assert.deepEqual(
    published.diagnostics.map((d) => [d.range.start.line, d.code, d.source]),
    [
      [5, 'unknown-field', 'kube-jobs'],
      [11, 'restart-policy', 'kube-jobs'],
    ],
  );
  assert.match(String(published.diagnostics[0].message), /Did you mean "backoffLimit"\?/);
  const other = await client.open('file:///work/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicass: 1\n');
  assert.deepEqual(other.diagnostics, []);
});

test('an edit brings fresh diagnostics for the new version', async () => {
  const uri = 'file:///work/edited.yaml';
  await client.open(uri, JOB);
  const fixed = await client.change(uri, 2, JOB.replace('backofflimit', 'backoffLimit').replace('Always', 'Never'));
  assert.deepEqual(fixed.diagnostics, []);
});

test('completion offers only Never and OnFailure for a Job pod restartPolicy', async () => {
  const uri = 'file:///work/complete.yaml';
  const text = JOB.replace('restartPolicy: Always', 'restartPolicy: ');
  await client.open(uri, text);
  const result = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 11, character: 21 } })) as CompletionItem[] | CompletionList | null;
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  assert.deepEqual(items.map((i) => i.label), ['Never', 'OnFailure']);
  const keys = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 2 } })) as CompletionItem[];
  assert.ok(keys.some((i) => i.label === 'ttlSecondsAfterFinished'));
});

test('hover explains backoffLimit for this Job and names the schema version', async () => {
  const uri = 'file:///work/hover.yaml';
  await client.open(uri, JOB.replace('backofflimit', 'backoffLimit'));
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 4 } });
  const text = (hover?.contents as MarkupContent).value;
  assert.match(text, /after 4 failed attempts \(3 retries\)/);
  assert.match(text, /_Kubernetes 1\.\d+ API_/);
});

test('code actions fix the typo and the restartPolicy', async () => {
  const uri = 'file:///work/fix.yaml';
  await client.open(uri, JOB);
  const typo = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 5, character: 4 }, end: { line: 5, character: 4 } },
    context: { diagnostics: [] },
  });
  const rename = typo?.find((a) => a.title === 'Change "backofflimit" to "backoffLimit"');
  assert.ok(rename && 'edit' in rename);
  assert.deepEqual(rename.edit?.changes?.[uri], [{ range: { start: { line: 5, character: 2 }, end: { line: 5, character: 14 } }, newText: 'backoffLimit' }]);
  const policy = await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 11, character: 22 }, end: { line: 11, character: 22 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(policy?.map((a) => a.title), ['Change restartPolicy to Never', 'Change restartPolicy to OnFailure']);
});

test('the outline lists each Job with its containers', async () => {
  const uri = 'file:///work/outline.yaml';
  await client.open(uri, `${JOB}---\n${JOB.replace('name: demo', 'name: second').replace('name: main', 'name: worker')}`);
  const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(
    symbols.map((s) => [s.name, s.children?.map((c) => c.name)]),
    [
      ['demo', ['main']],
      ['second', ['worker']],
    ],
  );
});

test('garbage and binary text get answers, and the server stays up', async () => {
  const uri = 'file:///work/garbage.yaml';
  const garbage = `kind: Job\napiVersion: batch/v1\n${'[{'.repeat(3000)}\u0000\uFFFD\t- : - :\n`;
  const published = await client.open(uri, garbage);
  assert.ok(published.diagnostics.length > 0);
  const completion = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 10 } });
  assert.ok(completion !== undefined);
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 99, character: 0 } });
  assert.equal(hover, null);
  // Still answering real requests afterwards.
  const again = await client.open('file:///work/after-garbage.yaml', JOB);
  assert.equal(again.diagnostics.length, 2);
});

test('10,000 levels of nesting say "nested too deeply" at the place, and the server stays up', async () => {
  const uri = 'file:///work/deep.yaml';
  const deep = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: deep\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  const published = await client.open(uri, deep);
  assert.deepEqual(
    published.diagnostics.filter((d) => d.code === 'yaml-syntax').map((d) => [d.range.start.line, d.range.start.character, d.message]),
    [[4, 6 + 255, 'Nested too deeply: more than 256 levels of maps and lists']],
  );
  const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 5000 } });
  assert.equal(hover, null);
  const again = await client.open('file:///work/after-deep.yaml', JOB);
  assert.equal(again.diagnostics.length, 2);
});

test('old Mac line ends: the same diagnostics at the same lines, a carriage return ending a line', async () => {
  const published = await client.open('file:///work/mac.yaml', JOB.replace(/\n/g, '\r'));
  assert.deepEqual(
    published.diagnostics.map((d) => [d.code, d.range]),
    [
      ['unknown-field', { start: { line: 5, character: 2 }, end: { line: 5, character: 14 } }],
      ['restart-policy', { start: { line: 11, character: 21 }, end: { line: 11, character: 27 } }],
    ],
  );
});
