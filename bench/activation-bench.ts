// Extension activation time in a real VS Code (code-server, as the e2e tier runs it): each round
// starts a fresh code-server, and the extension host requires dist/extension.js and calls
// activate() (which starts the language server) — test/e2e/activation-time. Medians printed.
//   npm run build && bash scripts/e2e-setup.sh && node --import tsx bench/activation-bench.ts [--rounds 5]
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runExtensionHostSuite } from '../test/support/e2e/extension-host';
import { repoRoot } from '../test/support/e2e/paths';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const bundleKb = (name: string): number => Math.round(statSync(join(repoRoot, 'dist', name), { throwIfNoEntry: false })?.size ?? 0) / 1024;
  console.log(`${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; dist/extension.js ${Math.round(bundleKb('extension.js'))} KiB`);
  const rounds: { loadMs: number; activateMs: number }[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    const file = join(mkdtempSync(join(tmpdir(), 'kube-jobs-activation-')), 'times.json');
    const { exitCode } = await runExtensionHostSuite({ name: 'activation-time', specs: 'activation-time', env: { KUBE_JOBS_ACTIVATION_TIMES: file } });
    if (exitCode !== 0) throw new Error(`round ${round + 1}: the activation spec failed (see .test-output/e2e/activation-time.*.log)`);
    const times = JSON.parse(readFileSync(file, 'utf8')) as { loadMs: number; activateMs: number };
    rounds.push(times);
    console.log(`round ${round + 1}: loading the bundle ${Math.round(times.loadMs)} ms, activate() ${Math.round(times.activateMs)} ms`);
  }
  const load = median(rounds.map((r) => r.loadMs));
  const activate = median(rounds.map((r) => r.activateMs));
  console.log(JSON.stringify({ 'load median ms': Math.round(load), 'activate() median ms': Math.round(activate), 'activation median ms': Math.round(median(rounds.map((r) => r.loadMs + r.activateMs))), 'load average after': loadavg()[0].toFixed(1) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
