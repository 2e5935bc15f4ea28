// How the Job ends: each ended pod counted (as its pod failure policy says), the failure rules
// in the controller's order (podFailurePolicy, backoffLimit, activeDeadlineSeconds, per-index
// limits), the success policy, the interim and terminal conditions, and the TTL after it finished.
import { interimCondition, terminalCondition, verdicts, type Verdict } from './job-conditions';
import { DEFAULT_ENGINE_LOST_TIMEOUT_MS, type PodRecord } from './job-record';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { PodManagement } from './pod-management';
import { matchSuccessPolicy } from './success-policy';

export abstract class JobOutcome extends PodManagement {
  /** The first failure rule that holds, in the controller's order. */
  protected failureVerdict(now: number): Verdict | undefined {
    const spec = this.spec;
    if (this.failJobMessage !== undefined) return verdicts.podFailurePolicy(this.failJobMessage);
    if (this.engineLost && this.engineLostExpired(now)) return verdicts.engineLost(this.engineLost.engine, this.engineLost.message);
    if (this.counters.failed > spec.backoffLimit || this.pastBackoffLimitOnFailure()) return verdicts.backoffLimitExceeded();
    if (this.deadlineAt() !== undefined && now >= (this.deadlineAt() ?? 0)) return verdicts.deadlineExceeded();
    if (spec.backoffLimitPerIndex !== undefined && spec.completions !== undefined) {
      const { failedIndexes, succeededIndexes } = this.counters;
      if (spec.maxFailedIndexes !== undefined && failedIndexes.size > spec.maxFailedIndexes) return verdicts.maxFailedIndexesExceeded();
      if (failedIndexes.size > 0 && failedIndexes.size + succeededIndexes.size >= spec.completions) return verdicts.failedIndexes();
    }
    if (this.stopRequested) return verdicts.stopped();
    return undefined;
  }

  protected engineLostExpired(now: number): boolean {
    return this.engineLost !== undefined && now >= this.engineLost.at + (this.options.engineLostTimeoutMs ?? DEFAULT_ENGINE_LOST_TIMEOUT_MS);
  }

  protected successPolicyVerdict(): Verdict | undefined {
    if (this.spec.completionMode !== 'Indexed' || this.spec.completions === undefined) return undefined;
    const message = matchSuccessPolicy(this.spec.successPolicy, this.spec.completions, this.counters.succeededIndexes);
    return message === undefined ? undefined : verdicts.successPolicy(message);
  }

  // OnFailure: restarts of the containers of pods still running count as failures.
  protected pastBackoffLimitOnFailure(): boolean {
    if (this.spec.restartPolicy !== 'OnFailure') return false;
    const restarts = this.pods.filter((p) => !p.lifecycle.terminal).reduce((sum, p) => sum + p.lifecycle.restarts, 0);
    return this.spec.backoffLimit === 0 ? restarts > 0 : restarts >= this.spec.backoffLimit;
  }

  protected deadlineAt(): number | undefined {
    const seconds = this.spec.activeDeadlineSeconds;
    if (seconds === undefined || this.startTime === undefined || this.spec.suspend) return undefined;
    return this.startTime + seconds * 1000;
  }

  /** The Job's outcome is decided: record the interim condition and delete the pods still running. */
  protected decide(verdict: Verdict, now: number): void {
    if (this.verdict) return;
    this.verdict = verdict;
    this.conditions.push(interimCondition(verdict, now));
    for (const pod of this.pods) {
      if (pod.lifecycle.terminal || pod.lifecycle.deleting) continue;
      pod.killedByJob = true;
      this.deletePod(pod, now);
    }
  }

  protected finish(verdict: Verdict, now: number): void {
    this.conditions.push(terminalCondition(verdict, now));
    this.finishedAt = now;
    if (verdict.outcome === 'success') {
      this.completionTime = now;
      this.recordEvent('Normal', 'Completed', 'Job completed', this.jobObject(), now);
    } else {
      this.recordEvent('Warning', verdict.reason, verdict.message, this.jobObject(), now);
    }
    this.expireAfterTtl(now);
  }

  protected expireAfterTtl(now: number): void {
    const ttl = this.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || this.finishedAt === undefined || now < this.finishedAt + ttl * 1000) return;
    for (const pod of this.pods) this.out.actions.push({ kind: 'removePod', pod: pod.lifecycle.model.name });
    this.removed = true;
    this.removedBy = 'ttl';
  }

  /** Counts a pod that has ended into succeeded / failed, as the pod failure policy says. */
  protected account(pod: PodRecord, now: number): void {
    pod.accounted = true;
    if (pod.uncounted) return;
    const model = pod.lifecycle.model;
    if (model.phase === 'Succeeded') return this.counters.recordSuccess(pod.index);
    // Pods stopped because the Job failed count as failed; those stopped because its success policy was met do not.
    if (pod.killedByJob) return this.verdict?.outcome === 'success' ? undefined : this.counters.recordKilled();
    const verdict = matchPodFailurePolicy(this.spec.podFailurePolicy, model, this.options.namespace, pod.lifecycle.conditions);
    if (verdict.action === 'FailJob' && this.failJobMessage === undefined) this.failJobMessage = verdict.message;
    this.counters.recordFailure(pod.index, verdict.countFailed, verdict.action, now);
  }
}
