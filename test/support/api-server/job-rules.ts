// What the API server does to a Job or CronJob on create and update: defaults, validation
// (422 with field causes, messages as in pkg/apis/batch/validation) and immutable fields.
import { invalid, type StatusCause } from './status';
import type { StoredObject } from './store';

type Spec = Record<string, unknown>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function podSpecOf(templateSpec: Spec | undefined): Spec {
  return ((templateSpec?.template as Spec | undefined)?.spec as Spec | undefined) ?? {};
}

/** CronJob defaults, and the Job defaults of its template where they do not need a uid. */
export function defaultCronJob(cronJob: StoredObject): void {
  const spec = ((cronJob.spec as Spec | undefined) ?? {}) as Spec;
  cronJob.spec = spec;
  spec.concurrencyPolicy ??= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  cronJob.status ??= {};
}

/** Fills in what the API server fills in on create. */
export function defaultJob(job: StoredObject): void {
  const spec = ((job.spec as Spec | undefined) ?? {}) as Spec;
  job.spec = spec;
  // completions default to 1 only when neither completions nor parallelism was given.
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  const uid = job.metadata.uid;
  const jobLabels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': job.metadata.name, 'controller-uid': uid, 'job-name': job.metadata.name };
  if (!spec.manualSelector) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  const template = ((spec.template as Spec | undefined) ?? {}) as Spec;
  spec.template = template;
  const metadata = ((template.metadata as Spec | undefined) ?? {}) as Spec;
  template.metadata = metadata;
  metadata.labels = { ...((metadata.labels as Record<string, string> | undefined) ?? {}), ...jobLabels };
  job.status ??= {};
}

export function validateJob(job: StoredObject): void {
  const causes: StatusCause[] = [];
  validateName(job.metadata.name, 63, causes);
  validateJobSpec((job.spec as Spec | undefined) ?? {}, 'spec', causes);
  if (causes.length > 0) throw invalid('Job', 'batch', job.metadata.name, causes);
}

export function validateCronJob(cronJob: StoredObject): void {
  const causes: StatusCause[] = [];
  validateName(cronJob.metadata.name, 52, causes);
  const spec = (cronJob.spec as Spec | undefined) ?? {};
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule.trim() === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.schedule' });
  else if (/\b(CRON_)?TZ=/.test(schedule)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${schedule}": cannot use TZ or CRON_TZ in schedule, use timeZone field instead`, field: 'spec.schedule' });
  else if (!schedule.startsWith('@') && schedule.trim().split(/\s+/).length !== 5) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${schedule}": expected exactly 5 fields, found ${schedule.trim().split(/\s+/).length}`, field: 'spec.schedule' });
  validateJobSpec(((spec.jobTemplate as Spec | undefined)?.spec as Spec | undefined) ?? {}, 'spec.jobTemplate.spec', causes);
  if (causes.length > 0) throw invalid('CronJob', 'batch', cronJob.metadata.name, causes);
}

function validateName(name: string, max: number, causes: StatusCause[]): void {
  if (!DNS_SUBDOMAIN.test(name)) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`, field: 'metadata.name' });
  } else if (name.length > max) {
    causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": must be no more than ${max} characters`, field: 'metadata.name' });
  }
}

function validateJobSpec(spec: Spec, path: string, causes: StatusCause[]): void {
  for (const field of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    const value = spec[field];
    if (value !== undefined && (typeof value !== 'number' || value < 0)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: must be greater than or equal to 0`, field: `${path}.${field}` });
  }
  const deadline = spec.activeDeadlineSeconds;
  if (deadline !== undefined && (typeof deadline !== 'number' || deadline <= 0)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(deadline)}: must be greater than 0`, field: `${path}.activeDeadlineSeconds` });
  if (spec.completionMode === 'Indexed' && spec.completions === undefined) causes.push({ reason: 'FieldValueRequired', message: 'Required value: when completion mode is Indexed', field: `${path}.completions` });
  const podSpec = podSpecOf(spec);
  const podPath = `${path}.template.spec`;
  const restartPolicy = podSpec.restartPolicy;
  if (restartPolicy === undefined) causes.push({ reason: 'FieldValueRequired', message: 'Required value: valid values: "OnFailure", "Never"', field: `${podPath}.restartPolicy` });
  else if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') causes.push({ reason: 'FieldValueNotSupported', message: `Unsupported value: "${String(restartPolicy)}": supported values: "OnFailure", "Never"`, field: `${podPath}.restartPolicy` });
  const containers = Array.isArray(podSpec.containers) ? (podSpec.containers as Spec[]) : [];
  if (containers.length === 0) causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${podPath}.containers` });
  const seen = new Set<string>();
  const all: [string, Spec[]][] = [['initContainers', Array.isArray(podSpec.initContainers) ? (podSpec.initContainers as Spec[]) : []], ['containers', containers]];
  for (const [list, items] of all) {
    items.forEach((container, i) => {
      const at = `${podPath}.${list}[${i}]`;
      const name = container.name;
      if (typeof name !== 'string' || name === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.name` });
      else if (!DNS_LABEL.test(name)) causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`, field: `${at}.name` });
      else if (seen.has(name)) causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: "${name}"`, field: `${at}.name` });
      if (typeof name === 'string') seen.add(name);
      if (typeof container.image !== 'string' || container.image === '') causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${at}.image` });
    });
  }
}

/** Fields of a Job that an update may not change (seed 002: "field is immutable"). */
export function refuseImmutableJobChanges(before: StoredObject, after: StoredObject): void {
  const old = (before.spec as Spec | undefined) ?? {};
  const next = (after.spec as Spec | undefined) ?? {};
  const causes: StatusCause[] = [];
  for (const field of ['template', 'completions', 'completionMode', 'selector', 'podFailurePolicy']) {
    if (next[field] === undefined && field !== 'template') continue;
    if (JSON.stringify(canonical(old[field])) !== JSON.stringify(canonical(next[field]))) {
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${summarize(next[field])}: field is immutable`, field: `spec.${field}` });
    }
  }
  if (causes.length > 0) throw invalid('Job', 'batch', after.metadata.name, causes);
}

function summarize(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}
