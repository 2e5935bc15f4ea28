// One container printing as fast as it can (busybox `seq 1 N`), followed through the local
// run's logs(pod, container, { follow: true }) from the moment it starts: every line must arrive,
// in order, and the runner's memory must not grow with the number of lines. Each size runs in
// a child process of its own; a tenth of the lines first, as the baseline memory is compared to.
// Run: bash scripts/docker-engine.sh && node --import tsx bench/log-burst-bench.ts [--lines 200000]
import { loadavg } from 'node:os';
import { DockerPodRuntime } from '../client/src/runs/docker/docker-pod-runtime';
import { startLocalRun, type LocalRunHandle } from '../client/src/runs/local-runner';
import { runChild, sampleMemory } from './bench-process';

const MAX_RSS_MB = 150;
/** Growth allowed from a tenth of the lines to all of them before memory counts as unbounded. */
const MAX_GROWTH_MB = 30;

interface BurstResult {
  lines: number;
  received: number;
  firstWrong?: string;
  followMs: number;
  linesPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The name of the run's pod once its container has started (logs can be followed from then). */
function startedPod(run: LocalRunHandle): Promise<string> {
  const find = (): string | undefined => run.snapshot().pods.find((p) => p.containers.some((c) => !('waiting' in c.state)))?.name;
  return new Promise((resolve) => {
    const now = find();
    if (now) return resolve(now);
    const subscription = run.onDidChange(() => {
      const name = find();
      if (!name) return;
      subscription.dispose();
      resolve(name);
    });
  });
}

async function burst(lines: number): Promise<BurstResult> {
  const runtime = new DockerPodRuntime();
  await runtime.ready();
  const memory = sampleMemory(10);
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'log-burst' },
    spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'burst', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['seq', '1', String(lines)] }] } } },
  };
  const run = startLocalRun({ job, runtime });
  const pod = await startedPod(run);
  const began = performance.now();
  let received = 0;
  let firstWrong: string | undefined;
  for await (const line of run.logs(pod, 'burst', { follow: true })) {
    received += 1;
    if (firstWrong === undefined && line.text !== String(received)) firstWrong = `line ${received} was "${line.text}"`;
  }
  const followMs = performance.now() - began;
  const { peakRssMb, peakHeapMb } = memory.stop();
  await run.finished();
  await run.delete();
  runtime.dispose();
  return { lines, received, firstWrong, followMs, linesPerSecond: (received / followMs) * 1000, peakRssMb, peakHeapMb };
}

async function main(): Promise<void> {
  const lines = option('lines', 200_000);
  const baselineLines = Math.max(1, Math.round(lines / 10));
  console.log(`busybox \`seq 1 ${lines}\` followed through the local run's logs; load ${loadavg()[0].toFixed(1)}`);
  const results: BurstResult[] = [];
  for (const size of [baselineLines, lines]) {
    const result = await runChild<BurstResult>(import.meta.url, ['--child', '--lines', String(size)]);
    results.push(result);
    console.log(
      `${result.lines} lines: ${result.received} received${result.firstWrong ? `, first out of order: ${result.firstWrong}` : ', all in order'}, followed in ${(result.followMs / 1000).toFixed(1)} s (${Math.round(result.linesPerSecond)} lines/s); peak RSS ${result.peakRssMb.toFixed(0)} MB, peak heap ${result.peakHeapMb.toFixed(0)} MB`,
    );
  }
  const [small, full] = results;
  const growth = full.peakRssMb - small.peakRssMb;
  console.log(`memory growth from ${small.lines} to ${full.lines} lines: ${growth.toFixed(0)} MB RSS, ${(full.peakHeapMb - small.peakHeapMb).toFixed(0)} MB heap (bounded if < ${MAX_GROWTH_MB} MB)`);
  const failures = [
    ...results.filter((r) => r.received !== r.lines).map((r) => `${r.lines - r.received} of ${r.lines} lines lost`),
    ...results.filter((r) => r.firstWrong).map((r) => `out of order: ${r.firstWrong}`),
    ...(full.peakRssMb >= MAX_RSS_MB ? [`peak RSS ${full.peakRssMb.toFixed(0)} MB`] : []),
    ...(growth >= MAX_GROWTH_MB ? [`memory grew ${growth.toFixed(0)} MB with the number of lines`] : []),
  ];
  for (const failure of failures) console.log(`MISSED: ${failure}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

void (process.argv.includes('--child') ? burst(option('lines', 200_000)).then((r) => {
  console.log(JSON.stringify(r));
  process.exit(0);
}) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
