// Line ends and byte-order marks as YAML 1.2 reads them: a lone carriage return ends a line, and
// a byte-order mark may start each document of a stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest } from '../../../client/src/runs/manifest';
import { CLEAN_JOB, dedent, service, yamlDocument } from './support';

// Two mistakes (an unknown field, a wrong restartPolicy) and one deep line to complete at.
const JOB = dedent(CLEAN_JOB).replace('  name: clean\n', '  name: clean\n  lables: {}\n').replace('restartPolicy: Never', 'restartPolicy: Always');

function summary(text: string) {
  const languageService = service();
  const document = yamlDocument(text);
  const diagnostics = languageService.validate(document).map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
  // Completion inside the container, after `image: …` (line 11, at its indentation).
  const offset = document.offsetAt({ line: 12, character: 10 });
  const completion = languageService.completion(document, offset).map((item) => item.label).sort();
  const hover = languageService.hover(document, document.offsetAt({ line: 7, character: 4 }));
  return { diagnostics, completion, hover: JSON.stringify(hover) };
}

test('lone carriage returns (old Mac line ends) read as line breaks, at the same line and column', () => {
  const lf = summary(JOB);
  assert.deepEqual(
    lf.diagnostics.map((d) => d[0]),
    ['unknown-field', 'restart-policy'],
  );
  assert.ok(lf.completion.includes('imagePullPolicy'));
  assert.match(lf.hover, /template/);
  assert.deepEqual(summary(JOB.replace(/\n/g, '\r')), lf, 'CR');
  assert.deepEqual(summary(JOB.replace(/\n/g, '\r\n')), lf, 'CRLF');
  const mixed = JOB.split('\n').map((line, i) => line + (i % 3 === 0 ? '\r' : i % 3 === 1 ? '\r\n' : '\n')).join('');
  assert.deepEqual(summary(mixed), summary(JOB.split('\n').map((line) => `${line}\n`).join('')), 'mixed');
});

test('lone carriage returns between documents: each document is found and checked', () => {
  const text = `${JOB}---\n${JOB.replace('name: clean', 'name: second')}`.replace(/\n/g, '\r');
  const codes = service().validate(yamlDocument(text)).map((d) => [d.code, d.range.start.line]);
  const lines = JOB.split('\n').length - 1;
  assert.deepEqual(codes, [
    ['unknown-field', 4],
    ['restart-policy', 15],
    ['unknown-field', lines + 1 + 4],
    ['restart-policy', lines + 1 + 15],
  ]);
  assert.deepEqual(
    readManifest('cr.yaml', text).workloads.map((w) => w.metadata?.name),
    ['clean', 'second'],
  );
});

test('a byte-order mark at the start of a later document is not part of its first key', () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
  const wrongVersion = JOB.replace('apiVersion: batch/v1', 'apiVersion: batch/v2');
  const cases = {
    'after ---': `${configMap}---\n\uFEFF${wrongVersion}`,
    'after --- and a comment': `${configMap}--- # the Job\n\n\uFEFF${wrongVersion}`,
    'before ---': `${configMap}\uFEFF---\n${wrongVersion}`,
  };
  for (const [name, text] of Object.entries(cases)) {
    const document = yamlDocument(text);
    const diagnostics = service().validate(document);
    assert.ok(!diagnostics.some((d) => String(d.message).includes('\uFEFF')), `${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
    const versionLine = document.positionAt(text.indexOf('apiVersion: batch/v2')).line;
    const bomOnThatLine = text.indexOf('\uFEFFapiVersion') >= 0;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [
        ['api-version', versionLine, 12 + (bomOnThatLine ? 1 : 0)],
        ['unknown-field', versionLine + 4, 2],
        ['restart-policy', versionLine + 15, 21],
      ],
      name,
    );
    assert.deepEqual(
      readManifest('bom.yaml', text.replace('batch/v2', 'batch/v1')).workloads.map((w) => w.metadata?.name),
      ['clean'],
      name,
    );
  }
});
