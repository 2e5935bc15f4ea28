// The CLI's last guard: a command left waiting for an outcome that nothing can bring any more
// ends with one line and exit 4, not a silent exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const guard = pathToFileURL(join(import.meta.dirname, '../../client/src/cli/verdict-guard.ts')).href;

function node(script: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
}

test('a command waiting on a promise nothing can settle any more exits 4 with one line', () => {
  const result = node(`import guard from '${guard}'; const { guardVerdict } = guard; await guardVerdict(new Promise(() => {}));`);
  assert.equal(result.status, 4, result.stderr);
  assert.equal(result.stderr.trim(), 'kube-jobs: nothing is left that could end the run (its engine or watch is gone); no verdict');
});

test('a command that ends leaves its exit code alone', () => {
  const result = node(`import guard from '${guard}'; const { guardVerdict } = guard; process.exitCode = await guardVerdict(new Promise((resolve) => setTimeout(() => resolve(3), 50)));`);
  assert.equal(result.status, 3, result.stderr);
  assert.equal(result.stderr, '');
});
