// Every diagnostic code the service can report, with its default severity. The codes are stable:
// users turn them off or change their severity with the `kubeJobs.rules` setting.
import type { Severity } from '../diagnostics';

export const RULES = {
  'yaml-syntax': { severity: 'error', about: 'YAML that does not parse' },
  'duplicate-key': { severity: 'error', about: 'the same key twice in one mapping' },
  'unknown-field': { severity: 'error', about: 'a field the Kubernetes API does not have' },
  'wrong-type': { severity: 'error', about: 'a value of the wrong type' },
  'missing-required': { severity: 'error', about: 'a required field is missing' },
  'enum-value': { severity: 'error', about: 'a value outside the allowed values' },
  'field-version': { severity: 'warning', about: 'a field newer than the target Kubernetes version' },
  'api-version': { severity: 'error', about: 'an apiVersion the API server does not serve' },
  'restart-policy': { severity: 'error', about: 'a Job pod template without restartPolicy Never or OnFailure' },
  'invalid-name': { severity: 'error', about: 'a name that is not a valid DNS-1123 name or is too long' },
  'invalid-label': { severity: 'error', about: 'a label or annotation key or value the API server rejects' },
  'out-of-range': { severity: 'error', about: 'a number outside the bounds the API server accepts' },
  'indexed-completions': { severity: 'error', about: 'completionMode Indexed without completions' },
  'backoff-limit-per-index': { severity: 'error', about: 'backoffLimitPerIndex or maxFailedIndexes without their preconditions' },
  'success-policy': { severity: 'error', about: 'a successPolicy the API server rejects' },
  'pod-failure-policy': { severity: 'error', about: 'a podFailurePolicy the API server rejects' },
  selector: { severity: 'error', about: 'a selector without manualSelector, or one that does not match the template' },
  'env-value-from': { severity: 'error', about: 'an env var with both value and valueFrom, an invalid name, or a valueFrom the API server refuses' },
  probe: { severity: 'error', about: 'a probe or lifecycle hook without exactly one handler, or with timings the API server refuses' },
  resources: { severity: 'error', about: 'resource requests above limits, unknown or fractional resources the API server refuses' },
  'invalid-port': { severity: 'error', about: 'a container port out of range, a bad or repeated port name, or a host port used twice' },
  'duplicate-container-name': { severity: 'error', about: 'two containers with the same name' },
  'cron-schedule': { severity: 'error', about: 'an invalid cron schedule' },
  'time-zone': { severity: 'error', about: 'TZ= in the schedule or an unknown timeZone' },
  'missing-ttl': { severity: 'info', about: 'a Job without ttlSecondsAfterFinished keeps its pods until deleted' },
  'missing-starting-deadline': { severity: 'info', about: 'a CronJob without startingDeadlineSeconds' },
  'latest-image': { severity: 'info', about: 'a :latest image without imagePullPolicy' },
  'missing-resource-limits': { severity: 'info', about: 'a container without resource limits' },
} as const satisfies Record<string, { severity: Severity; about: string }>;

export type RuleCode = keyof typeof RULES;

/** Resolves a configured severity; unknown values keep the default. */
export function configuredSeverity(setting: unknown, fallback: Severity): Severity | 'off' {
  switch (setting) {
    case 'off':
    case 'error':
    case 'warning':
    case 'hint':
    case 'info':
      return setting;
    case 'information':
      return 'info';
    default:
      return fallback;
  }
}
