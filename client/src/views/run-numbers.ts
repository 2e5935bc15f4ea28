// "#1", "#2", …: runs of the same Job on the same target get a number in the order they appeared,
// kept for the session, so that deleting one does not renumber the others.
export class RunNumbers {
  private readonly numbers = new Map<string, number>();
  private readonly last = new Map<string, number>();

  /** The run's number among the runs of `job` on `target`; the first call for a run gives it the next one. */
  of(runId: string, target: string, job: string): number {
    const known = this.numbers.get(runId);
    if (known !== undefined) return known;
    const key = `${target}\n${job}`;
    const next = (this.last.get(key) ?? 0) + 1;
    this.last.set(key, next);
    this.numbers.set(runId, next);
    return next;
  }
}
