// The Job spec as the controller uses it: the API server's defaults filled in, and the few
// checks without which the controller could not run the Job at all (the language server's
// diagnostics are the full validation; this guards the engine against a bad object).
import { DEFAULT_BACKOFF_LIMIT, MAX_INT32, terminationGracePeriodSeconds } from '@shared/job-facts';
import type { KubeObject } from '../manifest';
import type { ContainerRole } from '../model';

export class JobSpecError extends Error {}

export type PodFailurePolicyAction = 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

export interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  role: ContainerRole;
}

export interface JobSpec {
  name: string;
  /** Undefined in work-queue mode (parallelism set, completions not). */
  completions?: number;
  parallelism: number;
  backoffLimit: number;
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  completionMode: 'NonIndexed' | 'Indexed';
  suspend: boolean;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  podReplacementPolicy: 'TerminatingOrFailed' | 'Failed';
  podFailurePolicy?: PodFailurePolicyRule[];
  successPolicy?: SuccessPolicyRule[];
  restartPolicy: 'Never' | 'OnFailure';
  terminationGracePeriodSeconds: number;
  /** The pod's own activeDeadlineSeconds (kubelet), not the Job's. */
  podActiveDeadlineSeconds?: number;
  templateLabels: Record<string, string>;
  templateAnnotations: Record<string, string>;
  /** The template's PodSpec as given. */
  podSpec: Record<string, unknown>;
  /** Init containers (sidecars among them) in order, then the main containers. */
  containers: ContainerSpec[];
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function count(spec: Json, field: string, min = 0): number | undefined {
  const value = spec[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new JobSpecError(`spec.${field} must be an integer ≥ ${min}, not ${JSON.stringify(value)}`);
  }
  return value;
}

function stringMap(value: unknown): Record<string, string> {
  const map = object(value) ?? {};
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
}

function containerSpecs(podSpec: Json, field: 'initContainers' | 'containers'): ContainerSpec[] {
  const list = podSpec[field];
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new JobSpecError(`spec.template.spec.${field} must be a list`);
  return list.map((item, i) => {
    const c = object(item);
    if (!c || typeof c.name !== 'string' || c.name === '') throw new JobSpecError(`spec.template.spec.${field}[${i}] needs a name`);
    if (typeof c.image !== 'string' || c.image === '') throw new JobSpecError(`spec.template.spec.${field}[${i}] (${c.name}) needs an image`);
    const role = field === 'containers' ? 'main' : c.restartPolicy === 'Always' ? 'sidecar' : 'init';
    return { name: c.name, image: c.image, role };
  });
}

function podFailurePolicy(value: unknown): PodFailurePolicyRule[] | undefined {
  const policy = object(value);
  if (!policy) return undefined;
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  return rules.map((item, i) => {
    const rule = object(item) ?? {};
    const action = rule.action;
    if (action !== 'FailJob' && action !== 'Ignore' && action !== 'Count' && action !== 'FailIndex') {
      throw new JobSpecError(`spec.podFailurePolicy.rules[${i}].action must be FailJob, Ignore, Count or FailIndex`);
    }
    const onExitCodes = object(rule.onExitCodes);
    const conditions = Array.isArray(rule.onPodConditions) ? rule.onPodConditions : undefined;
    if (onExitCodes) {
      const operator = onExitCodes.operator;
      if (operator !== 'In' && operator !== 'NotIn') throw new JobSpecError(`spec.podFailurePolicy.rules[${i}].onExitCodes.operator must be In or NotIn`);
      const values = Array.isArray(onExitCodes.values) ? onExitCodes.values.map(Number) : [];
      const containerName = typeof onExitCodes.containerName === 'string' ? onExitCodes.containerName : undefined;
      return { action, onExitCodes: { operator, values, containerName } };
    }
    if (conditions) {
      return {
        action,
        onPodConditions: conditions.map((c) => {
          const pattern = object(c) ?? {};
          return { type: String(pattern.type ?? ''), status: pattern.status === undefined ? 'True' : String(pattern.status) };
        }),
      };
    }
    throw new JobSpecError(`spec.podFailurePolicy.rules[${i}] needs onExitCodes or onPodConditions`);
  });
}

function successPolicy(value: unknown): SuccessPolicyRule[] | undefined {
  const policy = object(value);
  if (!policy) return undefined;
  const rules = Array.isArray(policy.rules) ? policy.rules : [];
  return rules.map((item) => {
    const rule = object(item) ?? {};
    return {
      succeededIndexes: typeof rule.succeededIndexes === 'string' ? rule.succeededIndexes : undefined,
      succeededCount: typeof rule.succeededCount === 'number' ? rule.succeededCount : undefined,
    };
  });
}

/** Reads a Job object, filling in the defaults the API server would. */
export function readJobSpec(job: KubeObject): JobSpec {
  const name = job.metadata?.name;
  if (typeof name !== 'string' || name === '') throw new JobSpecError('the Job needs metadata.name');
  const spec = object(job.spec);
  if (!spec) throw new JobSpecError(`job/${name} has no spec`);
  const template = object(spec.template);
  const podSpec = object(template?.spec);
  if (!template || !podSpec) throw new JobSpecError(`job/${name} has no spec.template.spec`);
  const templateMeta = object(template.metadata) ?? {};

  const restartPolicy = podSpec.restartPolicy ?? 'Always';
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    throw new JobSpecError(`spec.template.spec.restartPolicy: Unsupported value: "${String(restartPolicy)}": supported values: "OnFailure", "Never"`);
  }
  const containers = [...containerSpecs(podSpec, 'initContainers'), ...containerSpecs(podSpec, 'containers')];
  if (!containers.some((c) => c.role === 'main')) throw new JobSpecError(`job/${name} has no containers`);

