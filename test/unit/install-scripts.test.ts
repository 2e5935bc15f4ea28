// Every dependency that carries an install script must be named in package.json's allowScripts,
// allowed or not: a new one would otherwise run unreviewed today (npm 11 only warns) and be
// skipped silently by a later npm, breaking whatever needed it. The lockfile marks them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const repo = new URL('../../', import.meta.url).pathname;

interface LockFile {
  packages: Record<string, { hasInstallScript?: boolean }>;
}

const allowScripts: Record<string, boolean> =
  (JSON.parse(readFileSync(`${repo}package.json`, 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};

/** Names of the locked packages npm runs an install script for. */
function packagesWithInstallScripts(): Set<string> {
  const lock = JSON.parse(readFileSync(`${repo}package-lock.json`, 'utf8')) as LockFile;
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (entry.hasInstallScript && path) names.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return names;
}

test('every dependency with an install script is allowed or denied in package.json', () => {
  const found = packagesWithInstallScripts();
  assert.ok(found.has('esbuild'), 'the lockfile no longer marks esbuild: is hasInstallScript still written?');
  const unreviewed = [...found].filter((name) => !(name in allowScripts)).sort();
  assert.deepEqual(unreviewed, [], `install scripts not listed in package.json allowScripts: ${unreviewed.join(', ')}`);
});

test('allowScripts names only packages that have an install script', () => {
  const found = packagesWithInstallScripts();
  const stale = Object.keys(allowScripts).filter((name) => !found.has(name));
  assert.deepEqual(stale, [], `allowScripts entries with nothing to allow or deny: ${stale.join(', ')}`);
});
