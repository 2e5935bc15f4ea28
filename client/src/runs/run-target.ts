// Where a run goes: the local Docker engine or a kube context. The editor and the CLI start
// runs through this one shape, so neither cares which target it is.
import type { KubeObject, ManifestObjects } from './manifest';
import type { RunHandle, TargetKind } from './model';

export interface StartRequest {
  manifest: ManifestObjects;
  /** The Job to run, or the CronJob to "run now" (a Job made from its jobTemplate). */
  workload: KubeObject;
  /** The user agreed to host paths, privileged containers and host namespaces. */
  allowHostAccess: boolean;
  /** Progress messages while the run is being prepared ("creating job/x"). */
  report?: (message: string) => void;
  /** Something the user should know that does not stop the run (a journal folder others can read). */
  warn?: (message: string) => void;
  /**
   * The Job already exists on the cluster (or an update was refused as immutable): delete it
   * and run again, run a copy under a fresh name, or give up (undefined).
   */
  resolveConflict?: (jobName: string, reason: string) => Promise<ConflictResolution | undefined>;
  /** What the starter needs to present the run again after a restart (a local run keeps it in its journal). */
  origin?: unknown;
}

export type ConflictResolution = 'replace' | 'copy';

export interface RunTarget {
  readonly kind: TargetKind;
  /** "Local Docker", or the kube context's name. */
  readonly label: string;
  readonly namespace: string;
  start(request: StartRequest): Promise<RunHandle>;
}

/** What the user chose to run on, as remembered per workspace. */
export type TargetChoice = { kind: 'docker' } | { kind: 'cluster'; context?: string; namespace?: string };

export const LOCAL_DOCKER_LABEL = 'Local Docker';
