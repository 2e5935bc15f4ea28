// Taking over a local run another process started (an editor before its reload, a CLI that was
// killed): its controller is rebuilt from the journal and goes on with the same pods.
import { randomUUID } from 'node:crypto';
import { realClock, type Clock } from './controller/clock';
import { randomNameSuffix } from './controller/pod-template';
import { replayJournal } from './journal/journal-replay';
import { RecordedDraws } from './journal/recorded-draws';
import { RunJournalWriter, journalPath, readJournal, type Journal, type JournalHeader } from './journal/run-journal';
import { claimRun, releaseRun } from './journal/run-owner';
import { LocalRun, type LocalRunHandle } from './local-runner';
import type { PodRuntime } from './pod-runtime';

export interface ResumeOptions {
  /** The journals' folder. */
  dir: string;
  runId: string;
  /** The run's journal when the caller has read it already. */
  journal?: Journal;
  /** The runtime for this run, made knowing what the journal says (the consent to host access). */
  runtimeFor: (header: JournalHeader) => PodRuntime;
  clock?: Clock;
}

export interface ResumedRun {
  handle: LocalRunHandle;
  header: JournalHeader;
  runtime: PodRuntime;
}

/** Undefined when a live process controls the run. */
export async function resumeLocalRun(options: ResumeOptions): Promise<ResumedRun | undefined> {
  if (!claimRun(options.dir, options.runId)) return undefined;
  let run: LocalRun | undefined;
  try {
    const journal = options.journal ?? readJournal(journalPath(options.dir, options.runId));
    const draws = new RecordedDraws(randomNameSuffix, randomUUID);
    const replayed = replayJournal(journal, draws);
    const runtime = options.runtimeFor(journal.header);
    run = new LocalRun({
      id: options.runId,
      controller: replayed.controller,
      draws,
      runtime,
      clock: options.clock ?? realClock,
      journal: RunJournalWriter.append(options.dir, options.runId),
      seen: replayed.seen,
    });
    await run.takeOver(replayed);
    return { handle: run, header: journal.header, runtime };
  } catch (error) {
    // Left for another attempt, as it was.
    if (run) await run.detach();
    else releaseRun(options.dir, options.runId);
    throw error;
  }
}
