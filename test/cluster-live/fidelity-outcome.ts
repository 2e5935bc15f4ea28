// Runs one Job on the local Docker runner and on a real cluster, and reduces how each ended to
// one comparable shape: conditions, counts, indexes, pods created and how each pod ended.
// Times, names and uids are left out: they differ by nature, the outcome must not.
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { startClusterRun } from '../../client/src/runs/cluster/start-cluster-run';
import type { DockerPodRuntime } from '../../client/src/runs/docker/docker-pod-runtime';
import { startLocalRun, type LocalRunHandle } from '../../client/src/runs/local-runner';
import type { KubeObject } from '../../client/src/runs/manifest';
import { RunGone, type ContainerModel, type ContainerState, type PodModel, type Run, type RunHandle } from '../../client/src/runs/model';
import { deleteAndCheck } from '../support/docker/local-scenario';
import { uniqueId } from '../support/docker/runtime-harness';
import { retryRefused } from './retry-refused';
import { untilRun } from './live-runs';

/** How a Job ended, in terms both targets share. */
export interface Outcome {
  /** "Type=Status:Reason", sorted. */
  conditions: string[];
  succeeded: number;
  failed: number;
  active: number;
  terminating: number;
  completedIndexes?: string;
  failedIndexes?: string;
  /** Every pod the Job created, including those deleted since. */
  podsCreated: number;
  /** One line per pod, sorted: its index, phase and reason, each container's end, restarts and previous end; "deleted" for pods the controller deleted. */
  pods: string[];
  /** Set when the run went away on its own (a TTL). */
  removedBy?: string;
}

/** What a case may do to a run while it goes: resume it, for one. */
export interface RunControl {
  handle: RunHandle;
  /** Sets spec.suspend, as `kubectl patch job … suspend` does. */
  setSuspended(suspended: boolean): Promise<void>;
  /** Resolves once the run satisfies `predicate`. */
  until(what: string, predicate: (run: Run) => boolean, timeoutMs?: number): Promise<Run>;
}

export interface FidelityTargets {
  runtime: DockerPodRuntime;
  connection: () => ClusterConnection;
  namespace: string;
  /** Local back-off multiplier: counts and reasons are compared, not timing. */
  backoffScale: number;
}

export type Drive = (control: RunControl) => Promise<void>;

const WAIT = 150_000;

/** Runs `job` on both targets at once and gives each one's outcome. `name` must be unique in the namespace. */
export async function runOnBoth(targets: FidelityTargets, name: string, job: KubeObject, drive?: Drive): Promise<{ local: Outcome; cluster: Outcome }> {
  const manifest = { ...job, metadata: { ...(job.metadata ?? {}), name } } as KubeObject;
  const [local, cluster] = await Promise.all([runLocal(targets, manifest, drive), runCluster(targets, manifest, drive)]);
  return { local, cluster };
}

async function runLocal(targets: FidelityTargets, job: KubeObject, drive?: Drive): Promise<Outcome> {
  const handle: LocalRunHandle = startLocalRun({ job, runtime: targets.runtime, backoffScale: targets.backoffScale, runId: uniqueId('fid') });
  try {
    return await followRun(handle, (suspended) => handle.setSuspended(suspended), drive);
  } finally {
    await deleteAndCheck(targets.runtime, handle);
  }
}

