// spec.successPolicy (Indexed Jobs): the Job succeeds early once a rule's indexes or count are met.
import { parseIndexes } from './indexes';
import type { SuccessPolicyRule } from './job-spec';

/** The message of the SuccessPolicy condition when a rule is met ("Matched rules at index 0"), else undefined. */
export function matchSuccessPolicy(rules: readonly SuccessPolicyRule[] | undefined, completions: number, succeeded: ReadonlySet<number>): string | undefined {
  if (!rules || succeeded.size === 0) return undefined;
  for (const [index, rule] of rules.entries()) {
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const met = required.filter((i) => succeeded.has(i)).length;
      if (met === required.length || (rule.succeededCount !== undefined && met >= rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && succeeded.size >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
