// spec.podFailurePolicy: the first rule that matches a failed pod decides what its failure means.
import type { PodModel } from '../model';
import type { PodFailurePolicyAction, PodFailurePolicyRule } from './job-spec';

export interface PodConditionFact {
  type: string;
  status: 'True' | 'False';
}

export interface PolicyVerdict {
  /** The matched rule's action; undefined when no rule matched (counted, as by default). */
  action?: PodFailurePolicyAction;
  /** Whether the failure counts towards backoffLimit (false only for Ignore). */
  countFailed: boolean;
  /** FailJob: the message of the Job's PodFailurePolicy condition. */
  message?: string;
}

function matchingContainer(pod: PodModel, rule: NonNullable<PodFailurePolicyRule['onExitCodes']>): { name: string; exitCode: number } | undefined {
  // Main containers first, then init containers, as the controller looks at them.
  for (const container of [...pod.containers, ...pod.initContainers]) {
    if (!('terminated' in container.state)) continue;
    if (rule.containerName !== undefined && rule.containerName !== container.name) continue;
    const { exitCode } = container.state.terminated;
    if (exitCode === 0) continue;
    const listed = rule.values.includes(exitCode);
    if (rule.operator === 'In' ? listed : !listed) return { name: container.name, exitCode };
  }
  return undefined;
}

export function matchPodFailurePolicy(
  rules: readonly PodFailurePolicyRule[] | undefined,
  pod: PodModel,
  namespace: string,
  conditions: readonly PodConditionFact[],
): PolicyVerdict {
  if (!rules) return { countFailed: true };
  for (const [index, rule] of rules.entries()) {
    let describe: ((action: string) => string) | undefined;
    if (rule.onExitCodes) {
      const container = matchingContainer(pod, rule.onExitCodes);
      if (container) {
        describe = (action) =>
          `Container ${container.name} for pod ${namespace}/${pod.name} failed with exit code ${container.exitCode} matching ${action} rule at index ${index}`;
      }
    } else if (rule.onPodConditions) {
      const condition = conditions.find((c) => rule.onPodConditions?.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (condition) describe = (action) => `Pod ${namespace}/${pod.name} has condition ${condition.type} matching ${action} rule at index ${index}`;
    }
    if (!describe) continue;
    switch (rule.action) {
      case 'Ignore':
        return { action: 'Ignore', countFailed: false };
      case 'FailJob':
        return { action: 'FailJob', countFailed: true, message: describe('FailJob') };
      case 'FailIndex':
        return { action: 'FailIndex', countFailed: true };
      default:
        return { action: 'Count', countFailed: true };
    }
  }
  return { countFailed: true };
}
