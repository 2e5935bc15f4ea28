// What Kubernetes does with a Job by default, for the run engine that imitates it and the
// language server that explains it: written once, so that the two never disagree.

/** spec.backoffLimit when it is not written (and backoffLimitPerIndex is not set). */
export const DEFAULT_BACKOFF_LIMIT = 6;
/** The largest int32: spec.backoffLimit's default when backoffLimitPerIndex is set. */
export const MAX_INT32 = 2147483647;
/** The pod's terminationGracePeriodSeconds when it is not written. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** A pod spec's terminationGracePeriodSeconds, else the default: what a pod being deleted is given. */
export function terminationGracePeriodSeconds(podSpec: { terminationGracePeriodSeconds?: unknown } | undefined): number {
  const grace = podSpec?.terminationGracePeriodSeconds;
  return typeof grace === 'number' && grace >= 0 ? grace : DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
}

/** The first delay of every back-off: the Job controller's and the kubelet's. */
export const BACKOFF_START_SECONDS = 10;
/** Job controller: a failed pod is replaced after 10 s, 20 s, 40 s … capped at 6 minutes. */
export const POD_BACKOFF_CAP_SECONDS = 6 * 60;
/** Kubelet: a container restarted in place, or one that could not start, waits at most 5 minutes. */
export const CONTAINER_BACKOFF_CAP_SECONDS = 5 * 60;

/** The delay before the `attempt`-th retry (from 1): 10 s doubled each time, up to `capSeconds`. */
export function backoffSeconds(attempt: number, capSeconds: number): number {
  // Past 2^30 the cap has long been reached; the bound keeps the power finite.
  return Math.min(BACKOFF_START_SECONDS * 2 ** Math.min(Math.max(attempt, 1) - 1, 30), capSeconds);
}

/** The labels the Job controller puts on its pods (and reserves in a pod template). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
/** An Indexed Job pod's index: an annotation and a label of this name. */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** A DNS-1123 label (a Job's name, a label value, a container's name, a hostname): at most 63 characters. */
export const MAX_LABEL_LENGTH = 63;
/** A DNS-1123 subdomain (an object's name): at most 253 characters. */
export const MAX_SUBDOMAIN_LENGTH = 253;
/** A CronJob's Jobs are named `<name>-<minutes since epoch>`, 11 characters more than its own. */
export const MAX_CRONJOB_NAME_LENGTH = MAX_LABEL_LENGTH - 11;
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
