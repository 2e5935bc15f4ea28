// The setup scripts run from `npm test`, which exports its own config and paths to them. What
// they start (a nested npm, docker, dockerd) must see what it would see from a plain shell: a
// nested npm once took the outer Node's version from npm_config_user_agent and code-server's
// postinstall refused to install. Each script runs here under a made-up outer npm, with its
// commands replaced by stand-ins that write down the environment they were given and fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withoutOuterNpm } from '../../scripts/outer-npm-env.mjs';

const repo = new URL('../../', import.meta.url).pathname;
const realNpm = execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim();

/** What `npm test` run from /outer/project with another Node would export to a script. */
function outerNpmEnvironment(bin: string): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    ([name, value]) => value !== undefined && !/^npm_/i.test(name) && !['INIT_CWD', 'NODE', 'COLOR'].includes(name),
  ) as [string, string][];
  return {
    ...Object.fromEntries(inherited),
    npm_config_user_agent: 'npm/6.14.0 node/v14.0.0 linux x64 workspaces/false',
    npm_config_prefix: '/outer/prefix',
    npm_config_global_prefix: '/outer/prefix',
    npm_config_local_prefix: '/outer/project',
    npm_config_node_gyp: '/outer/npm/node_modules/node-gyp/bin/node-gyp.js',
    NPM_CONFIG_NODEDIR: '/outer/node-headers',
    npm_execpath: '/outer/npm/bin/npm-cli.js',
    npm_node_execpath: '/outer/node/bin/node',
    npm_package_name: 'outer',
    npm_lifecycle_event: 'test',
    npm_command: 'run-script',
    NODE: '/outer/node/bin/node',
    INIT_CWD: '/outer/project',
    COLOR: '1',
    PATH: `/outer/project/node_modules/.bin:/node_modules/.bin:/outer/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${bin}:${process.env.PATH ?? ''}`,
  };
}

/**
 * Stand-ins for `names` in a folder of their own: each writes its environment to
 * <records>/<name>.env and exits 1. `npm` also asks the real npm, with that environment, which
 * user agent it gives the scripts it runs (what code-server's postinstall reads) and which Node
 * runs it.
 */
function standIns(names: string[]): { bin: string; records: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-setup-env-'));
  const bin = join(dir, 'bin');
  const records = join(dir, 'records');
  mkdirSync(bin);
  mkdirSync(records);
  for (const name of names) {
    const asks = name === 'npm' ? `node --version >"${records}/node-version"\n"${realNpm}" exec -c 'echo "$npm_config_user_agent"' >"${records}/user-agent"\n` : '';
    writeFileSync(join(bin, name), `#!/bin/sh\nenv >"${records}/${name}.env"\n${asks}exit 1\n`);
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, records };
}

function recordedEnvironment(records: string, name: string): Map<string, string> {
  const file = join(records, `${name}.env`);
  assert.ok(existsSync(file), `the script never ran ${name}`);
  // `env` prints one NAME=value per line; values here hold no newlines.
  return new Map(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
  );
}

function assertNothingFromOuterNpm(seen: Map<string, string | undefined>, bin: string, ownSettings: string[] = []): void {
  const leaked = [...seen.keys()].filter((name) => (/^npm_/i.test(name) && !ownSettings.includes(name)) || ['INIT_CWD', 'NODE', 'COLOR'].includes(name));
  assert.deepEqual(leaked, [], 'variables the outer npm exported reached the nested command');
  const path = (seen.get('PATH') ?? '').split(':');
  assert.deepEqual(path.filter((dir) => dir.endsWith('/node_modules/.bin') || dir.endsWith('/node-gyp-bin')), [], 'PATH still has the outer npm folders');
  assert.ok(path.includes(bin), 'PATH lost folders of the calling shell');
}

test('e2e-setup: the nested npm install sees its own Node, not the npm that ran the setup', () => {
  const { bin, records } = standIns(['npm', 'chromium']);
  const cache = mkdtempSync(join(tmpdir(), 'kube-jobs-setup-env-cache-'));
  const result = spawnSync('bash', [join(repo, 'scripts', 'e2e-setup.sh')], {
    env: { ...outerNpmEnvironment(bin), KUBE_JOBS_E2E_CACHE: cache, KUBE_JOBS_E2E_CHROMIUM: join(bin, 'chromium') },
    encoding: 'utf8',
  });
  assert.notEqual(result.status, 0, 'the stand-in npm fails, so the setup must stop');
  const seen = recordedEnvironment(records, 'npm');
  // The script's own setting: npm's cache stays in the cache folder.
  assertNothingFromOuterNpm(seen, bin, ['npm_config_cache']);
  assert.equal(seen.get('npm_config_cache'), join(cache, 'npm-cache'));
  const nodeVersion = readFileSync(join(records, 'node-version'), 'utf8').trim();
  const userAgent = readFileSync(join(records, 'user-agent'), 'utf8').trim();
  assert.match(userAgent, new RegExp(` node/${nodeVersion.replace(/\./g, '\\.')} `), `the nested npm reports ${userAgent}`);
});

test('docker-engine: docker and the engine it starts see the calling shell, not the npm that ran the setup', () => {
  const { bin, records } = standIns(['docker', 'dockerd', 'apt-get']);
  const state = mkdtempSync(join(tmpdir(), 'kube-jobs-setup-env-engine-'));
  // An engine at a TCP address is asked through the docker client: the stand-in answers no.
  const result = spawnSync('bash', [join(repo, 'scripts', 'docker-engine.sh')], {
    env: { ...outerNpmEnvironment(bin), DOCKER_HOST: 'tcp://127.0.0.1:9', KUBE_JOBS_ENGINE_DIR: state },
    encoding: 'utf8',
  });
  assert.notEqual(result.status, 0, `no engine answers, so the setup must fail; it said: ${result.stderr}`);
  assertNothingFromOuterNpm(recordedEnvironment(records, 'docker'), bin);
});

test('run-tests and package: the test run and vsce get the environment without what the outer npm exported', () => {
  const bin = '/usr/local/kube-jobs-test-bin';
  const outer = outerNpmEnvironment(bin);
  const clean = withoutOuterNpm(outer);
  assertNothingFromOuterNpm(new Map(Object.entries(clean)), bin);
  assert.equal(clean.HOME, outer.HOME, 'the rest of the environment stays');
});
