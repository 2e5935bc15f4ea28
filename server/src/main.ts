// The language server's entry point (dist/server.js): the server's bundle (dist/server-bundle.js)
// run from V8's code cache, which is written once the checks have run.
import { join } from 'node:path';
import { runWithCodeCache } from './code-cache';
import type { start } from './start';

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
