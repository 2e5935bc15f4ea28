// Runs a manifest end to end on the real engine: startLocalRun driving a DockerPodRuntime,
// with short back-off, and checks afterwards that the run left nothing on the engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRun, type LocalRunHandle } from '../../../client/src/runs/local-runner';
import { readManifest, selectWorkload } from '../../../client/src/runs/manifest';
import type { DockerPodRuntime } from '../../../client/src/runs/docker/docker-pod-runtime';
import { findRuns, removeRun } from '../../../client/src/runs/docker/cleanup';
import type { PodModel, Run, RunChange } from '../../../client/src/runs/model';
import { uniqueId } from './runtime-harness';

export const repoRoot = join(__dirname, '..', '..', '..');
export const seedsDir = join(repoRoot, 'test', 'fixtures', 'seeds');

/** The YAML code blocks of a seed note that hold a Job or CronJob. */
export function seedManifests(file: string): string[] {
  const text = readFileSync(join(seedsDir, file), 'utf8');
  const blocks = [...text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => dedent(m[1]));
  return blocks.filter((b) => /^kind:\s*(Job|CronJob)\s*$/m.test(b) && /^apiVersion:/m.test(b));
}

/** Code blocks inside list items are indented: strip the common indentation. */
function dedent(block: string): string {
  const lines = block.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function example(name: string): string {
  return readFileSync(join(repoRoot, 'examples', name), 'utf8');
}

export interface Scenario {
  handle: LocalRunHandle;
  /** Every pod as it was last reported, including pods removed since. */
  pods: Map<string, PodModel>;
  /** The most pods that ran at the same time, from container start and finish times. */
  maxConcurrentPods(run: Run): number;
}

export function runScenario(runtime: DockerPodRuntime, manifestText: string, jobName?: string): Scenario {
  const manifest = readManifest('scenario.yaml', manifestText);
  const handle = startLocalRun({
    job: selectWorkload(manifest, jobName),
    configMaps: manifest.configMaps,
    secrets: manifest.secrets,
    runtime,
    backoffScale: 0.01,
    runId: uniqueId('kjs'),
  });
  const pods = new Map<string, PodModel>();
  handle.onDidChange((change: RunChange) => {
    if (change.kind === 'pod') pods.set(change.pod.name, change.pod);
  });
  return { handle, pods, maxConcurrentPods };
}

function maxConcurrentPods(run: Run): number {
  const points: [number, number][] = [];
  for (const pod of run.pods) {
    const times = pod.containers.flatMap((c) => ('terminated' in c.state ? [c.state.terminated] : []));
    const start = Math.min(...times.map((t) => Date.parse(t.startedAt ?? t.finishedAt)));
    const end = Math.max(...times.map((t) => Date.parse(t.finishedAt)));
    if (Number.isFinite(start)) points.push([start, 1], [end, -1]);
  }
  // Ends sort before starts at the same instant: a pod that ended as another began did not overlap.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of points) max = Math.max(max, (now += delta));
  return max;
}

/** Deletes the run and asserts that nothing labelled with it is left on the engine. */
export async function deleteAndCheck(runtime: DockerPodRuntime, handle: LocalRunHandle): Promise<void> {
  await handle.delete();
  const left = await findRuns(runtime.docker, handle.id);
  await removeRun(runtime.docker, handle.id);
  assert.deepEqual(left, [], `run ${handle.id} left containers or volumes behind after delete`);
}

/** Runs the manifest to its end, hands the final Run to `check`, then deletes the run (checked). */
export async function finishScenario(runtime: DockerPodRuntime, manifestText: string, check: (run: Run, scenario: Scenario) => Promise<void> | void, jobName?: string): Promise<void> {
  const scenario = runScenario(runtime, manifestText, jobName);
  try {
    await check(await scenario.handle.finished(), scenario);
  } finally {
    await deleteAndCheck(runtime, scenario.handle);
  }
}

/** Every line of a container's log. */
export async function logTexts(handle: LocalRunHandle, pod: string, container: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of handle.logs(pod, container)) lines.push(line.text);
  return lines;
}

/** A Job of one busybox container running `script` once (no retry). */
export function scriptJob(name: string, script: string): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    `metadata: { name: ${name} }`,
    'spec:',
    '  backoffLimit: 0',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    `      containers: [{ name: main, image: "busybox:latest", imagePullPolicy: Never, command: ["sh", "-c", ${JSON.stringify(script)}] }]`,
    '',
  ].join('\n');
}
