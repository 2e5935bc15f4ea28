// A fresh process that runs a bundle through the language server's code cache, as dist/server.js
// does, and prints what happened as JSON: V8 only reads a code cache in a process that has not
// compiled the same source already.
//   node --import tsx test/support/run-with-code-cache.ts BUNDLE CACHE_FOLDER [--save]
import { runWithCodeCache } from '../../server/src/code-cache';

const [bundle, cacheFolder] = process.argv.slice(2);
const loaded = runWithCodeCache(bundle, cacheFolder);
const answer = (loaded.exports as { answer(): string }).answer();
const saved = process.argv.includes('--save') ? loaded.save() : undefined;
console.log(JSON.stringify({ answer, state: loaded.state, saved }));
