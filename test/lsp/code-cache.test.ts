// The built server run from V8's code cache (dist/code-cache/): the same diagnostics whether the
// cache is missing, used, damaged or made for another build, and where no cache can be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { SERVER, startServer } from './lsp-client';

const JOB = ['apiVersion: batch/v1', 'kind: Job', 'metadata:', '  name: demo', 'spec:', '  backofflimit: 3', '  template:', '    spec:', '      containers:', '        - name: main', '          image: busybox:1.36', '      restartPolicy: Always', ''].join('\n');
const SETTINGS = { rules: { 'missing-ttl': 'off', 'missing-resource-limits': 'off' } };

/** A copy of the built server in a folder of its own, so that its cache is this test's. */
function serverCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-server-'));
  for (const file of ['server.js', 'server-bundle.js']) copyFileSync(join(SERVER, '..', file), join(dir, file));
  return dir;
}

async function diagnostics(dir: string): Promise<string[]> {
  const client = await startServer(SETTINGS, join(dir, 'server.js'));
  try {
    const published = await client.open('file:///work/job.yaml', JOB);
    return published.diagnostics.map((d) => `${d.range.start.line} ${String(d.code)} ${d.message}`);
  } finally {
    assert.equal(await client.stop(), 0);
  }
}

function cacheFile(dir: string): string {
  const files = readdirSync(join(dir, 'code-cache'));
  assert.equal(files.length, 1, `one cache file in ${files.join(', ')}`);
  return join(dir, 'code-cache', files[0]);
}

test('the server writes its code cache, then starts from it, from a damaged one and from one of another build with the same diagnostics', async () => {
  const dir = serverCopy();
  const expected = await diagnostics(dir);
  assert.deepEqual(
    expected.map((d) => d.split(' ').slice(0, 2).join(' ')),
    ['5 unknown-field', '11 restart-policy'],
  );
  const written = readFileSync(cacheFile(dir));

  assert.deepEqual(await diagnostics(dir), expected);
  assert.ok(readFileSync(cacheFile(dir)).equals(written), 'a cache that was used is left as it is');

  const damaged = Buffer.from(written);
  for (let i = 40; i < damaged.length; i += 3) damaged[i] ^= 0x5a;
  writeFileSync(cacheFile(dir), damaged);
  assert.deepEqual(await diagnostics(dir), expected);
  const remade = readFileSync(cacheFile(dir));
  assert.ok(!remade.equals(damaged), 'a damaged cache is made again');
  assert.deepEqual(await diagnostics(dir), expected);
  assert.ok(readFileSync(cacheFile(dir)).equals(remade), 'and used at the next start');

  // Another build of the same length: V8 alone would run the cached code of the first one.
  const bundle = join(dir, 'server-bundle.js');
  writeFileSync(bundle, readFileSync(bundle, 'utf8').replaceAll('Did you mean', 'Did YOU mean'));
  assert.deepEqual(await diagnostics(dir), expected.map((d) => d.replace('Did you mean', 'Did YOU mean')));
});

test('a server whose cache folder cannot be written gives the same diagnostics', async () => {
  const dir = serverCopy();
  writeFileSync(join(dir, 'code-cache'), 'in the way');
  assert.deepEqual((await diagnostics(dir)).map((d) => d.split(' ').slice(0, 2).join(' ')), ['5 unknown-field', '11 restart-policy']);
  assert.equal(readFileSync(join(dir, 'code-cache'), 'utf8'), 'in the way');
});

// The bundle run from the cache and its cache written at once, before anything has been checked.
const SAVE_AT_START = `require(${JSON.stringify(new URL('../../server/src/code-cache.ts', import.meta.url).pathname)}).runWithCodeCache(process.argv[1], process.argv[2]).save()`;

test('the cache the server writes holds the checks it ran on the first file, not only the start of its bundle', async () => {
  const dir = serverCopy();
  await diagnostics(dir);
  const afterChecks = readFileSync(cacheFile(dir)).length;
  const bare = serverCopy();
  execFileSync(process.execPath, ['--import', 'tsx', '-e', SAVE_AT_START, join(bare, 'server-bundle.js'), join(bare, 'code-cache')]);
  const atStart = readFileSync(cacheFile(bare)).length;
  assert.ok(afterChecks > atStart * 1.2, `${afterChecks} bytes written after the checks, ${atStart} at the start`);
});
