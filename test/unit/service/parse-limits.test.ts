// Nesting and alias limits: a document past them is one error at the place, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { parseBlockYaml } from '../../../server/src/service/parse/block-yaml';
import { parseYamlDocument } from '../../../server/src/service/parse/parse';
import { aliasProblem, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from '../../../server/src/service/parse/parse-limits';
import { service, yamlDocument } from './support';

const HEAD = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: deep\nspec:\n  template:\n    metadata:\n      annotations:\n        deep: ';

/** A Job whose annotation value opens `levels` collections (the root map and three more come first). */
const shapes: Record<string, (levels: number) => string> = {
  'flow lists': (levels) => `${HEAD}${'['.repeat(levels)}${']'.repeat(levels)}\n`,
  'flow maps': (levels) => `${HEAD}${'{a: '.repeat(levels)}x${'}'.repeat(levels)}\n`,
  'compact block lists': (levels) => `${HEAD}\n          ${'- '.repeat(levels)}x\n`,
  'indented block maps': (levels) => `${HEAD}\n${Array.from({ length: levels }, (_, i) => `${' '.repeat(10 + i)}k:`).join('\n')} x\n`,
};
const OUTER = 4; // the root map, spec, template, metadata, annotations: 5 maps, the value is the 5th level's

function everyRequest(text: string): string[] {
  const languageService = service();
  const document = yamlDocument(text);
  const messages = languageService.validate(document).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
  for (const offset of [0, text.length >> 1, text.length]) {
    languageService.completion(document, offset);
    languageService.hover(document, offset);
    const position = document.positionAt(offset);
    languageService.codeActions(document, { start: position, end: position });
  }
  languageService.documentSymbols(document);
  return messages;
}

for (const [shape, make] of Object.entries(shapes)) {
  test(`${shape}: ${MAX_NESTING_DEPTH} levels are read, one more is "nested too deeply" at that place, and 10,000 too`, () => {
    const deepest = MAX_NESTING_DEPTH - OUTER - 1;
    assert.ok(!everyRequest(make(deepest)).some((m) => /nested too deeply|stack/i.test(m)), 'the limit itself is fine');
    const over = make(deepest + 1);
    const messages = everyRequest(over);
    const tooDeep = messages.filter((m) => /Nested too deeply: more than 256 levels of maps and lists/.test(m));
    assert.equal(tooDeep.length, 1, messages.join('\n'));
    // At the collection that is one level too many: the last one opened.
    const document = yamlDocument(over);
    const opener = shape.startsWith('flow') ? over.lastIndexOf(shape === 'flow lists' ? '[' : '{') : shape === 'compact block lists' ? over.lastIndexOf('- ') : over.lastIndexOf('k:');
    const { line, character } = document.positionAt(opener);
    assert.equal(tooDeep[0].split(' ')[0], `${line}:${character}`);
    const huge = everyRequest(make(10_000));
    assert.ok(huge.some((m) => /Nested too deeply/.test(m)));
    assert.ok(!huge.some((m) => /Maximum call stack/.test(m)), huge.join('\n'));
  });
}

test('the quick block reader reads up to the limit and leaves deeper documents to yaml', () => {
  const levels = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
  assert.ok(parseBlockYaml(levels(MAX_NESTING_DEPTH)), 'taken at the limit');
  assert.equal(parseBlockYaml(levels(MAX_NESTING_DEPTH + 1)), undefined);
  assert.equal(parseBlockYaml(`a: ${'['.repeat(MAX_NESTING_DEPTH)}${']'.repeat(MAX_NESTING_DEPTH)}\n`), undefined);
  const full = parseYamlDocument(levels(MAX_NESTING_DEPTH + 1));
  assert.deepEqual(
    full.errors.map((e) => [e.message, e.pos[0]]),
    [[`Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of maps and lists`, levels(MAX_NESTING_DEPTH + 1).lastIndexOf('k')]],
  );
});

/** Whether yaml's own toJS refuses the document for its aliases. */
function yamlRefuses(text: string): boolean {
  try {
    parseDocument(text).toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return false;
  } catch (error) {
    return error instanceof ReferenceError && /Excessive alias count/.test(error.message);
  }
}

// Each with yaml's verdict: refused or not.
const aliasDocuments: Record<string, [string, boolean]> = {
  '99 uses of a scalar': [`a: &a x\nb: [${Array(99).fill('*a').join(', ')}]\n`, false],
  '100 uses of a scalar': [`a: &a x\nb: [${Array(100).fill('*a').join(', ')}]\n`, true],
  '150 uses of a scalar': [`a: &a x\nb: [${Array(150).fill('*a').join(', ')}]\n`, true],
  'a billion laughs': [['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdefghi'[i]}`).join(', ')}]`)].join('\n') + '\n', true],
  'a few levels of a few uses': ['a: &a [x, y]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b, *b]\n', false],
  'uses of an empty map': [`a: &a {}\nb: [${Array(150).fill('*a').join(', ')}]\n`, false],
  'an anchor redefined': [`a: &a x\nb: [${Array(60).fill('*a').join(', ')}]\nc: &a y\nd: [${Array(60).fill('*a').join(', ')}]\n`, false],
};

