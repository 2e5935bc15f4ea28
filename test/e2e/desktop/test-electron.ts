// The extension-host suite of the e2e tier (test/e2e/extension-host) on a desktop VS Code through
// @vscode/test-electron, where VS Code can be downloaded or is installed
// (KUBE_JOBS_VSCODE_EXECUTABLE=/path/to/code skips the download). Where neither works, as on the
// offline CI machine, the e2e tier runs the same suite in code-server instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { compileSuite } from '../../support/e2e/extension-host';
import { outputDir, prepareWorkspace, repoRoot } from '../../support/e2e/paths';

async function main(): Promise<void> {
  const suite = await compileSuite();
  const scratch = mkdtempSync(join(tmpdir(), 'kube-jobs-test-electron-'));
  const workspace = prepareWorkspace(join(scratch, 'workspace'));
  const executable = process.env.KUBE_JOBS_VSCODE_EXECUTABLE;
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suite,
      ...(executable ? { vscodeExecutablePath: executable } : {}),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user')],
      extensionTestsEnv: { KUBE_JOBS_E2E_RESULTS: join(outputDir(), 'test-electron.results.json') },
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`test:vscode failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
