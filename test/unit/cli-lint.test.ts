import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type LintProblem } from '../../client/src/cli/lint';
import { UsageError } from '../../client/src/cli/exit-codes';

const fixtures = new URL('../fixtures/lint/', import.meta.url).pathname;

function runLint(args: string[]): { code: number; output: string } {
  let output = '';
  const code = lint(args, (text) => (output += text));
  return { code, output };
}

test('a YAML syntax error is reported with its line and column, exit 1', () => {
  const { code, output } = runLint(['--format', 'json', `${fixtures}broken-syntax.yaml`]);
  assert.equal(code, 1);
  const problems = JSON.parse(output) as LintProblem[];
  assert.ok(problems.length >= 1);
  const first = problems[0];
  assert.equal(first.file, `${fixtures}broken-syntax.yaml`);
  assert.equal(first.severity, 'error');
  assert.equal(first.code, 'yaml-syntax');
  assert.equal(first.line, 9);
  assert.equal(first.column, 9);
  assert.deepEqual(Object.keys(first).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
});

test('text output is file:line:column: severity message [code]', () => {
  const { code, output } = runLint([`${fixtures}broken-syntax.yaml`]);
  assert.equal(code, 1);
  assert.match(output, /broken-syntax\.yaml:9:9: error .+ \[yaml-syntax\]/);
});

test('a missing file and a bad flag value are usage errors', () => {
  assert.throws(() => runLint([`${fixtures}no-such-file.yaml`]), UsageError);
  assert.throws(() => runLint(['--format', 'xml', fixtures]), UsageError);
  assert.throws(() => runLint(['--kubernetes-version', 'latest', fixtures]), UsageError);
  assert.throws(() => runLint([]), UsageError);
});

const tree = new URL('../fixtures/lsp/lint-tree/', import.meta.url).pathname;

test('folders are linted recursively, YAML files only, with the Job rules of the language service', () => {
  const { code, output } = runLint(['--format', 'json', tree]);
  const problems = JSON.parse(output) as LintProblem[];
  assert.deepEqual(
    problems.map((p) => [p.file.slice(tree.length), p.line, p.column, p.severity, p.code]),
    [['nested/hello-cron.yml', 1, 13, 'error', 'api-version']],
  );
  assert.equal(code, 1, 'an error makes exit code 1');
});

test('--kubernetes-version flags fields newer than the target; warnings alone exit 0', () => {
  const current = runLint([`${tree}indexed.yaml`]);
  assert.deepEqual([current.code, current.output], [0, '']);
  const old = runLint(['--kubernetes-version', '1.30', `${tree}indexed.yaml`]);
  assert.equal(old.code, 0);
  assert.match(old.output, /indexed\.yaml:10:3: warning `successPolicy` needs Kubernetes 1\.31 .+ \[field-version\]/);
});
