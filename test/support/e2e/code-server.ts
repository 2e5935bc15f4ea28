// One code-server for a test file: loopback only, a port the OS picks, its own user data,
// extensions and workspace copy in a temp folder, its log in .test-output/e2e/.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { assertToolsInstalled, extensionIdWithVersion, outputDir, prepareWorkspace, tools } from './paths';

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface CodeServerOptions {
  /** Names the log file and the scratch folder. */
  name: string;
  /** A packaged extension to install with code-server's own CLI before it starts. */
  vsix?: string;
  /** Lets a page start an extension test run through the `payload` URL parameter. */
  extensionTests?: boolean;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string>;
  /** User settings added to (or overriding) the quiet defaults below. */
  settings?: Record<string, unknown>;
  /**
   * Workspace trust on, and the workspace not trusted: Restricted Mode, as a user who declined
   * (or was never asked) sees it. Off by default: the other suites run trusted.
   */
  restricted?: boolean;
}

/** Trust is on, nobody is asked at startup, so the folder opens untrusted (Restricted Mode). */
const restrictedSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * Settings that keep the workbench quiet and predictable: no welcome page, no update checks,
 * no autosave (the browser build autosaves after 1 s and would write test edits to disk).
 */
const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.wordBasedSuggestions': 'off',
  'window.commandCenter': false,
  'files.autoSave': 'off',
  'git.enabled': false,
};

export class CodeServer {
  private exited = false;

  private constructor(
    readonly name: string,
    private readonly process: ChildProcess,
    private readonly scratch: string,
    private readonly log: WriteStream,
    readonly logFile: string,
    /** The workspace folder the workbench opens: a copy of test/e2e/fixtures/workspace plus examples/. */
    readonly workspace: string,
    readonly url: string,
  ) {
    process.once('exit', () => (this.exited = true));
  }

  static async start(options: CodeServerOptions): Promise<CodeServer> {
    assertToolsInstalled();
    const scratch = mkdtempSync(join(tmpdir(), `kube-jobs-e2e-${options.name}-`));
    const dirs = { user: join(scratch, 'user'), extensions: join(scratch, 'extensions'), workspace: join(scratch, 'workspace') };
    mkdirSync(join(dirs.user, 'User'), { recursive: true });
    mkdirSync(dirs.extensions);
    writeFileSync(join(dirs.user, 'User', 'settings.json'), JSON.stringify({ ...quietSettings, ...(options.restricted ? restrictedSettings : {}), ...options.settings }, null, 2));
    prepareWorkspace(dirs.workspace);
    // An empty config file: nothing from ~/.config/code-server may change the server.
    const config = join(scratch, 'config.yaml');
    writeFileSync(config, '');

    const logFile = join(outputDir(), `${options.name}.code-server.log`);
    const log = createWriteStream(logFile);
    const env = serverEnv(scratch, options.env);
    const common = ['--config', config, '--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions];
    if (options.vsix) await installExtension(common, options.vsix, env, log);

    const args = [
      ...common,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.restricted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--reconnection-grace-time', '60',
      ...(options.extensionTests ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ];
    // Its own process group: stop() ends the server with every child (extension hosts, language server, pty host).
    const child = spawn(tools.codeServer, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await listeningUrl(child, log);
    return new CodeServer(options.name, child, scratch, log, logFile, dirs.workspace, url);
  }

  /** The workbench URL for the workspace, with optional extra query parameters. */
  workbenchUrl(query: Record<string, string> = {}): string {
    const params = new URLSearchParams({ folder: this.workspace, ...query });
    return `${this.url}/?${params.toString()}`;
  }

  /** A path on the server as the workbench addresses it (code-server's remote authority is host:port). */
  remoteUri(path: string): string {
    return `vscode-remote://${new URL(this.url).host}${path}`;
  }

  async stop(): Promise<void> {
    const pid = this.process.pid;
    if (!this.exited && pid !== undefined) {
      const exit = once(this.process, 'exit');
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!this.exited) process.kill(-pid, 'SIGKILL');
      }, STOP_TIMEOUT_MS);
      await exit;
      clearTimeout(timer);
    }
    // Children that outlived the server (a language server mid-request) go with the group.
    try {
      if (pid !== undefined) process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone: the clean case.
    }
    this.log.end();
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

function serverEnv(scratch: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A cluster only when the test gives one: the test command's own KUBECONFIG (the local cluster
  // of the live tier) would put its Jobs into every window's Jobs view.
  const { KUBECONFIG: _testRunCluster, ...inherited } = process.env;
  return {
    ...inherited,
    // code-server's launcher runs `node` from PATH: it must be Node 24.
    PATH: `${tools.nodeBinDir}:${process.env.PATH ?? ''}`,
    // Nothing lands in $HOME.
    XDG_CONFIG_HOME: join(scratch, 'xdg', 'config'),
    XDG_DATA_HOME: join(scratch, 'xdg', 'data'),
    XDG_CACHE_HOME: join(scratch, 'xdg', 'cache'),
    // Local runs' journals too (see client/src/runs/journal/), whatever the test runner set.
    XDG_STATE_HOME: join(scratch, 'xdg', 'state'),
    KUBE_JOBS_STATE_DIR: join(scratch, 'xdg', 'state', 'kube-jobs', 'runs'),
    // Traffic stays on loopback: the extension gallery (open-vsx.org by default) points at a closed local port.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items', resourceUrlTemplate: 'http://127.0.0.1:9/resource' }),
    ...extra,
  };
}

async function installExtension(common: string[], vsix: string, env: NodeJS.ProcessEnv, log: WriteStream): Promise<void> {
  const install = await run(tools.codeServer, [...common, '--install-extension', vsix], { env });
  log.write(`$ code-server --install-extension ${vsix}\n${install.stdout}${install.stderr}\n`);
  const listed = await run(tools.codeServer, [...common, '--list-extensions', '--show-versions'], { env });
  log.write(`$ code-server --list-extensions --show-versions\n${listed.stdout}\n`);
  if (!listed.stdout.split('\n').includes(extensionIdWithVersion())) {
    throw new Error(`code-server did not install ${vsix}: it lists ${JSON.stringify(listed.stdout.trim())}`);
  }
}

/** Waits for code-server's "HTTP server listening on …" line: the port the OS gave it. */
function listeningUrl(child: ChildProcess, log: WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let listening = false;
    const timer = setTimeout(() => fail(`code-server was not listening after ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    function fail(reason: string): void {
      clearTimeout(timer);
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      reject(new Error(`${reason}; its output:\n${seen.slice(-4000)}`));
    }
    function onData(chunk: Buffer): void {
      log.write(chunk);
      if (listening) return;
      seen += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        listening = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(`code-server did not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (!listening) fail(`code-server exited early (code ${code}, signal ${signal})`);
    });
  });
}
