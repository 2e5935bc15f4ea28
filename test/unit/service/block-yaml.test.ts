// The quick block-YAML parser gives the same nodes as the `yaml` package, or gives up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { parseBlockYaml } from '../../../server/src/service/parse/block-yaml';
import { parseFile, parseYamlDocument, splitDocuments, type ParsedDocument } from '../../../server/src/service/parse/parse';
import { documentFindings } from '../../../server/src/service/rules/validation';
import { targetVersion } from '../../../server/src/service/rules/metadata-rules';
import { generateFile } from '../../../bench/lsp-manifests';

const SEEDS = new URL('../../fixtures/seeds/', import.meta.url).pathname;
const EXAMPLES = new URL('../../../examples/', import.meta.url).pathname;

const seedDocuments = [
  ...readdirSync(EXAMPLES).map((name) => readFileSync(join(EXAMPLES, name), 'utf8')),
  ...readdirSync(SEEDS).flatMap((name) => [...readFileSync(join(SEEDS, name), 'utf8').matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1])),
].flatMap((text) => splitDocuments(text).map((chunk) => chunk.text));
const generatedDocuments = splitDocuments(generateFile(200, true).text).map((chunk) => chunk.text);

/** What validation reads of a node: its kind, value, where it starts and ends, its children. */
function shape(node: unknown): unknown {
  if (isScalar(node)) return ['scalar', Number.isNaN(node.value) ? 'NaN' : String(node.value), typeof node.value, node.type, node.range?.[0], node.range?.[1]];
  if (isMap(node)) return ['map', node.flow ?? false, node.range?.[0], node.range?.[1], node.items.map((pair) => [shape(pair.key), shape(pair.value)])];
  if (isSeq(node)) return ['seq', node.flow ?? false, node.range?.[0], node.range?.[1], node.items.map(shape)];
  return node === null || node === undefined ? null : 'other';
}

/** Whether the quick parser took the text; when it did, its nodes must be yaml's, without errors. */
function agreesWithYaml(text: string): boolean {
  const quick = parseBlockYaml(text);
  if (!quick) return false;
  const full = parseYamlDocument(text);
  assert.deepEqual(
    full.errors.map((e) => e.message),
    [],
    `yaml finds errors in a document the quick parser took:\n${text}`,
  );
  assert.deepEqual(
    full.warnings.map((e) => e.message),
    [],
    `yaml warns about a document the quick parser took:\n${text}`,
  );
  assert.deepEqual(shape(quick.contents), shape(full.contents), `different nodes for:\n${text}`);
  return true;
}

test('generated Jobs and CronJobs are parsed quickly, to the same nodes as yaml', () => {
  const taken = generatedDocuments.filter(agreesWithYaml).length;
  assert.ok(taken >= generatedDocuments.length * 0.95, `only ${taken} of ${generatedDocuments.length} taken`);
});

test('seed manifests parse to the same nodes as yaml, or are left to yaml', () => {
  const taken = seedDocuments.filter(agreesWithYaml).length;
  assert.ok(taken > 0, 'no seed manifest is plain block YAML');
});

const VALUES = [
  ...['0o7', '0o8', '1_000', '+.5', '-.inf', '.NaN', '.nan', '.Inf', 'Yes', 'no', '~', 'null', 'Null', 'NULL', 'nULL', 'TRUE', 'False', 'tRUE'],
  ...['1e3', '1E3', '1.', '.5', '0x', '0xG', '0x1F', '0b1', '+1', '-0', '+-1', '0.0', '-0.0', '1.5e-3', '0000', '00.5', '.', '..', '-.', '+', '_', '0x_1'],
  ...["'a'", `"a'b"`, `'a"b'`, "''", '""', `"a`, "'a", '"a" #b', '"a"b', "'a''b'", '"a\\nb"', '"#"', '"a # b"', "'a: b'", '"a: b"', '", "', '"', "'"],
  ...['[a,b]', '[ ]', '[]', '{}', '{ }', '[a, [b]]', `["a", 'b', c]`, '[a b]', '[-]', '[- a]', '[a,]', '[,a]', '[:a]', '[a:b]', '[a: b]', '["a"b]', '[a', 'a]b'],
  ...['[null, 1e3, 0x1F, true, ~, -.inf, 0o7]', `[ "a" , 'b' ]`, '[ a , b ]', '[a,  b]', '[1, -2, +3]', '[a/b, c.d]', '["a,b", "c]"]', "['a]']"],
  ...['-1', '-x', '--x', 'a:b', 'http://x:80/y', 'a,b', 'a]', 'a}', '12:30', '=', '<<', 'a #b', 'a#b', 'a#b # c', 'a  #b', '|', '>', '|-', '&x y', '*x', '!!str 1', '!x y'],
  ...['%x', '@x', '`x', 'a\u2028b', 'a\u0085b', 'é', '😀', 'x   y', 'x , y', '- a', '-', '?', '? x', ':x', ':', 'x:', 'x: y', '---', '...', '--- a'],
  ...['{b: 1}', '{ b: 1 , c: "x" }', '{b: {c: d}}', '{b: }', '{b}', '{b: 1,}', '{b: [1, {c: d}]}', '[{a: 1}, {b: 2}]', '{a: 1, a: 2}', '{"a": 1}'],
  ...['{a: b c}', '{a:b}', '{a: [b, c], d: {}}', '[[a], [b, [c]]]', '[a, , b]', '{a: 1, , b: 2}', '{ }', '[ {} , [] ]', '{a: "}"}', "['a, b']", '{a: -1}'],
  ...['a " b', "a ' b", 'a [ b', 'a { b', 'a\tb', 'a\rb', 'a ', ' # c'],
];
const TEMPLATES = [
  (v: string) => `a: ${v}\n`,
  (v: string) => `- ${v}\n`,
  (v: string) => `a:\n  - ${v}\n  - b\n`,
  (v: string) => `x:\n- k: ${v}\n  l: 1\n`,
  (v: string) => `${v}: 1\n`,
  (v: string) => `- ${v}: 1\n`,
  (v: string) => `a: ${v}`,
  (v: string) => `---\na:\n  b: ${v}\nc:`,
  (v: string) => `a:\n  b:\n${v}\n`,
];

