// Runs a CommonJS bundle from V8's code cache: a fresh language server otherwise spends tens of
// milliseconds compiling its bundle, and compiles each function again on its first call.
// The cache is written after the bundle has run (so it holds the functions compiled by then) to a
// file named after the V8 version, in a folder next to the bundle; where that folder cannot be
// written (a read-only install), the bundle runs as it would without one.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What became of the cache this start: used, not there, or not for this bundle or this V8. */
export type CodeCacheState = 'used' | 'missing' | 'stale' | 'rejected';

export interface CachedBundle {
  /** The bundle's module.exports. */
  readonly exports: unknown;
  readonly state: CodeCacheState;
  /**
   * Writes the cache for the functions compiled so far, when it was not used; never throws.
   * Whether a cache was written.
   */
  save(): boolean;
}

// A header of the SHA-256 of the bundle and the cache data together, then V8's cache data. V8
// itself only compares the length of the source (an edited bundle of the same length would run
// the old code) and, outside debug builds, does not check its data's checksum.
const HASH_BYTES = 32;

export function runWithCodeCache(bundle: string, cacheFolder: string): CachedBundle {
  const code = readFileSync(bundle);
  const file = join(cacheFolder, `${basename(bundle, '.js')}-${process.versions.v8}-${process.arch}.cache`);
  const { data, state: found } = readCache(file, code);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${code.toString('utf8')}\n})`, { filename: bundle, cachedData: data });
  const state: CodeCacheState = found === 'found' ? (script.cachedDataRejected ? 'rejected' : 'used') : found;
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  let saved = false;
  return {
    get exports() {
      return module.exports;
    },
    state,
    save() {
      if (state === 'used' || saved) return false;
      saved = true;
      return writeCache(file, code, script.createCachedData());
    },
  };
}

function readCache(file: string, code: Buffer): { data?: Buffer; state: 'found' | 'missing' | 'stale' } {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch {
    return { state: 'missing' };
  }
  const data = content.subarray(HASH_BYTES);
  return content.length > HASH_BYTES && hashOf(code, data).equals(content.subarray(0, HASH_BYTES)) ? { data, state: 'found' } : { state: 'stale' };
}

function hashOf(code: Buffer, data: Buffer): Buffer {
  return createHash('sha256').update(code).update(data).digest();
}

/** Writes through a file of this process's own, renamed into place: a reader never sees half a cache. */
function writeCache(file: string, code: Buffer, data: Buffer): boolean {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, Buffer.concat([hashOf(code, data), data]));
    renameSync(partial, file);
    return true;
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written.
    }
    return false;
  }
}
