// The runs this process knows about, whichever target runs them. Views, CodeLens, the status
// bar and commands read from here and listen to one stream of changes.
import { Emitter, type Disposable } from '../runs/emitter';
import type { TargetChoice } from '../runs/run-target';
import { isFinished, type RemovalCause, type RunChange, type RunHandle } from '../runs/model';

/** Why a run's target removed it by itself. */
export type GoneCause = Exclude<RemovalCause, 'deleted'>;

export interface RunSource {
  /** The manifest the run came from, to show it above the right document. */
  uri?: string;
  /** Name of the Job or CronJob document in that manifest. */
  workloadName: string;
  /** Display name of the target: "Local Docker" or the kube context. */
  targetLabel: string;
  /** The manifest's text when the run started, so that Re-run works after the editor closed. */
  manifestText?: string;
  /** Where it ran, so that Re-run goes to the same place. */
  choice?: TargetChoice;
  /** What its start warned about (the API server's warnings, say): kept at the top of its log channel. */
  warnings?: readonly string[];
}

export interface RunEntry {
  readonly handle: RunHandle;
  readonly source: RunSource;
  /**
   * Set when the run was removed by its target, not by a Delete here (its ttlSecondsAfterFinished
   * ended, or another process deleted it): the entry stays, with its last state, until deleted here.
   */
  gone?: { at: string; cause: GoneCause };
}

export interface RegistryChange {
  entry: RunEntry;
  change: RunChange | { kind: 'added' } | { kind: 'gone' };
}

export class RunRegistry implements Disposable {
  private readonly entries = new Map<string, { entry: RunEntry; subscription: Disposable }>();
  private readonly changes = new Emitter<RegistryChange>();
  readonly onDidChange = this.changes.event;

  add(handle: RunHandle, source: RunSource): RunEntry {
    this.remove(handle.id);
    const entry: RunEntry = { handle, source };
    const subscription = handle.onDidChange((change) => {
      // Deleted through its handle: forgotten. Removed by its target (TTL, another process): kept.
      if (change.kind === 'removed') {
        if (change.cause === 'deleted') this.remove(handle.id);
        else this.markGone(entry, change.cause ?? 'deletedElsewhere');
      } else this.changes.fire({ entry, change });
    });
    this.entries.set(handle.id, { entry, subscription });
    this.changes.fire({ entry, change: { kind: 'added' } });
    return entry;
  }

  remove(id: string): void {
    const known = this.entries.get(id);
    if (!known) return;
    known.subscription.dispose();
    release(known.entry.handle);
    this.entries.delete(id);
    this.changes.fire({ entry: known.entry, change: { kind: 'removed' } });
  }

  /** Deletes the run on its target (pods, containers, logs), then forgets it. */
  async delete(id: string): Promise<void> {
    const entry = this.get(id);
    if (!entry) return;
    if (!entry.gone) await entry.handle.delete();
    this.remove(id);
  }

  /** Its target removed the run: kept to show how it ended, until remove() (Delete). */
  private markGone(entry: RunEntry, cause: GoneCause): void {
    if (entry.gone || this.entries.get(entry.handle.id)?.entry !== entry) return;
    entry.gone = { at: new Date().toISOString(), cause };
    this.changes.fire({ entry, change: { kind: 'gone' } });
  }

  get(id: string): RunEntry | undefined {
    return this.entries.get(id)?.entry;
  }

  all(): RunEntry[] {
    return [...this.entries.values()].map((e) => e.entry);
  }

  /** The newest run of a workload from a given manifest. */
  latestFor(uri: string, workloadName: string): RunEntry | undefined {
    return this.all()
      .filter((e) => e.source.uri === uri && e.source.workloadName === workloadName)
      .at(-1);
  }

  activeCount(): number {
    return this.all().filter((e) => !isFinished(e.handle.snapshot().status)).length;
  }

  dispose(): void {
    for (const { entry, subscription } of this.entries.values()) {
      subscription.dispose();
      release(entry.handle);
    }
    this.entries.clear();
    this.changes.dispose();
  }
}

/** Handles that watch something (a cluster run's watches) stop when nobody follows them. */
function release(handle: RunHandle): void {
  (handle as RunHandle & Partial<Disposable>).dispose?.();
}
