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
