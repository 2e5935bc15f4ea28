// What the Job controller puts on each pod it creates: the name, the labels and annotations,
// and for Indexed Jobs the completion index (annotation, label, JOB_COMPLETION_INDEX, hostname).
import { randomInt } from 'node:crypto';
import type { PodLaunch } from '../pod-runtime';
import type { JobSpec } from './job-spec';
import {
  COMPLETION_INDEX_KEY,
  CONTROLLER_UID_LABEL,
  INDEX_FAILURE_COUNT_ANNOTATION,
  INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from '@shared/job-facts';

// The alphabet of Kubernetes' generated names: no vowels, no look-alike characters.
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function randomNameSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
  return suffix;
}

/** `<job>-<5 random>`, or `<job>-<index>-<5 random>` for Indexed Jobs; the prefix is cut to 58 characters as generateName does. */
export function podName(jobName: string, index: number | undefined, suffix: string): string {
  const prefix = index === undefined ? `${jobName}-` : `${jobName}-${index}-`;
  return `${prefix.slice(0, 58)}${suffix}`;
}

export interface PodIdentity {
  runId: string;
  namespace: string;
  jobUid: string;
  podName: string;
  podUid: string;
  index?: number;
  /** Failures of this index so far (backoffLimitPerIndex). */
  indexFailureCount?: number;
  /** Failures of this index the pod failure policy ignored so far. */
  indexIgnoredFailureCount?: number;
}

function withCompletionIndexEnv(podSpec: Record<string, unknown>): Record<string, unknown> {
  // As the Job controller does: every container (init ones too) reads the index from the annotation.
  const env = {
    name: 'JOB_COMPLETION_INDEX',
    valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } },
  };
  const addTo = (list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((c: Record<string, unknown>) => ({ ...c, env: [...(Array.isArray(c.env) ? (c.env as unknown[]) : []), env] }))
      : list;
  const spec: Record<string, unknown> = { ...podSpec, containers: addTo(podSpec.containers) };
  if (podSpec.initContainers !== undefined) spec.initContainers = addTo(podSpec.initContainers);
  return spec;
}

export function podLaunch(job: JobSpec, identity: PodIdentity, configMaps: PodLaunch['configMaps'], secrets: PodLaunch['secrets']): PodLaunch {
  const labels: Record<string, string> = {
    ...job.templateLabels,
    [CONTROLLER_UID_LABEL]: identity.jobUid,
    [JOB_NAME_LABEL]: job.name,
    [LEGACY_CONTROLLER_UID_LABEL]: identity.jobUid,
    [LEGACY_JOB_NAME_LABEL]: job.name,
  };
  const annotations: Record<string, string> = { ...job.templateAnnotations };
  let spec = structuredClone(job.podSpec);
  let hostname = identity.podName;
  if (identity.index !== undefined) {
    labels[COMPLETION_INDEX_KEY] = String(identity.index);
    annotations[COMPLETION_INDEX_KEY] = String(identity.index);
    if (job.backoffLimitPerIndex !== undefined) {
      annotations[INDEX_FAILURE_COUNT_ANNOTATION] = String(identity.indexFailureCount ?? 0);
      // As the Job controller does: absent until a failure was ignored (absent means zero).
      if (identity.indexIgnoredFailureCount) annotations[INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(identity.indexIgnoredFailureCount);
    }
    hostname = `${job.name}-${identity.index}`;
    spec = { ...withCompletionIndexEnv(spec), hostname };
  }
  return {
    runId: identity.runId,
    namespace: identity.namespace,
    jobName: job.name,
    podName: identity.podName,
    uid: identity.podUid,
    index: identity.index,
    hostname,
    labels,
    annotations,
    spec,
    configMaps,
    secrets,
  };
}
