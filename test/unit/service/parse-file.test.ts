// Splitting a file into documents, and keeping the parse of documents an edit did not touch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile, passingView, splitDocuments } from '../../../server/src/service/parse/parse';
import { generateFile } from '../../../bench/lsp-manifests';

const text = generateFile(30, true).text;

function sameDocuments(before: ReturnType<typeof parseFile>, after: ReturnType<typeof parseFile>): number {
  const sources = new Set(before.documents.map((doc) => doc.source));
  return after.documents.filter((doc) => sources.has(doc.source)).length;
}

test('the documents of a file are its chunks, each with its own text and start', () => {
  const file = parseFile(text);
  assert.deepEqual(
    file.documents.map((doc) => ({ start: doc.start, text: doc.text })),
    splitDocuments(text),
  );
  for (const doc of file.documents) assert.equal(text.slice(doc.start, doc.start + doc.text.length), doc.text);
});

test('an edit in one document keeps the parse of all the others, before and after it', () => {
  const before = parseFile(text);
  const at = text.indexOf('backoffLimit: 3', before.documents[12].start);
  const edited = `${text.slice(0, at)}backoffLimit: 12345${text.slice(at + 'backoffLimit: 3'.length)}`;
  const after = parseFile(edited, before);
  assert.equal(after.documents.length, before.documents.length);
  assert.equal(sameDocuments(before, after), before.documents.length - 1);
  assert.notEqual(after.documents[12].source, before.documents[12].source);
  assert.equal(after.documents[12].text, edited.slice(after.documents[12].start, after.documents[13].start));
  assert.equal(after.documents[20].start, before.documents[20].start + 4);
});

test('documents moved elsewhere in the file keep their parse too', () => {
  const before = parseFile(text);
  const chunks = splitDocuments(text).map((chunk) => chunk.text);
  const moved = [chunks[0], ...chunks.slice(6), ...chunks.slice(1, 6)].join('');
  const after = parseFile(moved, before);
  assert.equal(sameDocuments(before, after), before.documents.length);
  for (const doc of after.documents) assert.equal(doc.source.text, doc.text);
});

test('a document whose text is new gets a new parse, even where an old one was', () => {
  const before = parseFile(text);
  const replaced = text.replace('name: batch-2\n', 'name: batch-x\n');
  assert.notEqual(replaced, text);
  const after = parseFile(replaced, before);
  for (const doc of after.documents) assert.equal(doc.source.text, doc.text);
  assert.equal(sameDocuments(before, after), before.documents.length - 1);
});

test('a passing view parses its document once and leaves no parse behind', () => {
  const document = parseFile(text).documents[1];
  const view = passingView(document);
  assert.equal(view.start, document.start);
  assert.equal(view.text, document.text);
  assert.equal(view.source, document.source);
  assert.equal(view.yaml, view.yaml);
  assert.notEqual(passingView(document).yaml, view.yaml);
  assert.deepEqual(JSON.parse(JSON.stringify(view.yaml.contents)), JSON.parse(JSON.stringify(document.yaml.contents)));
});
