// "Run now" for a CronJob: a Job made from its jobTemplate the way
// `kubectl create job --from=cronjob/NAME` makes it.
import { randomBytes } from 'node:crypto';
import { MAX_LABEL_LENGTH } from '@shared/job-facts';
import type { KubeObject } from './manifest';

const MANUAL_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

/** A Job name no longer than 63 characters: `<cronjob>-manual-<5 random>`. */
export function manualJobName(cronJobName: string): string {
  const suffix = `-manual-${randomBytes(4).toString('hex').slice(0, 5)}`;
  return `${cronJobName.slice(0, MAX_LABEL_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
}

export function jobFromCronJob(cronJob: KubeObject, name = manualJobName(cronJob.metadata?.name ?? 'cronjob')): KubeObject {
  const template = ((cronJob.spec as { jobTemplate?: { metadata?: KubeObject['metadata']; spec?: unknown } } | undefined)?.jobTemplate) ?? {};
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: cronJob.metadata?.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}), [MANUAL_ANNOTATION]: 'manual' },
    },
    spec: structuredClone(template.spec ?? {}),
  };
}
