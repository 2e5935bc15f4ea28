// The controller's only non-determinism is the random part of pod names and pod UIDs. Drawing
// them through here records them for the journal, and a replay hands the recorded values back.
export class RecordedDraws {
  private queued: string[] = [];
  private drawn: string[] = [];

  constructor(
    private readonly newSuffix: () => string,
    private readonly newUidValue: () => string,
  ) {}

  readonly nameSuffix = (): string => this.take(this.newSuffix);
  readonly newUid = (): string => this.take(this.newUidValue);

  /** The next draws return these values (a journal entry being replayed). */
  replay(values: readonly string[] | undefined): void {
    this.queued = [...(values ?? [])];
  }

  /** What was drawn since the last call, for the journal entry of the input just handled. */
  flush(): string[] | undefined {
    const drawn = this.drawn;
    this.drawn = [];
    this.queued = [];
    return drawn.length ? drawn : undefined;
  }

  private take(source: () => string): string {
    const value = this.queued.length ? (this.queued.shift() as string) : source();
    this.drawn.push(value);
    return value;
  }
}
