// Packages the extension from the current build, as `npm run package` does, into .test-output/e2e/:
// the tier installs what users install, not a folder of sources.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { manifest, outputDir, repoRoot } from './paths';

const run = promisify(execFile);

let packaged: Promise<string> | undefined;

/** The path of a fresh .vsix; packaged once per test process. */
export function packageVsix(): Promise<string> {
  packaged ??= pack();
  return packaged;
}

async function pack(): Promise<string> {
  const { name, version } = manifest();
  const vsix = join(outputDir(), `${name}-${version}.vsix`);
  // The same flags as scripts/package.mjs: the bundles already hold every dependency.
  await run(process.execPath, [join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: Error & { stdout?: string; stderr?: string }) => {
    throw new Error(`vsce package failed: ${error.message}\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  if (!existsSync(vsix)) throw new Error(`vsce package did not write ${vsix}`);
  return vsix;
}
