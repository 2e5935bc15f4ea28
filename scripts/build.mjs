// Bundles the extension client, the language server and the CLI with esbuild.
// `vscode` is provided by the editor at run time; everything else is bundled.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// The server's schema is generated from npm packages first (skipped when they did not change).
execFileSync(process.execPath, [new URL('./generate-schema.mjs', import.meta.url).pathname], { stdio: 'inherit' });

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ssh2's optional native helpers are not needed (dockerode talks to a local socket or TCP).
  external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
  mainFields: ['module', 'main'],
};

// The `yaml` package as ES modules (the same code as its CommonJS build, which logs warnings
// through console.warn rather than process.emitWarning): imported from CommonJS, each call of
// isMap, isScalar, … would go through a getter, which costs a fresh language server a tenth of
// its first validation of a big file.
const yamlModules = createRequire(import.meta.url).resolve('yaml/package.json').replace(/package\.json$/, 'browser/index.js');
const yamlAsModules = { name: 'yaml-as-modules', setup: (build) => build.onResolve({ filter: /^yaml$/ }, () => ({ path: yamlModules })) };

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', plugins: [yamlAsModules] },
  { entryPoints: ['client/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const started = Date.now();
if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  console.log(`built ${entries.map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
