// A huge file is checked in slices: completion and hover are answered while it is being checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionRequest, DidOpenTextDocumentNotification, type CompletionItem } from 'vscode-languageserver-protocol/node';
import { generateFile } from '../../bench/lsp-manifests';
import { startServer } from './lsp-client';

test('completion in a huge file is answered before its diagnostics are ready', async () => {
  const client = await startServer({ validation: { delay: 0 } });
  try {
    const file = generateFile(3000, true);
    const uri = 'file:///work/huge.yaml';
    const events: string[] = [];
    const diagnostics = client.diagnostics(uri, 1).then((published) => {
      events.push('diagnostics');
      return published;
    });
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: file.text } });
    const line = file.text.split('\n').findIndex((text) => /^ {6}restartPolicy: /.test(text));
    const items = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: 21 } })) as CompletionItem[];
    events.push('completion');
    assert.deepEqual(items.map((i) => i.label), ['Never', 'OnFailure']);
    const published = await diagnostics;
    assert.deepEqual(events, ['completion', 'diagnostics']);
    assert.equal(published.diagnostics.filter((d) => d.code === 'restart-policy').length, file.planted.filter((p) => p.code === 'restart-policy').length);
  } finally {
    await client.stop();
  }
});
