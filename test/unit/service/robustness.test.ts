// The service never throws and always answers in bounded time, whatever the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { service, yamlDocument } from './support';
import { ManifestError, readManifest } from '../../../client/src/runs/manifest';
import { workloadDocuments } from '../../../client/src/editor/workload-documents';

const SEEDS = new URL('../../fixtures/seeds/', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

const manifests = [
  ...readdirSync(EXAMPLES).map((name) => readFileSync(join(EXAMPLES, name), 'utf8')),
  ...readdirSync(SEEDS).flatMap((name) =>
    [...readFileSync(join(SEEDS, name), 'utf8').matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]).filter((body) => /apiVersion:/.test(body)),
  ),
];

/** Every request the server makes, at an offset; returns how long it took. */
function exercise(text: string, offset: number): number {
  const started = performance.now();
  const languageService = service();
  const document = yamlDocument(text);
  languageService.validate(document);
  const at = Math.max(0, Math.min(offset, text.length));
  languageService.completion(document, at);
  languageService.hover(document, at);
  const position = document.positionAt(at);
  languageService.codeActions(document, { start: position, end: position });
  languageService.documentSymbols(document);
  return performance.now() - started;
}

const edit = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string(), fc.constantFrom(':', '- ', '\n', '  ', '\t', '"', '{', '[', '&a', '*a', '---\n', '\u0000', '\uFEFF', '\r\n')) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('duplicateLine' as const), a: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, change: Edit): string {
  switch (change.op) {
    case 'insert': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
    case 'delete': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + change.length);
    }
    case 'swapLines': {
      const lines = text.split('\n');
      const a = change.a % lines.length;
      const b = change.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'duplicateLine': {
      const lines = text.split('\n');
      const a = change.a % lines.length;
      lines.splice(a, 0, lines[a]);
      return lines.join('\n');
    }
  }
}

test('mutated seed manifests never make the service throw, and each answer is quick', () => {
  assert.ok(manifests.length >= 10);
  fc.assert(
    fc.property(fc.constantFrom(...manifests), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.nat(), (manifest, edits, offset) => {
      const text = edits.reduce(applyEdit, manifest);
      const elapsed = exercise(text, offset % (text.length + 1));
      assert.ok(elapsed < 500, `took ${elapsed} ms`);
    }),
    { numRuns: 2000 },
  );
});

test('arbitrary text and unicode never make the service throw', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.nat(), (text, offset) => {
      exercise(`apiVersion: batch/v1\nkind: Job\n${text}`, offset);
      exercise(text, offset);
    }),
    { numRuns: 1000 },
  );
});

test('pathological files get an answer in bounded time', () => {
  const job = manifests[0];
  const cases: Record<string, string> = {
    empty: '',
    bom: `\uFEFF${job}`,
    crlf: job.replace(/\n/g, '\r\n'),
    tabs: job.replace(/ {2}/g, '\t'),
    binary: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
    invalidUtf8: Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x6b, 0x69, 0x6e, 0x64, 0x3a]).toString('utf8'),
    deepFlow: `kind: Job\napiVersion: batch/v1\nspec: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    deepBlock: `kind: Job\napiVersion: batch/v1\nspec:\n${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n`,
    billionLaughs: `kind: Job\napiVersion: batch/v1\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n')}\nspec: *a9\n`,
        nonKubernetes: 'version: 2\nservices:\n  web:\n    image: nginx\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const started = performance.now();
    exercise(text, Math.floor(text.length / 2));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `${name} took ${elapsed} ms`);
  }
});

test('a 10 MB file and 100,000 documents are answered without throwing', () => {
  const script = Array.from({ length: 220_000 }, (_, i) => `            echo line ${i} of a long script`).join('\n');
  const tenMegabytes = `${manifests[0]}\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: big}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox:1.36\n          args:\n            - |\n${script}\n`;
  assert.ok(tenMegabytes.length > 10_000_000);
  const documents = Array.from({ length: 100_000 }, (_, i) => `n: ${i}\n`).join('---\n');
  for (const text of [tenMegabytes, documents]) {
    const started = performance.now();
    const diagnostics = service().validate(TextDocument.create('file:///big.yaml', 'yaml', 1, text));
    assert.ok(Array.isArray(diagnostics));
    assert.ok(performance.now() - started < 30_000);
  }
});

test('a document nested deeper than the parser can go says so at the place, not a crash', () => {
  const diagnostics = service().validate(yamlDocument(`kind: Job\napiVersion: batch/v1\nspec: ${'['.repeat(200_000)}\n`));
  assert.ok(diagnostics.some((d) => d.code === 'yaml-syntax' && /^Nested too deeply/.test(String(d.message)) && d.range.start.line === 2 && d.range.start.character === 6 + 255));
  assert.ok(!diagnostics.some((d) => /call stack/.test(String(d.message))));
  assert.ok(diagnostics.length <= 250, `${diagnostics.length} diagnostics: syntax errors are capped per document`);
});