  const parallelismGiven = count(spec, 'parallelism');
  let completions = count(spec, 'completions');
  if (completions === undefined && parallelismGiven === undefined) completions = 1;
  const completionMode = spec.completionMode === 'Indexed' ? 'Indexed' : 'NonIndexed';
  if (spec.completionMode !== undefined && spec.completionMode !== 'Indexed' && spec.completionMode !== 'NonIndexed') {
    throw new JobSpecError(`spec.completionMode must be NonIndexed or Indexed, not ${JSON.stringify(spec.completionMode)}`);
  }
  if (completionMode === 'Indexed' && completions === undefined) throw new JobSpecError('spec.completions is required when completionMode is Indexed');
  const backoffLimitPerIndex = count(spec, 'backoffLimitPerIndex');
  if (backoffLimitPerIndex !== undefined && completionMode !== 'Indexed') throw new JobSpecError('spec.backoffLimitPerIndex requires completionMode Indexed');
  const failurePolicy = podFailurePolicy(spec.podFailurePolicy);
  const rules = successPolicy(spec.successPolicy);
  if (rules && completionMode !== 'Indexed') throw new JobSpecError('spec.successPolicy requires completionMode Indexed');

  return {
    name,
    completions,
    parallelism: parallelismGiven ?? 1,
    backoffLimit: count(spec, 'backoffLimit') ?? (backoffLimitPerIndex !== undefined ? MAX_INT32 : DEFAULT_BACKOFF_LIMIT),
    backoffLimitPerIndex,
    maxFailedIndexes: count(spec, 'maxFailedIndexes'),
    completionMode,
    suspend: spec.suspend === true,
    activeDeadlineSeconds: count(spec, 'activeDeadlineSeconds', 1),
    ttlSecondsAfterFinished: count(spec, 'ttlSecondsAfterFinished'),
    podReplacementPolicy: spec.podReplacementPolicy === 'Failed' || (spec.podReplacementPolicy === undefined && failurePolicy) ? 'Failed' : 'TerminatingOrFailed',
    podFailurePolicy: failurePolicy,
    successPolicy: rules,
    restartPolicy,
    terminationGracePeriodSeconds: terminationGracePeriodSeconds(podSpec),
    podActiveDeadlineSeconds: count(podSpec, 'activeDeadlineSeconds', 1),
    templateLabels: stringMap(templateMeta.labels),
    templateAnnotations: stringMap(templateMeta.annotations),
    podSpec,
    containers,
  };
}
