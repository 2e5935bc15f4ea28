// Packages the extension as a .vsix with only what runs (see .vscodeignore), and prints its size.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { withoutOuterNpm } from './outer-npm-env.mjs';

const root = new URL('..', import.meta.url).pathname;
const { name, version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const vsix = `${name}-${version}.vsix`;
// vsce runs npm itself: it must not take this npm's settings for its own.
const env = withoutOuterNpm(process.env);

execFileSync(process.execPath, [`${root}scripts/build.mjs`, '--production'], { cwd: root, stdio: 'inherit', env });
// Bundles already hold every dependency, so vsce must not add node_modules. The README's
// pictures stay relative (no repository URL to rewrite them against; they are not packaged).
execFileSync(
  process.execPath,
  [`${root}node_modules/@vscode/vsce/vsce`, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix],
  { cwd: root, stdio: 'inherit', env },
);
const listing = execFileSync(process.execPath, [`${root}node_modules/@vscode/vsce/vsce`, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8', env });
console.log(`${vsix}: ${(statSync(`${root}${vsix}`).size / 1024).toFixed(1)} KiB, files:\n${listing.trim().split('\n').map((f) => `  ${f}`).join('\n')}`);
