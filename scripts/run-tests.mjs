// Runs the test tiers named on the command line (unit, lsp, docker, cluster, cluster-live, e2e)
// in one `node --test` process, so that one summary counts every suite that ran.
// --local-cluster: start the local one-node cluster (scripts/cluster-up.sh) first and give the
// tests its KUBECONFIG instead of the user's, so that the test command never touches a real one.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { withoutOuterNpm } from './outer-npm-env.mjs';

const root = new URL('..', import.meta.url).pathname;
const known = ['unit', 'lsp', 'docker', 'cluster', 'cluster-live', 'e2e'];
const args = process.argv.slice(2);
const localCluster = args.includes('--local-cluster');
const tiers = args.filter((a) => a !== '--local-cluster');
if (tiers.length === 0 || tiers.some((t) => !known.includes(t))) {
  console.error(`usage: run-tests.mjs [--local-cluster] <tier>...  (tiers: ${known.join(', ')})`);
  process.exit(2);
}

// The cluster's progress goes to the terminal; its last line on stdout is KUBECONFIG=<path>.
// A cluster that does not start leaves KUBECONFIG empty: the live tier then fails, the others run.
function startLocalCluster() {
  const up = spawnSync('bash', [join(root, 'scripts/cluster-up.sh')], { cwd: root, env: withoutOuterNpm(process.env), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const last = (up.stdout ?? '').trim().split('\n').pop() ?? '';
  if (up.status !== 0 || !last.startsWith('KUBECONFIG=')) {
    console.error(`the local cluster did not start (scripts/cluster-up.sh exited ${up.status ?? up.signal}); the live tests will fail`);
    return '';
  }
  return last.slice('KUBECONFIG='.length);
}
const clusterEnv = localCluster ? { KUBECONFIG: startLocalCluster() } : {};

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : testFiles(path);
    return /\.test\.m?ts$/.test(name) ? [path] : [];
  });
}

const files = [];
for (const tier of tiers) {
  const found = testFiles(join(root, 'test', tier));
  // An empty tier is a broken tier, never a silent pass.
  if (found.length === 0) {
    console.error(`no tests found in test/${tier}`);
    process.exit(1);
  }
  files.push(...found);
}

console.log(`running ${files.length} test files: ${tiers.join(', ')}`);
const stateDir = mkdtempSync(join(tmpdir(), 'kube-jobs-test-state-'));
const result = spawnSync(
  process.execPath,
  // A test that hangs fails after ten minutes instead of holding CI up (tests may set their own limit).
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=600000', ...files.map((f) => relative(root, f))],
  // Local runs' journals go to a folder of this test run, never the user's.
  // Tests see the same environment from `npm test` as from a shell.
  { cwd: root, stdio: 'inherit', env: { ...withoutOuterNpm(process.env), ...clusterEnv, KUBE_JOBS_TEST_TIERS: tiers.join(','), KUBE_JOBS_STATE_DIR: stateDir } },
);
rmSync(stateDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