test('scalars, keys and flow lists of every kind are read as yaml reads them', () => {
  let taken = 0;
  for (const value of VALUES) for (const template of TEMPLATES) if (agreesWithYaml(template(value))) taken++;
  assert.ok(taken > 300, `only ${taken} cases taken`);
});

test('what the quick parser does not read is left to yaml', () => {
  const refused = {
    commentClosingBlock: 'a:\n  b: 1\n  # about b\nc: 2\n',
    commentAtEnd: 'a: 1\n# end\n',
    commentInsteadOfValue: 'a: # none\nb: 1\n',
    anchor: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    blockScalar: 'a: |\n  text\n',
    multiLinePlain: 'a: one\n  two\n',
    flowMapDuplicateKey: 'a: {b: 1, b: 2}\n',
    flowMapKeyOnly: 'a: {b}\n',
    flowTrailingComma: 'a: [b, c,]\n',
    multiLineFlow: 'a: [b,\n  c]\n',
    duplicateKey: 'a: 1\na: 2\n',
    duplicateKeyValue: '1: a\n01: b\n',
    tab: 'a:\n\tb: 1\n',
    crlf: 'a: 1\r\nb: 2\r\n',
    badIndent: 'a:\n    b: 1\n  c: 2\n',
    secondDocument: 'a: 1\n---\nb: 2\n',
    directive: '%YAML 1.2\n---\na: 1\n',
    escapes: 'a: "x\\ty"\n',
    quotedKey: '"a": 1\n',
    empty: '',
    onlyMarker: '---\n',
    scalarDocument: 'hello\n',
  };
  for (const [name, text] of Object.entries(refused)) assert.equal(parseBlockYaml(text), undefined, name);
});

test('comments are read as yaml reads them, or left to yaml', () => {
  const cases = [
    '# about\na: 1\n',
    '---\n# about\na: 1\n',
    'a: 1 # why\nb: "q" # why\nc: [x, "y"] # why\nd: {} # why\n',
    'a:  # below\n  b: 1\n',
    'a:\n  b: 1\n# between\n  c: 3\nd: 1\n',
    'a:\n  - x # one\n  # two\n  - y\nb: 1\n',
    '- b: 1 # t\n  c: [x] # t\n',
    'a:\n  b: 1\n    # deeper\nc: 2\n',
    'a:\n  b:\n  # c\nd: 1\n',
    'a:\n  b: 1\n  # last\n',
    'a: "x # y" # z\n',
    'a: [" # ", b] # c\n',
  ];
  const taken = cases.filter(agreesWithYaml).length;
  assert.ok(taken >= 8, `only ${taken} taken`);
});

const lineEdit = fc.oneof(
  fc.record({ op: fc.constant('comment' as const), line: fc.nat(), indent: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ op: fc.constant('insert' as const), line: fc.nat(), at: fc.nat(), text: fc.constantFrom(...VALUES, ' ', '  ', '- ', ': ', ':', '\n', '\n  ', '\n- ', 'k: v', '#', ' # note', '\n# note', '\n  # note') }),
  fc.record({ op: fc.constant('value' as const), line: fc.nat(), text: fc.constantFrom(...VALUES, '') }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ op: fc.constant('duplicate' as const), line: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), line: fc.nat() }),
);

test('mutated manifests parse to the same nodes as yaml, or are left to yaml', () => {
  const bases = [...generatedDocuments.slice(0, 20), ...seedDocuments.filter((text) => parseBlockYaml(text))];
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(lineEdit, { minLength: 1, maxLength: 4 }), (base, edits) => {
      const lines = base.split('\n');
      for (const edit of edits) {
        const index = edit.line % lines.length;
        const line = lines[index];
        if (edit.op === 'comment') lines.splice(index, 0, `${' '.repeat(edit.indent)}# note`);
        else if (edit.op === 'insert') {
          const at = edit.at % (line.length + 1);
          lines[index] = line.slice(0, at) + edit.text + line.slice(at);
        } else if (edit.op === 'value') lines[index] = line.replace(/:( .*)?$/, edit.text ? `: ${edit.text}` : ':');
        else if (edit.op === 'indent') lines[index] = edit.by > 0 ? ' '.repeat(edit.by) + line : line.slice(Math.min(-edit.by, /^ */.exec(line)![0].length));
        else if (edit.op === 'duplicate') lines.splice(edit.to % lines.length, 0, line);
        else lines.splice(index, 1);
      }
      agreesWithYaml(lines.join('\n'));
    }),
    { numRuns: 3000 },
  );
});

test('validation finds the same problems through the quick parser as through yaml', () => {
  const target = targetVersion(undefined);
  const documents = [generateFile(400, true).text, ...seedDocuments].flatMap((text) => parseFile(text).documents);
  let quick = 0;
  for (const document of documents) {
    if (parseBlockYaml(document.text)) quick++;
    const throughYaml: ParsedDocument = { ...document, yaml: parseYamlDocument(document.text) };
    const fromYaml = documentFindings(throughYaml, target);
    const fromView = documentFindings({ ...document, yaml: parseBlockYaml(document.text) ?? parseYamlDocument(document.text) }, target);
    assert.deepEqual(fromView, fromYaml, document.text);
  }
  assert.ok(quick > 350);
});
