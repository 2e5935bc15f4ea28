// A file's diagnostics are placed in one sweep over its line feeds: at exactly the lines and
// characters the document itself gives for each offset, whatever the line ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDiagnostic, toDiagnostics, type Finding } from '../../../server/src/service/diagnostics';
import { yamlDocument } from './support';

function findingsEverywhere(length: number): Finding[] {
  const findings: Finding[] = [];
  for (let start = -2; start <= length + 2; start++) {
    for (const end of [start, start + 1, start + 7, start - 1, length + 5]) findings.push({ code: 'wrong-type', message: `at ${start}`, severity: 'error', start, end });
  }
  // Out of order, as findings of several rules are.
  return findings.reverse();
}

for (const [name, text] of [
  ['line feeds', 'a: 1\nb:\n  c: 2\n\n\nd: [x]\n'],
  ['no line break at the end', 'a: 1\nb: 2'],
  ['Windows line ends', 'a: 1\r\nb:\r\n  c: 2\r\n'],
  ['old Mac line ends', 'a: 1\rb: 2\r'],
  ['an empty text', ''],
]) {
  test(`diagnostics of a whole file sit where the document places each offset: ${name}`, () => {
    const document = yamlDocument(text);
    const findings = findingsEverywhere(text.length);
    assert.deepEqual(toDiagnostics(document, findings), findings.map((finding) => toDiagnostic(document, finding)));
  });
}
