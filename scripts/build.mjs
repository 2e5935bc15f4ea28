// Bundles the extension client, the language server and the CLI with esbuild.
// `vscode` is provided by the editor at run time; everything else is bundled.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

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

// @kubernetes/client-node, the larger part of the extension's and the CLI's code, is a bundle of
// its own that they load on the first use of anything it exports (a cluster run, a cluster listed
// in the Jobs view or by `kube-jobs runs`): activating, authoring, `kube-jobs lint` and local runs
// never load it. It holds what the client's sources import from it, read from their import
// statements.
function kubernetesClientImports() {
  const names = new Set();
  for (const file of readdirSync('client/src', { recursive: true })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join('client/src', file), 'utf8');
    for (const [, kind, clause] of text.matchAll(/^import (type )?([^;]*?) from '@kubernetes\/client-node';/gms)) {
      if (kind) continue;
      const braces = /^\{([^}]*)\}$/.exec(clause.trim());
      if (!braces) throw new Error(`client/src/${file}: only named imports of @kubernetes/client-node can be loaded lazily`);
      for (const part of braces[1].split(',').map((p) => p.trim()).filter(Boolean)) if (!part.startsWith('type ')) names.add(part.split(/\s+as\s+/)[0]);
    }
  }
  return [...names].sort();
}
const kubernetesClientNames = kubernetesClientImports();
const kubernetesClient = {
  stdin: { contents: `export { ${kubernetesClientNames.join(', ')} } from '@kubernetes/client-node';`, resolveDir: process.cwd(), sourcefile: 'kubernetes-client.js' },
  outfile: 'dist/kubernetes-client.js',
};
const lazyKubernetesClient = {
  name: 'lazy-kubernetes-client',
  setup(build) {
    build.onResolve({ filter: /^@kubernetes\/client-node$/ }, () => ({ path: 'client-node', namespace: 'lazy-kubernetes-client' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-kubernetes-client' }, () => ({
      contents: `let loaded;
for (const name of ${JSON.stringify(kubernetesClientNames)}) {
  Object.defineProperty(exports, name, { enumerable: true, get: () => (loaded ??= require('./kubernetes-client.js'))[name] });
}`,
      loader: 'js',
    }));
  },
};

const loadingKubernetesClientLazily = { plugins: [lazyKubernetesClient], external: [...common.external, './kubernetes-client.js'] };
const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', ...loadingKubernetesClientLazily },
  // The server's entry point runs its bundle from V8's code cache (server/src/code-cache.ts).
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/start.ts'], outfile: 'dist/server-bundle.js', plugins: [yamlAsModules] },
  { entryPoints: ['client/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, ...loadingKubernetesClientLazily },
];

const started = Date.now();
if (watch) {
  for (const entry of [kubernetesClient, ...entries]) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log('watching for changes…');
} else {
  await Promise.all([kubernetesClient, ...entries].map((entry) => esbuild.build({ ...common, ...entry })));
  console.log(`built ${[kubernetesClient, ...entries].map((e) => e.outfile).join(', ')} in ${Date.now() - started} ms`);
}
