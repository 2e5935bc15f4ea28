import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, type LintProblem } from '../../client/src/cli/lint';
import { UsageError } from '../../client/src/cli/exit-codes';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fixtures = new URL('../fixtures/lint/', import.meta.url).pathname;
const cli = new URL('../../client/src/cli/main.ts', import.meta.url).pathname;
const failingTextDocument = new URL('../support/failing-text-document.mjs', import.meta.url).pathname;

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

test('a file of 70,000 documents is linted, one problem per line, in reasonable time', () => {
  const job = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: many\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: main\n          image: busybox\n';
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-lint-many-'));
  const file = join(dir, 'many.yaml');
  writeFileSync(file, Array.from({ length: 70_000 }, () => job).join('---\n'));
  const started = performance.now();
  const { code, output } = runLint([file]);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(code, 0, 'infos only');
  const lines = output.split('\n');
  assert.equal(lines.length, 3 * 70_000, 'the same three infos for each document');
  assert.ok(output.includes(`\n${file}:${70_000 * 12 - 1}:18: info `), 'the last document\'s image line is where it is');
  // A few seconds of CPU; generous for a machine shared with other work.
  assert.ok(seconds < 120, `took ${seconds} s`);
});

test('an internal error is exit 70 and says so, never 1 ("errors found")', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-lint-bug-'));
  const file = join(dir, 'job.yaml');
  writeFileSync(file, 'apiVersion: batch/v1\nkind: Job\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', failingTextDocument, cli, 'lint', file], { encoding: 'utf8' });
  assert.equal(result.status, 70, result.stderr);
  assert.match(result.stderr, /^kube-jobs: internal error \(a bug in kube-jobs, not in the input\): Error: simulated bug/);
});
