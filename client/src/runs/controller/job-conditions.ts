// The Job's conditions with the reasons and messages the Kubernetes Job controller writes
// (1.31+: an interim FailureTarget / SuccessCriteriaMet first, the terminal condition once
// no pod is left running).
import type { JobCondition, JobConditionType } from '../model';

export interface Verdict {
  outcome: 'success' | 'failure';
  reason: string;
  message: string;
}

export const verdicts = {
  completionsReached: (): Verdict => ({ outcome: 'success', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' }),
  successPolicy: (message: string): Verdict => ({ outcome: 'success', reason: 'SuccessPolicy', message }),
  backoffLimitExceeded: (): Verdict => ({ outcome: 'failure', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }),
  deadlineExceeded: (): Verdict => ({ outcome: 'failure', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }),
  podFailurePolicy: (message: string): Verdict => ({ outcome: 'failure', reason: 'PodFailurePolicy', message }),
  maxFailedIndexesExceeded: (): Verdict => ({
    outcome: 'failure',
    reason: 'MaxFailedIndexesExceeded',
    message: 'Job has exceeded the specified maximal number of failed indexes',
  }),
  failedIndexes: (): Verdict => ({ outcome: 'failure', reason: 'FailedIndexes', message: 'Job has failed indexes' }),
  // Local-only endings, with no cluster equivalent.
  stopped: (): Verdict => ({ outcome: 'failure', reason: 'Stopped', message: 'Job was stopped before it finished' }),
  engineLost: (engine: string, message: string): Verdict => ({ outcome: 'failure', reason: 'EngineLost', message: `The ${engine} was lost and did not come back: ${message}` }),
  podRefused: (message: string): Verdict => ({ outcome: 'failure', reason: 'PodRefused', message }),
};

export function condition(type: JobConditionType, status: 'True' | 'False', reason: string | undefined, message: string | undefined, now: number): JobCondition {
  return { type, status, reason, message, lastTransitionTime: new Date(now).toISOString() };
}

export function interimCondition(verdict: Verdict, now: number): JobCondition {
  return condition(verdict.outcome === 'success' ? 'SuccessCriteriaMet' : 'FailureTarget', 'True', verdict.reason, verdict.message, now);
}

export function terminalCondition(verdict: Verdict, now: number): JobCondition {
  return condition(verdict.outcome === 'success' ? 'Complete' : 'Failed', 'True', verdict.reason, verdict.message, now);
}
