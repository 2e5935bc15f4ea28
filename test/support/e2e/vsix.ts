// Packages the extension from the current build (`npm run build` ran before the tier) into
// .test-output/e2e/, with the same rules as `npm run package`: the tier installs what users
// install, not a folder of sources.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { manifest, outputDir, repoRoot } from './paths';

const run = promisify(execFile);

// vsce's `pack` is its `package` command without the `vscode:prepublish` step: rebuilding here
// would test another build than the one the tier was asked to test. In a child process, because
// vsce prints its file list and may exit the process on a manifest error.
const PACK = `
require('@vscode/vsce/out/package')
  .pack({ cwd: process.cwd(), packagePath: process.argv[1], dependencies: false, allowMissingRepository: true, rewriteRelativeLinks: false })
  .catch((error) => { console.error(error && error.message || error); process.exit(1); });
`;

let packaged: Promise<string> | undefined;

/** The path of a .vsix of the current build; packaged once per test process. */
export function packageVsix(): Promise<string> {
  packaged ??= packCurrentBuild();
  return packaged;
}

async function packCurrentBuild(): Promise<string> {
  const { name, version } = manifest();
  const vsix = join(outputDir(), `${name}-${version}.vsix`);
  const log = join(outputDir(), 'vsix.log');
  try {
    const { stdout, stderr } = await run(process.execPath, ['-e', PACK, vsix], { cwd: repoRoot });
    writeFileSync(log, stdout + stderr);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    writeFileSync(log, stdout + stderr);
    throw new Error(`packaging the extension failed (see ${log}): ${stderr.trim() || String(error)}`, { cause: error });
  }
  if (!existsSync(vsix)) throw new Error(`packaging did not write ${vsix} (see ${log})`);
  return vsix;
}
