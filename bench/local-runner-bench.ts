// A Job of many short pods on the local runner against the same container runs made directly
// with dockerode, side by side on the same engine, each in a child process of its own.
// Run: bash scripts/docker-engine.sh && node --import tsx bench/local-runner-bench.ts [--rounds 3] [--profile] [--through-engine]
// Targets: the runner's wall time (start → Complete) within 1.2× of the direct runs (the median of
// the rounds' ratios: other work on the machine swings single rounds); its RSS under 150 MB.
// The engine's CPU time per side (dockerd and containerd, when the engine runs here) is printed
// too: it hardly depends on other load, so it shows what each side costs the engine.
// --through-engine: termination-message files go through the engine's archive API, as for a
// runner that cannot reach the engine's volume directory (another machine, Docker Desktop, no root).
import { loadavg } from 'node:os';
import { createDockerClient } from '../client/src/runs/docker/docker-client';
import { DockerPodRuntime } from '../client/src/runs/docker/docker-pod-runtime';
import { startLocalRun } from '../client/src/runs/local-runner';
import { profileDockerCalls } from './docker-call-profile';
import { range, runChild, sampleMemory } from './bench-process';
import { engineCpuMs } from './engine-cpu';

const IMAGE = 'busybox:latest';
const MAX_RATIO = 1.2;
const MAX_RSS_MB = 150;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const completions = option('completions', 200);
const parallelism = option('parallelism', 10);
const profile = process.argv.includes('--profile');
const throughEngine = process.argv.includes('--through-engine');

interface DirectResult {
  ms: number;
  engineCpuMs?: number;
  peakRssMb: number;
}

interface RunnerResult {
  completeMs: number;
  deleteMs: number;
  /** Engine CPU to Complete, and for the deletion. */
  engineCpuMs?: number;
  deleteEngineCpuMs?: number;
  succeeded: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/** create + start + wait + remove of `true`, `parallelism` at a time. */
async function direct(): Promise<DirectResult> {
  const docker = createDockerClient();
  const calls = profile ? profileDockerCalls(docker) : undefined;
  const memory = sampleMemory();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < completions) {
      next += 1;
      const container = await docker.createContainer({ Image: IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' }, Labels: { 'kube-jobs.bench': 'direct' } });
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      if (StatusCode !== 0) throw new Error(`true exited ${StatusCode}`);
      await container.remove({ force: true });
    }
  };
  const cpu = engineCpuMs();
  const began = performance.now();
  await Promise.all(Array.from({ length: parallelism }, worker));
  const ms = performance.now() - began;
  const cpuAfter = engineCpuMs();
  if (calls) console.error(`direct, Docker calls:\n${calls.report()}`);
  return { ms, engineCpuMs: cpu === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpu, peakRssMb: memory.stop().peakRssMb };
}

async function runner(): Promise<RunnerResult> {
  const runtime = new DockerPodRuntime({ directFileAccess: !throughEngine });
  const calls = profile ? profileDockerCalls(runtime.docker) : undefined;
  await runtime.ready();
  const memory = sampleMemory();
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'bench' },
    spec: {
      completions,
      parallelism,
      backoffLimit: 0,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['true'] }] } },
    },
  };
  const cpu = engineCpuMs();
  const began = performance.now();
  const run = startLocalRun({ job, runtime });
  const finished = await run.finished();
  const completeMs = performance.now() - began;
  const cpuComplete = engineCpuMs();
  const deleting = performance.now();
  await run.delete();
  const deleteMs = performance.now() - deleting;
  const cpuDeleted = engineCpuMs();
  const difference = (from?: number, to?: number): number | undefined => (from === undefined || to === undefined ? undefined : to - from);
  const { peakRssMb, peakHeapMb } = memory.stop();
  runtime.dispose();
  if (calls) console.error(`runner, Docker calls:\n${calls.report()}`);
  return { completeMs, deleteMs, engineCpuMs: difference(cpu, cpuComplete), deleteEngineCpuMs: difference(cpuComplete, cpuDeleted), succeeded: finished.status.succeeded, peakRssMb, peakHeapMb };
}

