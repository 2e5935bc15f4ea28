// The language server's bundle run from V8's code cache: used when it was made for this very
// bundle, and otherwise ignored (and made again) without changing what the bundle does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const bundleText = (answer: string): string => `exports.answer = function answer() { return '${answer}'; };\n`;

function folder(): { bundle: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-code-cache-'));
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, bundleText('A'));
  return { bundle, cache: join(dir, 'code-cache') };
}

const RUNNER = new URL('../support/run-with-code-cache.ts', import.meta.url).pathname;

/** A fresh process, as each start of the server is (V8 reads no code cache for a source it compiled already). */
function run(bundle: string, cache: string, save = false): { answer: string; state: string; saved?: boolean } {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', RUNNER, bundle, cache, ...(save ? ['--save'] : [])], { encoding: 'utf8' })) as { answer: string; state: string; saved?: boolean };
}

function cacheFile(cache: string): string {
  const files = readdirSync(cache);
  assert.equal(files.length, 1, `one cache file in ${files.join(', ')}`);
  return join(cache, files[0]);
}

test('a cache is written once the bundle has run, and the next start uses it', () => {
  const { bundle, cache } = folder();
  assert.deepEqual(run(bundle, cache, true), { answer: 'A', state: 'missing', saved: true });
  // A cache that was used is not written again.
  assert.deepEqual(run(bundle, cache, true), { answer: 'A', state: 'used', saved: false });
});

test('a cache made for an earlier bundle of the same length is not used: the new code runs', () => {
  const { bundle, cache } = folder();
  run(bundle, cache, true);
  // V8 itself only compares the source's length: it would run the old function's bytecode.
  writeFileSync(bundle, bundleText('B'));
  assert.deepEqual(run(bundle, cache, true), { answer: 'B', state: 'stale', saved: true });
  assert.deepEqual(run(bundle, cache), { answer: 'B', state: 'used' });
});

test('a damaged cache is not given to V8 (which would crash on it), and is made again', () => {
  const { bundle, cache } = folder();
  run(bundle, cache, true);
  const file = cacheFile(cache);
  const damaged = readFileSync(file);
  for (let i = 40; i < damaged.length; i += 5) damaged[i] ^= 0x5a;
  writeFileSync(file, damaged);
  assert.deepEqual(run(bundle, cache, true), { answer: 'A', state: 'stale', saved: true });
  assert.equal(run(bundle, cache).state, 'used');
  // Cut short, as by a full disk.
  writeFileSync(file, readFileSync(file).subarray(0, 20));
  assert.deepEqual(run(bundle, cache), { answer: 'A', state: 'stale' });
});

test('data V8 does not take (another V8, other flags) is rejected by V8 and the bundle still runs', () => {
  const { bundle, cache } = folder();
  run(bundle, cache, true);
  const file = cacheFile(cache);
  const notV8 = Buffer.from('not a code cache of this V8');
  writeFileSync(file, Buffer.concat([createHash('sha256').update(readFileSync(bundle)).update(notV8).digest(), notV8]));
  assert.deepEqual(run(bundle, cache, true), { answer: 'A', state: 'rejected', saved: true });
  assert.equal(run(bundle, cache).state, 'used');
});

test('a cache folder that cannot be written (a read-only install) leaves the bundle running without one', () => {
  const { bundle, cache } = folder();
  // A file where the folder would be: nothing can be created in it, even by root.
  writeFileSync(cache, 'in the way');
  assert.deepEqual(run(bundle, cache, true), { answer: 'A', state: 'missing', saved: false });
  assert.equal(readFileSync(cache, 'utf8'), 'in the way');
});
