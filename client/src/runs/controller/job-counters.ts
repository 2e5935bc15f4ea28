// What the Job has counted so far: succeeded and failed pods, completed and failed indexes, and
// the failures the pod re-creation back-off is computed from (for the Job, and per index).
import type { RunStatus } from '../model';
import { podReplacementDelay } from './backoff';
import { formatIndexes } from './indexes';
import type { PodFailurePolicyAction } from './job-spec';

export class JobCounters {
  failed = 0;
  readonly succeededIndexes = new Set<number>();
  readonly failedIndexes = new Set<number>();
  private succeededPods = 0;
  private readonly indexFailures = new Map<number, { count: number; lastAt: number }>();
  // Failures per index the pod failure policy ignored (the job-index-ignored-failure-count annotation).
  private readonly indexIgnoredFailures = new Map<number, number>();
  // Failures since the last success: the controller's back-off record.
  private backoff = { failures: 0, lastFailureAt: 0 };

  constructor(
    private readonly indexed: boolean,
    /** backoffLimitPerIndex, when set. */
    private readonly perIndexLimit: number | undefined,
    private readonly backoffScale: number,
  ) {}

  /** Succeeded pods, or for Indexed Jobs succeeded indexes. */
  get succeeded(): number {
    return this.indexed ? this.succeededIndexes.size : this.succeededPods;
  }

  recordSuccess(index: number | undefined): void {
    if (index === undefined) this.succeededPods++;
    else if (!this.failedIndexes.has(index)) this.succeededIndexes.add(index);
    this.backoff = { failures: 0, lastFailureAt: 0 };
  }

  /** A pod the Job deleted while finishing: a failure, without back-off or index bookkeeping. */
  recordKilled(): void {
    this.failed++;
  }

  /** A failed pod, as the pod failure policy judged it (`counted` false for Ignore). */
  recordFailure(index: number | undefined, counted: boolean, action: PodFailurePolicyAction | undefined, now: number): void {
    this.backoff = { failures: this.backoff.failures + 1, lastFailureAt: now };
    if (!counted) {
      if (index !== undefined && this.perIndexLimit !== undefined) this.indexIgnoredFailures.set(index, this.indexIgnoredFailureCount(index) + 1);
      return;
    }
    this.failed++;
    if (index === undefined || this.perIndexLimit === undefined) return;
    const failures = (this.indexFailures.get(index)?.count ?? 0) + 1;
    this.indexFailures.set(index, { count: failures, lastAt: now });
    if (action === 'FailIndex' || failures > this.perIndexLimit) this.failedIndexes.add(index);
  }

  /** Failures of one index so far (the job-index-failure-count annotation). */
  indexFailureCount(index: number): number {
    return this.indexFailures.get(index)?.count ?? 0;
  }

  /** Failures of one index the pod failure policy ignored so far. */
  indexIgnoredFailureCount(index: number): number {
    return this.indexIgnoredFailures.get(index) ?? 0;
  }

  /** How long new pods (of this index, with backoffLimitPerIndex) must still wait. */
  backoffRemaining(now: number, index?: number): number {
    const record =
      index !== undefined && this.perIndexLimit !== undefined
        ? this.indexFailures.get(index)
        : this.backoff.failures > 0
          ? { count: this.backoff.failures, lastAt: this.backoff.lastFailureAt }
          : undefined;
    if (!record) return 0;
    return Math.max(0, record.lastAt + podReplacementDelay(record.count, this.backoffScale) - now);
  }

  /** Every moment a back-off ends after `now`. */
  backoffEnds(now: number): number[] {
    const indexes = this.perIndexLimit === undefined ? [undefined] : [...this.indexFailures.keys()];
    return indexes.map((index) => this.backoffRemaining(now, index)).filter((remaining) => remaining > 0).map((remaining) => now + remaining);
  }

  /** The counting part of the status. */
  statusFields(): Pick<RunStatus, 'succeeded' | 'failed' | 'completedIndexes' | 'failedIndexes'> {
    const fields: Pick<RunStatus, 'succeeded' | 'failed' | 'completedIndexes' | 'failedIndexes'> = { succeeded: this.succeeded, failed: this.failed };
    if (this.indexed) fields.completedIndexes = formatIndexes(this.succeededIndexes);
    if (this.perIndexLimit !== undefined) fields.failedIndexes = formatIndexes(this.failedIndexes);
    return fields;
  }
}
