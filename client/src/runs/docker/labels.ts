// Names and labels of everything the Docker runtime creates. Labels are how a run's containers
// and volumes are found again (events, cleanup, another process) without any state file.
import { hostname } from 'node:os';
import type { PodLaunch } from '../pod-runtime';

export const LABEL_PREFIX = 'dev.kube-jobs/';

export const Label = {
  run: `${LABEL_PREFIX}run`,
  job: `${LABEL_PREFIX}job`,
  namespace: `${LABEL_PREFIX}namespace`,
  pod: `${LABEL_PREFIX}pod`,
  podUid: `${LABEL_PREFIX}pod-uid`,
  index: `${LABEL_PREFIX}index`,
  container: `${LABEL_PREFIX}container`,
  restartCount: `${LABEL_PREFIX}restart-count`,
  /** "sandbox" (the pod's holder of namespaces and volumes) or "container" (a Kubernetes container). */
  role: `${LABEL_PREFIX}role`,
  volume: `${LABEL_PREFIX}volume`,
  /** host/pid of the process that created the resource, to tell a crashed run from a live one. */
  owner: `${LABEL_PREFIX}owner`,
} as const;

export type ResourceRole = 'sandbox' | 'container';

export type PodIdentity = Pick<PodLaunch, 'runId' | 'namespace' | 'jobName' | 'podName' | 'uid' | 'index'>;

export function ownerLabel(): string {
  return `${hostname()}/${process.pid}`;
}

export function podLabels(pod: PodIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    [Label.run]: pod.runId,
    [Label.job]: pod.jobName,
    [Label.namespace]: pod.namespace,
    [Label.pod]: pod.podName,
    [Label.podUid]: pod.uid,
    [Label.owner]: ownerLabel(),
  };
  if (pod.index !== undefined) labels[Label.index] = String(pod.index);
  return labels;
}

// Kubernetes names never hold "_" or upper case, so these names cannot collide with a
// Kubernetes container or volume name of the same pod.
export const sandboxName = (pod: string): string => `${pod}_POD`;
export const instanceName = (pod: string, container: string, restartCount: number): string => `${pod}_${container}_${restartCount}`;
export const volumeName = (pod: string, volume: string): string => `${pod}_${volume}`;
export const terminationVolumeName = (pod: string): string => `${pod}_TERMINATION`;

/** Docker's filter syntax for "labelled with this key (and value)". */
export function labelFilter(key: string, value?: string): string {
  return value === undefined ? key : `${key}=${value}`;
}
