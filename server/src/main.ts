// The language server's entry point (dist/server.js): V8's settings, then the server's bundle
// (dist/server-bundle.js) run from V8's code cache, which is written once the checks have run.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runWithCodeCache } from './code-cache';
import type { start } from './start';

// Parsing a big file allocates many short-lived nodes; a larger young generation spends far
// less time collecting them. Set before the bundle is compiled: V8 takes a code cache only with
// the flags it was made with.
setFlagsFromString('--max-semi-space-size=32');

const server = runWithCodeCache(join(__dirname, 'server-bundle.js'), join(__dirname, 'code-cache'));
let checked = false;
(server.exports as { start: typeof start }).start(() => {
  checked = true;
  // After the diagnostics have gone out.
  setImmediate(() => server.save());
});
// A server told to exit right after its first diagnostics still leaves its cache.
process.on('exit', () => {
  if (checked) server.save();
});
