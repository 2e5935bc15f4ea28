// The Run model: one vocabulary for every target. A Run has the Job it runs, pods with phases
// and container states, a status shaped like Kubernetes' Job status, and events. The tree view,
// the logs and the CLI consume this, whichever target (local Docker or a cluster) produced it.
import type { Disposable } from './emitter';

export type TargetKind = 'docker' | 'cluster';

export type JobConditionType = 'Complete' | 'Failed' | 'Suspended' | 'SuccessCriteriaMet' | 'FailureTarget';

export interface JobCondition {
  type: JobConditionType;
  status: 'True' | 'False';
  /** BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, MaxFailedIndexesExceeded, FailedIndexes, CompletionsReached, … */
  reason?: string;
  message?: string;
  /** RFC 3339, as Kubernetes writes times. */
  lastTransitionTime: string;
}

/** Shaped like batch/v1 JobStatus. */
export interface RunStatus {
  active: number;
  ready: number;
  succeeded: number;
  failed: number;
  terminating: number;
  startTime?: string;
  completionTime?: string;
  /** Indexed Jobs: "0-3,5". */
  completedIndexes?: string;
  failedIndexes?: string;
  conditions: JobCondition[];
}

export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | { terminated: { exitCode: number; reason: string; message?: string; signal?: number; startedAt?: string; finishedAt: string } };

export type ContainerRole = 'init' | 'sidecar' | 'main';

export interface ContainerModel {
  name: string;
  image: string;
  role: ContainerRole;
  state: ContainerState;
  /** The previous run's final state, after a restart (OnFailure). */
  lastState?: ContainerState;
  restartCount: number;
  ready: boolean;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodModel {
  name: string;
  uid: string;
  /** The completion index of an Indexed Job's pod. */
  index?: number;
  phase: PodPhase;
  /** "local" for the Docker target, the node name on a cluster. */
  node?: string;
  /** Pod-level reason, e.g. DeadlineExceeded for a pod's activeDeadlineSeconds. */
  reason?: string;
  message?: string;
  createdAt: string;
  startTime?: string;
  /** When every container had terminated. */
  finishedAt?: string;
  /** Set while the pod is being stopped. */
  deletionTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  initContainers: ContainerModel[];
  containers: ContainerModel[];
}

export interface RunEvent {
  type: 'Normal' | 'Warning';
  /** SuccessfulCreate, SuccessfulDelete, BackoffLimitExceeded, DeadlineExceeded, Completed, Pulled, Failed, … */
  reason: string;
  message: string;
  /** What the event is about: "job/NAME" or "pod/NAME". */
  involvedObject: string;
  time: string;
  count?: number;
}

export interface Run {
  /** Unique for the target: the local run id, or namespace/name@uid on a cluster. */
  id: string;
  target: TargetKind;
  /** kubeconfig context, for cluster runs. */
  context?: string;
  namespace: string;
  jobName: string;
  /** The CronJob this Job was made from, if any. */
  cronJobName?: string;
  /** The Job object as submitted (apiVersion, kind, metadata, spec), defaults not filled in. */
  job: Record<string, unknown>;
  status: RunStatus;
  pods: PodModel[];
  events: RunEvent[];
}

export interface LogLine {
  pod: string;
  container: string;
  stream: 'stdout' | 'stderr';
  /** The line without its trailing newline. */
  text: string;
  /** RFC 3339 with nanoseconds where the target gives them. */
  time: string;
}

/**
 * Why a run went away: its ttlSecondsAfterFinished ended, this process deleted it (Delete,
 * Ctrl+C), or something else did (another process, `kubectl delete`, a DELETE through the API).
 */
export type RemovalCause = 'ttl' | 'deleted' | 'deletedElsewhere';

export type RunChange =
  | { kind: 'status'; status: RunStatus }
  | { kind: 'pod'; pod: PodModel }
  | { kind: 'podRemoved'; name: string }
  | { kind: 'event'; event: RunEvent }
  /** `last` is the run as it was last seen (its final status, when it had finished): what to keep showing. */
  | { kind: 'removed'; cause?: RemovalCause; last?: Run };

export interface LogOptions {
  /** Also lines written after the call, until the container ends. */
  follow?: boolean;
  /** The previous (restarted) container's output. */
  previous?: boolean;
  since?: string;
}

/** A run being followed: a snapshot, a stream of changes, logs, and the ways to end it. */
export interface RunHandle {
  readonly id: string;
  snapshot(): Run;
  onDidChange(listener: (change: RunChange) => void): Disposable;
  logs(pod: string, container: string, options?: LogOptions): AsyncIterable<LogLine>;
  /**
   * Resolves with the final Run once the Job has a Complete or Failed condition (also when its
   * TTL removes it at once); rejects with RunGone when it is removed before it finished.
   */
  finished(): Promise<Run>;
  /** Stops the Job's pods (grace period, then kill); the run and its logs stay. */
  stop(): Promise<void>;
  /** Removes everything the run created, logs included. */
  delete(): Promise<void>;
  /** Set once the run is removed or being removed, and why (a TTL of 0 removes it as it finishes). */
  readonly removedBy?: RemovalCause;
}

export function isFinished(status: RunStatus): boolean {
  return status.conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function finishedCondition(status: RunStatus): JobCondition | undefined {
  return status.conditions.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The run was removed before it finished: its outcome can no longer arrive. */
export class RunGone extends Error {
  constructor(
    message: string,
    readonly removal: RemovalCause,
    /** The run as it was last seen. */
    readonly last: Run,
  ) {
    super(message);
  }
}