/** What the CLI and the editor read besides the service: never a throw but ManifestError. */
function readAsRun(text: string): void {
  try {
    readManifest('fuzz.yaml', text);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
  }
  workloadDocuments(text);
}

test('random bytes, as UTF-8 and as Latin-1, never make the service or the run reader throw', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(), (bytes, offset) => {
      for (const text of [Buffer.from(bytes).toString('utf8'), Buffer.from(bytes).toString('latin1')]) {
        for (const withHeader of [text, `apiVersion: batch/v1\nkind: Job\n${text}`]) {
          exercise(withHeader, offset % (withHeader.length + 1));
          readAsRun(withHeader);
        }
      }
    }),
    { numRuns: 500 },
  );
});

test('random unicode, line breaks and byte-order marks never make the service or the run reader throw', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('\r', '\n', '\r\n', '\u2028', '\u2029', '\u0085', '\uFEFF', '---', '...', '\uFEFF---\n', '---\n\uFEFF', '\uD800', '\uDFFF', 'kind: Job\n', '  - ', ': ', '{', '[', ']', '}', '&a ', '*a', '!!str ', '%YAML 1.2\n'),
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), (pieces, offset) => {
      const text = `apiVersion: batch/v1\n${pieces.join('')}`;
      const elapsed = exercise(text, offset % (text.length + 1));
      assert.ok(elapsed < 1000, `took ${elapsed} ms`);
      readAsRun(text);
    }),
    { numRuns: 1000 },
  );
});

test('any mix of line ends gives the diagnostics of the same text with line feeds', () => {
  fc.assert(
    fc.property(fc.constantFrom(...manifests), fc.array(fc.constantFrom('\n', '\r', '\r\n'), { minLength: 1, maxLength: 8 }), (manifest, ends) => {
      const lines = manifest.replace(/\r\n?/g, '\n').split('\n');
      const mixed = lines.map((line, i) => line + (i < lines.length - 1 ? ends[i % ends.length] : '')).join('');
      const summary = (text: string) => service().validate(yamlDocument(text)).map((d) => [d.code, d.range, d.message]);
      assert.deepEqual(summary(mixed), summary(lines.join('\n')));
    }),
    { numRuns: 200 },
  );
});

test('huge lines get answers in bounded time', () => {
  const megabyte = 'x'.repeat(1_000_000);
  const cases: Record<string, string> = {
    value: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${megabyte}\n`,
    key: `apiVersion: batch/v1\nkind: Job\n${megabyte}: 1\n`,
    quoted: `apiVersion: batch/v1\nkind: Job\nmetadata:\n  annotations:\n    a: "${megabyte.replace(/x/g, '\\x41')}\n`,
    flowList: `apiVersion: batch/v1\nkind: Job\nspec: [${Array(200_000).fill('a').join(', ')}]\n`,
    dashes: `apiVersion: batch/v1\nkind: Job\nspec: ${'- '.repeat(100_000)}\n`,
    nestedDashes: `apiVersion: batch/v1\nkind: Job\nspec:\n  ${'- '.repeat(300_000)}x\n`,
    colons: `apiVersion: batch/v1\nkind: Job\n${': '.repeat(300_000)}\n`,
    oneLineNoBreak: `kind: Job ${'#'.repeat(1_000_000)}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    const started = performance.now();
    exercise(text, Math.floor(text.length / 2));
    readAsRun(text);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 15_000, `${name} took ${elapsed} ms`);
  }
});

test('deeply nested flow and block collections, closed or not, get answers in bounded time', () => {
  const opener = fc.constantFrom('[', '{a: ', '{', '- ', '[{b: ', '? ');
  fc.assert(
    fc.property(fc.array(opener, { minLength: 1, maxLength: 8 }), fc.integer({ min: 200, max: 6000 }), fc.boolean(), (openers, depth, close) => {
      let text = 'apiVersion: batch/v1\nkind: Job\nspec: ';
      for (let i = 0; i < depth; i++) text += openers[i % openers.length];
      text += 'x';
      if (close) for (let i = depth - 1; i >= 0; i--) text += { '[': ']', '{a: ': '}', '{': '}', '- ': '', '[{b: ': '}]', '? ': '' }[openers[i % openers.length]];
      const elapsed = exercise(`${text}\n`, text.length >> 1);
      readAsRun(text);
      assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
    }),
    { numRuns: 30 },
  );
});