for (const [name, [text, expected]] of Object.entries(aliasDocuments)) {
  test(`alias limit, ${name}: the same verdict as yaml's toJS`, () => {
    const refused = yamlRefuses(text);
    assert.equal(refused, expected, 'yaml\'s verdict');
    const problem = aliasProblem(parseDocument(text));
    assert.equal(problem !== undefined, refused);
    const errors = parseYamlDocument(text).errors.filter((e) => e.code === 'BAD_ALIAS');
    assert.equal(errors.length, refused ? 1 : 0);
  });
}

test('a Job with more than 100 alias uses gets an error at the alias past the limit', () => {
  const uses = Array.from({ length: 150 }, (_, i) => `        k${i}: *v\n`).join('');
  const text = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: aliases\n  labels:\n    a: &v val\nspec:\n  template:\n    metadata:\n      annotations:\n${uses}    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox:1.36\n`;
  const errors = service().validate(yamlDocument(text)).filter((d) => d.code === 'yaml-syntax');
  assert.deepEqual(
    errors.map((d) => [d.range.start.line, d.range.start.character, d.message]),
    [[10 + 99, 13, 'Too many alias uses: expanding the aliases of this document would exceed 100 (a guard against alias bombs)']],
  );
});

test('an alias without its anchor, or inside the node it names, is an error at the alias', () => {
  for (const [text, message] of [
    ['a: x\nb: *nope\n', 'Unknown alias *nope: no anchor &nope comes before it'],
    ['b: *later\nc: &later x\n', 'Unknown alias *later: no anchor &later comes before it'],
    ['a: &loop [x, *loop]\n', 'The alias *loop is inside the node it names: it would repeat forever'],
  ]) {
    const errors = parseYamlDocument(text).errors.map((e) => [e.message, e.pos[0]]);
    assert.deepEqual(errors, [[message, text.indexOf('*')]], text);
  }
});

test('a million brackets on one line are "nested too deeply" at once, without reading them all', () => {
  const text = `a: ${'['.repeat(1_000_000)}\n`;
  const started = performance.now();
  const errors = parseYamlDocument(text).errors.map((e) => [e.message, e.pos[0]]);
  const elapsed = performance.now() - started;
  assert.deepEqual(errors, [[`Nested too deeply: more than ${MAX_NESTING_DEPTH} levels of maps and lists`, 3 + MAX_NESTING_DEPTH - 1]]);
  // Reading them all takes the parser seconds; a few hundred take nothing.
  assert.ok(elapsed < 2000, `took ${elapsed} ms`);
});