async function runCluster(targets: FidelityTargets, job: KubeObject, drive?: Drive): Promise<Outcome> {
  const connection = targets.connection();
  const name = job.metadata?.name as string;
  const run = await retryRefused(() => startClusterRun({ connection, objects: [job as Record<string, unknown>] }));
  try {
    const setSuspended = async (suspend: boolean) => {
      await retryRefused(() =>
        connection.call(`suspend job/${name}`, () =>
          connection.batch.patchNamespacedJob({ name, namespace: targets.namespace, body: { spec: { suspend } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
        ),
      );
    };
    return await followRun(run, setSuspended, drive);
  } finally {
    run.dispose();
  }
}

async function followRun(handle: RunHandle, setSuspended: (suspended: boolean) => Promise<void>, drive?: Drive): Promise<Outcome> {
  const seen = new Map<string, PodModel>();
  // Pods deleted before they ended on their own (by the Job controller): their last state is the
  // kubelet's timing, not the Job's outcome. Pods removed after they ended (a TTL) keep their end.
  const deleted = new Set<string>();
  const ended = (pod: PodModel | undefined) => pod?.phase === 'Succeeded' || pod?.phase === 'Failed';
  const note = (pod: PodModel) => {
    if (pod.deletionTimestamp && !ended(seen.get(pod.name)) && !ended(pod)) deleted.add(pod.name);
    seen.set(pod.name, pod);
  };
  let removedBy: string | undefined;
  let removed: () => void = () => {};
  const removal = new Promise<void>((resolve) => (removed = resolve));
  const subscription = handle.onDidChange((change) => {
    if (change.kind === 'pod') note(change.pod);
    else if (change.kind === 'podRemoved' && !ended(seen.get(change.name))) deleted.add(change.name);
    else if (change.kind === 'removed') {
      removedBy = change.cause;
      removed();
    }
  });
  handle.snapshot().pods.forEach(note);
  const until = (what: string, predicate: (run: Run) => boolean, timeoutMs = WAIT) => untilRun(handle, what, predicate, timeoutMs);
  try {
    if (drive) await drive({ handle, setSuspended, until });
    let final: Run;
    try {
      final = await handle.finished();
    } catch (error) {
      if (!(error instanceof RunGone)) throw error;
      final = error.last;
    }
    // A TTL removes the Job and its pods some time after it finished.
    if ((handle.snapshot().job.spec as { ttlSecondsAfterFinished?: number } | undefined)?.ttlSecondsAfterFinished !== undefined && !removedBy && !handle.removedBy) {
      await removal;
    }
    // The pods' own ends arrive after the Job's: wait until none runs any more (a TTL removes them all).
    if (!removedBy && !handle.removedBy) {
      const settled = await until('its pods have ended', (r) => r.pods.every((p) => p.phase === 'Succeeded' || p.phase === 'Failed' || deleted.has(p.name)), 60_000);
      settled.pods.forEach(note);
    }
    return outcomeOf(final, seen, deleted, removedBy ?? handle.removedBy);
  } finally {
    subscription.dispose();
  }
}

export function outcomeOf(run: Run, pods: Map<string, PodModel>, deleted: Set<string>, removedBy?: string): Outcome {
  const { status } = run;
  return {
    conditions: status.conditions.map((c) => `${c.type}=${c.status}:${c.reason ?? ''}`).sort(),
    succeeded: status.succeeded,
    failed: status.failed,
    active: status.active,
    terminating: status.terminating ?? 0,
    ...(status.completedIndexes ? { completedIndexes: status.completedIndexes } : {}),
    ...(status.failedIndexes ? { failedIndexes: status.failedIndexes } : {}),
    podsCreated: pods.size,
    pods: [...pods.values()].map((pod) => podLine(pod, deleted.has(pod.name))).sort(),
    ...(removedBy ? { removedBy } : {}),
  };
}

function podLine(pod: PodModel, deleted: boolean): string {
  const index = pod.index === undefined ? '' : `#${pod.index} `;
  if (deleted) return `${index}deleted`;
  const containers = (list: ContainerModel[]) => list.map(containerEnd).join(' ');
  const init = pod.initContainers.length ? `init[${containers(pod.initContainers)}] ` : '';
  const reason = pod.reason ? ` (${pod.reason})` : '';
  return `${index}${pod.phase}${reason} ${init}[${containers(pod.containers)}]`;
}

function containerEnd(container: ContainerModel): string {
  const restarts = container.restartCount ? ` restarts=${container.restartCount}` : '';
  const last = container.lastState ? ` last=${stateText(container.lastState)}` : '';
  return `${container.name}:${stateText(container.state)}${restarts}${last}`;
}

function stateText(state: ContainerState): string {
  return 'terminated' in state ? `${state.terminated.exitCode}/${state.terminated.reason}` : 'waiting' in state ? `waiting/${state.waiting.reason}` : 'running';
}

/**
 * Runs `job` on both targets until `predicate` holds on each (a Job that would not end by itself),
 * then deletes both; gives each outcome as it was at that moment.
 */
export async function runUntilBoth(targets: FidelityTargets, name: string, job: KubeObject, predicate: (run: Run) => boolean): Promise<{ local: Outcome; cluster: Outcome }> {
  const manifest = { ...job, metadata: { ...(job.metadata ?? {}), name } } as KubeObject;
  const pods = (run: Run) => outcomeOf(run, new Map(run.pods.map((pod) => [pod.name, pod])), new Set());
  const onLocal = async () => {
    const handle = startLocalRun({ job: manifest, runtime: targets.runtime, backoffScale: targets.backoffScale, runId: uniqueId('fid') });
    try {
      return pods(await untilRun(handle, 'the predicate holds', predicate, WAIT));
    } finally {
      await deleteAndCheck(targets.runtime, handle);
    }
  };
  const onCluster = async () => {
    const run = await retryRefused(() => startClusterRun({ connection: targets.connection(), objects: [manifest as Record<string, unknown>] }));
    try {
      return pods(await untilRun(run, 'the predicate holds', predicate, WAIT));
    } finally {
      await run.delete();
      run.dispose();
    }
  };
  const [local, cluster] = await Promise.all([onLocal(), onCluster()]);
  return { local, cluster };
}
