// Runs the mocha suite of test/e2e/extension-host inside code-server's extension host, the way
// @vscode/test-electron runs it on desktop: the workbench gets extensionDevelopmentPath and
// extensionTestsPath through its `payload` URL parameter (honoured with the smoke-test driver
// enabled), runs the suite in the Node extension host, and reports the exit code to
// window.codeAutomationExit.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { CodeServer } from './code-server';
import { openBrowserPage } from './browser';
import { outputDir, repoRoot } from './paths';
import type { SuiteResult } from '../../e2e/extension-host/index';

export type { SuiteResult };

const suiteSource = join(repoRoot, 'test', 'e2e', 'extension-host');
const SUITE_TIMEOUT_MS = 360_000;

export interface SuiteOutcome {
  /** What the workbench reported: 0 when every test passed. */
  exitCode: number;
  results: SuiteResult[];
}

/**
 * Bundles index.ts and each *.spec.ts of `specs` (a folder under test/e2e, extension-host by
 * default) for the extension host (`vscode` and `mocha` come from there / node_modules).
 */
export async function compileSuite(specs = 'extension-host'): Promise<string> {
  const specSource = join(repoRoot, 'test', 'e2e', specs);
  const outdir = outputDir(specs);
  for (const stale of readdirSync(outdir)) rmSync(join(outdir, stale), { force: true, recursive: true });
  // All side by side in outdir: index.js loads every *.spec.js next to it.
  const entryPoints = [
    { in: join(suiteSource, 'index.ts'), out: 'index' },
    ...readdirSync(specSource)
      .filter((f) => f.endsWith('.spec.ts'))
      .map((f) => ({ in: join(specSource, f), out: f.replace(/\.ts$/, '') })),
  ];
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}

export interface SuiteOptions {
  name: string;
  env?: Record<string, string>;
  /** The folder under test/e2e whose *.spec.ts make the suite (default extension-host). */
  specs?: string;
  /** Workspace trust on and the workspace untrusted (Restricted Mode). */
  restricted?: boolean;
}

export async function runExtensionHostSuite(options: SuiteOptions): Promise<SuiteOutcome> {
  const suite = await compileSuite(options.specs);
  const resultsFile = join(outputDir(), `${options.name}.results.json`);
  rmSync(resultsFile, { force: true });
  const server = await CodeServer.start({ name: options.name, extensionTests: true, restricted: options.restricted, env: { ...options.env, KUBE_JOBS_E2E_RESULTS: resultsFile } });
  const browser = await openBrowserPage(options.name).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const hostLog = createWriteStream(join(outputDir(), `${options.name}.extension-host.log`));
  try {
    let reportExit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => hostLog.write(`[${type}] ${format(...(args ?? []))}\n`));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', server.remoteUri(repoRoot)],
      ['extensionTestsPath', server.remoteUri(suite)],
      ['skipWelcome', 'true'],
    ]);
    await browser.page.goto(server.workbenchUrl({ payload }), { waitUntil: 'domcontentloaded' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the extension-host suite did not finish in ${SUITE_TIMEOUT_MS / 1000} s; see ${hostLog.path as string}`)), SUITE_TIMEOUT_MS);
    });
    const exitCode = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
    await browser.screenshot(`${options.name}-end`);
    if (!existsSync(resultsFile)) {
      throw new Error(`the suite ended with code ${exitCode} without writing results (it did not run, or crashed before mocha finished); see ${hostLog.path as string} and ${server.logFile}`);
    }
    return { exitCode, results: JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResult[] };
  } finally {
    hostLog.end();
    await browser.close();
    await server.stop();
  }
}
