// The contract between the run engine's pure state machine (client/src/runs/controller/) and
// whatever executes pods (client/src/runs/docker/). The runtime is a plain executor: it creates
// a pod's sandbox and volumes, starts, stops and removes containers, and reports raw facts.
// Every decision (ordering of init containers, restarts and their back-off, deadlines, retries,
// the Job's status) is the state machine's, so that all of it runs on an injected clock.
import type { Disposable } from './emitter';
import type { KubeObject } from './manifest';
import type { LogLine, LogOptions } from './model';

/** Everything needed to create one pod. */
export interface PodLaunch {
  runId: string;
  namespace: string;
  jobName: string;
  podName: string;
  uid: string;
  /** Completion index of an Indexed Job's pod. */
  index?: number;
  /** `<job>-<index>` for Indexed Jobs, else the pod name. */
  hostname: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The pod template's spec (a core/v1 PodSpec as plain JSON), unchanged. */
  spec: Record<string, unknown>;
  /** ConfigMaps and Secrets the pod may refer to (env, envFrom, volumes). */
  configMaps: readonly KubeObject[];
  secrets: readonly KubeObject[];
}

export type RuntimeEvent =
  | {
      type: 'containerStarted';
      pod: string;
      container: string;
      startedAt: string;
      /** Which run of the container this is (0, then 1 after a restart in place…), when the runtime knows. */
      attempt?: number;
    }
  | {
      type: 'containerExited';
      pod: string;
      container: string;
      attempt?: number;
      exitCode: number;
      /** Killed for exceeding its memory limit: reported as OOMKilled. */
      oomKilled: boolean;
      startedAt?: string;
      finishedAt: string;
      /** The container's termination message (terminationMessagePath), if any. */
      message?: string;
    }
  | {
      type: 'containerNotStarted';
      pod: string;
      container: string;
      /** ErrImagePull, ErrImageNeverPull, CreateContainerConfigError, CreateContainerError, RunContainerError … */
      reason: string;
      message: string;
      /** The runtime may try again later (a missing image can appear) rather than giving up. */
      retryable: boolean;
    }
  | { type: 'warning'; pod: string; reason: string; message: string }
  /**
   * The engine itself went away (or came back): the run engine decides what it means for the run.
   * `engine` names it in messages ("Docker engine").
   */
  | { type: 'engineLost'; engine?: string; message: string }
  | { type: 'engineRestored'; engine?: string };

/** A refusal before anything was created: an unsupported volume, host path without consent… */
export class PodRefused extends Error {}

export interface PodRuntime {
  /** Creates the pod's sandbox (shared network namespace and hostname) and volumes; starts nothing. */
  createPod(launch: PodLaunch): Promise<void>;
  /** Starts (or starts again, for a restart in place) one container of a created pod. */
  startContainer(pod: string, container: string): Promise<void>;
  /** Stops the named containers (all when omitted): SIGTERM, then SIGKILL after the grace period. */
  stopContainers(pod: string, gracePeriodSeconds: number, containers?: readonly string[]): Promise<void>;
  /** Removes the pod's containers, sandbox and volumes. Its logs go with them. */
  removePod(pod: string): Promise<void>;
  /**
   * Takes over pods of `runId` that another process created (found again by their labels), and
   * reports, as events with their `attempt`, every start and exit of their containers — those
   * reported before included: the caller drops what it already knew. Pods of the run not named
   * have ended; whatever of them still runs idle is stopped.
   */
  adoptPods(runId: string, pods: readonly PodLaunch[]): Promise<void>;
  /** Stops now what would be stopped after an idle delay (sandboxes of pods with nothing running): the process is about to leave. */
  settle(): Promise<void>;
  onEvent(listener: (event: RuntimeEvent) => void): Disposable;
  logs(pod: string, container: string, options?: LogOptions): AsyncIterable<LogLine>;
}
