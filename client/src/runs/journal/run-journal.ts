// A local run's journal: what the Job controller was told, when, and the random names it drew.
// The controller is a pure state machine, so replaying the journal rebuilds it exactly; that is
// how a new process (an editor reload, another CLI call) takes over a run it did not start.
// One JSON line per input, appended before any action of that input is carried out.
import { appendFileSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../manifest';
import type { ControllerInput } from '../controller/job-controller';
import { checkRunId } from '../run-id';

export const JOURNAL_VERSION = 1;

/** Everything needed to build the run's controller again. */
export interface JournalHeader {
  version: number;
  runId: string;
  /** The Job as run (a CronJob already turned into its Job). */
  job: KubeObject;
  configMaps: readonly KubeObject[];
  secrets: readonly KubeObject[];
  namespace: string;
  jobUid: string;
  backoffScale?: number;
  engineLostTimeoutMs?: number;
  /** The user agreed to host paths and privileged containers for this run. */
  allowHostAccess: boolean;
  /** ID of the Docker engine the run's containers live on. */
  engineId?: string;
  /** Opaque to the runner: what the starter needs to present the run again (its manifest, its file…). */
  origin?: unknown;
}

export interface JournalEntry {
  /** The controller's `now`. */
  at: number;
  input: ControllerInput;
  /** Values drawn from nameSuffix() and newUid() while handling it, in order. */
  draws?: string[];
}

export interface Journal {
  header: JournalHeader;
  entries: JournalEntry[];
}

/** Where journals live: $KUBE_JOBS_STATE_DIR, else $XDG_STATE_HOME/kube-jobs/runs, else ~/.local/state/kube-jobs/runs. */
export function defaultJournalDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBE_JOBS_STATE_DIR) return env.KUBE_JOBS_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kube-jobs', 'runs');
}

/** Throws InvalidRunId for an id that is not one (it could name a file elsewhere). */
export function journalPath(dir: string, runId: string): string {
  return join(dir, `${checkRunId(runId)}.jsonl`);
}

/** Appends to a journal file. Writes are synchronous: an entry is on disk before its actions start. */
export class RunJournalWriter {
  private fd: number | undefined;

  private constructor(
    readonly dir: string,
    readonly runId: string,
  ) {}

  get path(): string {
    return journalPath(this.dir, this.runId);
  }

  /** False once another process removed the journal (it deleted the run). */
  exists(): boolean {
    return existsSync(this.path);
  }

  /** Starts a new journal (the file must not exist yet). Readable by the user only: it holds Secrets. */
  static create(dir: string, header: JournalHeader): RunJournalWriter {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const writer = new RunJournalWriter(dir, header.runId);
    writer.fd = openSync(writer.path, 'wx', 0o600);
    writeSync(writer.fd, `${JSON.stringify(header)}\n`);
    return writer;
  }

  /** Continues an existing journal (a run taken over). */
  static append(dir: string, runId: string): RunJournalWriter {
    const writer = new RunJournalWriter(dir, runId);
    writer.fd = openSync(writer.path, 'a', 0o600);
    return writer;
  }

  write(entry: JournalEntry): void {
    if (this.fd === undefined) return;
    appendFileSync(this.fd, `${JSON.stringify(entry)}\n`);
  }

  /** Stops writing; the file stays for the next process. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** The run is gone: so is its journal. */
  remove(): void {
    this.close();
    removeJournal(this.dir, this.runId);
  }
}

export class JournalError extends Error {}

/** Reads a journal. A last line cut short by a crash is ignored: its input never took effect. */
export function readJournal(path: string): Journal {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = parseLine<JournalHeader>(lines[0] ?? '');
  if (!header || header.version !== JOURNAL_VERSION || typeof header.runId !== 'string') throw new JournalError(`${path} is not a Kube Jobs run journal of version ${JOURNAL_VERSION}`);
  const entries: JournalEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const entry = parseLine<JournalEntry>(lines[i]);
    if (!entry) {
      if (i >= lines.length - 2) break;
      throw new JournalError(`${path}: line ${i + 1} is damaged`);
    }
    entries.push(entry);
  }
  return { header, entries };
}

/** Run ids that have a journal in `dir`. */
export function journaledRunIds(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .map((name) => name.slice(0, -'.jsonl'.length));
  } catch {
    return [];
  }
}

export function removeJournal(dir: string, runId: string): void {
  rmSync(journalPath(dir, runId), { force: true });
  rmSync(ownerPath(dir, runId), { force: true });
}

/** Throws InvalidRunId for an id that is not one. */
export function ownerPath(dir: string, runId: string): string {
  return join(dir, `${checkRunId(runId)}.owner`);
}

function parseLine<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}
