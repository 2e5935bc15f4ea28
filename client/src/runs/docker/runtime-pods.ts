// What the Docker runtime keeps of each pod it runs: its launch, sandbox, volumes, and every
// instance of each container (one per start, restarts included).
import type { PodLaunch } from '../pod-runtime';
import type { ContainerSpec, PodSpec } from './pod-spec';
import type { VolumePlan } from './pod-volumes';
import type { Sandbox } from './sandbox';

export interface Instance {
  id: string;
  container: ContainerSpec;
  restartCount: number;
  started: boolean;
  exited: boolean;
  /** Event handling for this instance, in order: started is always reported before exited. */
  work: Promise<void>;
  /** The engine sent an "oom" event for it, or the kernel counted an OOM kill in its memory cgroup. */
  oomKilled?: boolean;
  /** Called on that news: an exit being reported may be waiting for it. */
  onOom?: () => void;
  /** Stopped on request: an exit 137 is the kill after the grace period, not the memory limit. */
  stopRequested?: boolean;
}

export interface Pod {
  launch: PodLaunch;
  spec: PodSpec;
  labels: Record<string, string>;
  volumes: VolumePlan[];
  volumePaths: Map<string, string>;
  terminationPath: string;
  sandbox: Sandbox;
  instances: Map<string, Instance[]>;
  /** startContainer calls under way: the sandbox must not be stopped under them. */
  starting: number;
  /** Memory-backed emptyDirs live only while mounted: their pod's sandbox never idles out. */
  keepSandbox: boolean;
}

/** The kernel killed a process of the instance for its memory limit. */
export function noteOomKill(instance: Instance): void {
  // Not queued behind the instance's reports: the exit report ahead in the queue may be waiting for this very news.
  instance.oomKilled = true;
  instance.onOom?.();
}

/** Nothing of the pod runs, and nothing is being started. */
export function isIdle(pod: Pod): boolean {
  if (pod.starting > 0) return false;
  for (const runs of pod.instances.values()) if (runs.some((r) => !r.exited)) return false;
  return true;
}
