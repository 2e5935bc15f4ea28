// What `kube-jobs run` reads before it starts anything: bad input is exit 2 with the place, as
// `kube-jobs lint` gives it, never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run, type StartRun } from '../../client/src/cli/run';
import { lint, type LintProblem } from '../../client/src/cli/lint';
import { readManifest } from '../../client/src/runs/manifest';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-run-input-'));
const cli = new URL('../../client/src/cli/main.ts', import.meta.url).pathname;

const JOB = `apiVersion: batch/v1
kind: Job
metadata:
  name: hello
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: busybox:1.36
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** run() up to the point where it would start the Job: the error, and whether it started. */
async function refusal(path: string): Promise<{ message: string; started: boolean }> {
  let started = false;
  const start: StartRun = () => {
    started = true;
    return Promise.reject(new Error('not reached'));
  };
  const sink = { stdout: new PassThrough(), stderr: new PassThrough(), interactive: false };
  try {
    await run([path], () => undefined, start, sink);
  } catch (error) {
    return { message: (error as Error).message, started };
  }
  assert.fail('the run was not refused');
}

function lintProblems(path: string): LintProblem[] {
  let output = '';
  lint(['--format', 'json', path], (text) => (output += text));
  return JSON.parse(output) as LintProblem[];
}

const ALIASES = JOB.replace('  name: hello\n', `  name: hello\n  labels:\n    team: &team batch\n  annotations:\n${Array.from({ length: 150 }, (_, i) => `    a${i}: *team\n`).join('')}`);

test('more than 100 alias uses: lint and run report the same error at the same place; run starts nothing', async () => {
  const path = file('aliases.yaml', ALIASES);
  const problems = lintProblems(path).filter((p) => p.severity === 'error');
  assert.deepEqual(
    problems.map((p) => [p.line, p.column, p.code]),
    [[8 + 99, 10, 'yaml-syntax']],
  );
  const { message, started } = await refusal(path);
  assert.equal(started, false);
  assert.ok(message.includes(`${path}:107:10: Too many alias uses`), message);
});

test('the CLI: input errors exit 2 in one line with the place, no stack trace', () => {
  const cases = {
    aliases: file('cli-aliases.yaml', ALIASES),
    // Documents lint leaves alone are read by run with the same parser and limits.
    configMapAliasLoop: file('cli-loop.yaml', `${JOB}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: &d\n  x: *d\n`),
    configMapSyntax: file('cli-syntax.yaml', `${JOB}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: [unclosed\n`),
    // kubectl refuses a key JSON cannot have, in a ConfigMap too.
    configMapListKey: file('cli-list-key.yaml', `${JOB}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ? [a]\n  : b\n`),
  };
  const expected = {
    aliases: /cli-aliases\.yaml:107:10: Too many alias uses/,
    configMapAliasLoop: /cli-loop\.yaml:18:6: The alias \*d is inside the node it names/,
    configMapSyntax: /cli-syntax\.yaml:19:1: Flow sequence in block collection must be sufficiently indented/,
    configMapListKey: /cli-list-key\.yaml:18:5: A key must be a string, number or boolean, not a list/,
  };
  for (const [name, path] of Object.entries(cases)) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', cli, 'run', path], { encoding: 'utf8' });
    assert.equal(result.status, 2, `${name}: ${result.stderr}`);
    assert.match(result.stderr, expected[name as keyof typeof expected]);
    assert.doesNotMatch(result.stderr, /^\s+at /m, `${name}: no stack trace`);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, `${name}: one line: ${result.stderr}`);
  }
});

test('a YAML error in a Job is at the line and column lint gives, not 0:0', async () => {
  const path = file('broken.yaml', JOB.replace('  name: hello\n', '  name: hello\n  labels: {a: b\n'));
  const [first] = lintProblems(path);
  assert.equal(first.code, 'yaml-syntax');
  assert.ok(first.line > 1);
  const { message } = await refusal(path);
  assert.ok(message.includes(`${path}:${first.line}:${first.column}: ${first.message}`), message);
});

test('a YAML error in a ConfigMap is at the line and column lint would give it in a Job', () => {
  const broken = 'metadata:\n  name: c\ndata:\n  a: "unclosed\n  b: 1\n';
  const asJob = file('job-broken.yaml', `${JOB}---\napiVersion: batch/v1\nkind: Job\n${broken}`);
  const [first] = lintProblems(asJob).filter((p) => p.code === 'yaml-syntax');
  const text = `${JOB}---\napiVersion: v1\nkind: ConfigMap\n${broken}`;
  assert.throws(() => readManifest('cm.yaml', text), { message: `cm.yaml:${first.line}:${first.column}: ${first.message}` });
});