async function child(kind: string): Promise<void> {
  const result = kind === 'direct' ? await direct() : await runner();
  console.log(JSON.stringify(result));
  process.exit(0);
}

async function main(): Promise<void> {
  await createDockerClient().ping();
  const rounds = option('rounds', 3);
  const directs: DirectResult[] = [];
  const runners: RunnerResult[] = [];
  const ratios: number[] = [];
  const files = throughEngine ? 'termination files through the engine' : 'termination files direct where reachable';
  console.log(`${completions} pods of \`true\`, ${parallelism} at a time; ${rounds} round(s), sides alternating; ${files}; load ${loadavg()[0].toFixed(1)}`);
  for (let round = 0; round < rounds; round += 1) {
    const sides = round % 2 === 0 ? (['direct', 'runner'] as const) : (['runner', 'direct'] as const);
    let d: DirectResult | undefined;
    let r: RunnerResult | undefined;
    for (const side of sides) {
      const args = ['--child', side, '--completions', String(completions), '--parallelism', String(parallelism), ...(profile ? ['--profile'] : []), ...(throughEngine ? ['--through-engine'] : [])];
      if (side === 'direct') d = await runChild<DirectResult>(import.meta.url, args);
      else r = await runChild<RunnerResult>(import.meta.url, args);
    }
    if (!d || !r) throw new Error('a side did not report');
    directs.push(d);
    runners.push(r);
    ratios.push(r.completeMs / d.ms);
    const cpu = (ms?: number): string => (ms === undefined ? '' : `, engine CPU ${(ms / 1000).toFixed(1)} s`);
    console.log(
      `round ${round + 1}: direct ${(d.ms / 1000).toFixed(1)} s${cpu(d.engineCpuMs)} | runner to Complete ${(r.completeMs / 1000).toFixed(1)} s${cpu(r.engineCpuMs)} (${r.succeeded} succeeded), delete ${(r.deleteMs / 1000).toFixed(1)} s${cpu(r.deleteEngineCpuMs)} | ratio ${(r.completeMs / d.ms).toFixed(2)} | runner peak RSS ${r.peakRssMb.toFixed(0)} MB, heap ${r.peakHeapMb.toFixed(0)} MB; direct RSS ${d.peakRssMb.toFixed(0)} MB | load ${loadavg()[0].toFixed(1)}`,
    );
  }
  const totalRatio = runners.reduce((s, r) => s + r.completeMs, 0) / directs.reduce((s, d) => s + d.ms, 0);
  const medianRatio = [...ratios].sort((a, b) => a - b)[Math.floor((ratios.length - 1) / 2)];
  const rss = Math.max(...runners.map((r) => r.peakRssMb));
  console.log(`direct ${range(directs.map((d) => d.ms / 1000), 1)} s; runner ${range(runners.map((r) => r.completeMs / 1000), 1)} s (+ delete ${range(runners.map((r) => r.deleteMs / 1000), 1)} s)`);
  const cpuRatios = runners.flatMap((r, i) => (r.engineCpuMs && directs[i].engineCpuMs ? [r.engineCpuMs / (directs[i].engineCpuMs ?? 1)] : []));
  if (cpuRatios.length > 0) console.log(`engine CPU runner/direct: ${range(cpuRatios, 2)} per round`);
  console.log(`ratio runner/direct: ${range(ratios, 2)} per round, median ${medianRatio.toFixed(2)}, ${totalRatio.toFixed(2)} summed (target: median ≤ ${MAX_RATIO}); runner peak RSS ${rss.toFixed(0)} MB (target < ${MAX_RSS_MB})`);
  const failures = [
    ...(medianRatio > MAX_RATIO ? [`runner took ${medianRatio.toFixed(2)}× the direct runs (median of the rounds)`] : []),
    ...(rss >= MAX_RSS_MB ? [`runner RSS reached ${rss.toFixed(0)} MB`] : []),
    ...(runners.some((r) => r.succeeded !== completions) ? ['a run did not complete every pod'] : []),
  ];
  for (const failure of failures) console.log(`MISSED: ${failure}`);
  process.exit(failures.length > 0 ? 1 : 0);
}

const childAt = process.argv.indexOf('--child');
void (childAt >= 0 ? child(process.argv[childAt + 1]) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
