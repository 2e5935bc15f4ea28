// Runs a Job on a PodRuntime (the local Docker engine) with the Job controller's semantics:
// it feeds the state machine what the runtime reports, carries out the actions it decides,
// arms one timer for the next moment it asked for, and exposes the run as a RunHandle.
import { randomBytes, randomUUID } from 'node:crypto';
import { realClock, type Clock } from './controller/clock';
import type { JobController, ControllerInput, ControllerOutput, RuntimeAction } from './controller/job-controller';
import { randomNameSuffix } from './controller/pod-template';
import { RecordedDraws } from './journal/recorded-draws';
import { controllerFor, seenKey, type Replayed } from './journal/journal-replay';
import { JOURNAL_VERSION, RunJournalWriter, type JournalHeader } from './journal/run-journal';
import { claimRun, releaseRun } from './journal/run-owner';
import { Emitter, type Disposable } from './emitter';
import { jobFromCronJob } from './job-from-cronjob';
import type { KubeObject } from './manifest';
import { isFinished, RunGone, type LogLine, type LogOptions, type RemovalCause, type Run, type RunChange, type RunEvent, type RunHandle } from './model';
import { PodRefused, type PodRuntime, type RuntimeEvent } from './pod-runtime';
import type { SuspendableRunHandle } from './suspendable-run';

export interface LocalRunOptions {
  /** The Job to run; a CronJob is run now, as a Job made from its jobTemplate. */
  job: KubeObject;
  /** ConfigMaps and Secrets from the same manifest, for env, envFrom and volumes. */
  configMaps?: readonly KubeObject[];
  secrets?: readonly KubeObject[];
  runtime: PodRuntime;
  clock?: Clock;
  /** Multiplies pod and container back-off delays; 1 (the default) is Kubernetes' timing. */
  backoffScale?: number;
  runId?: string;
  /** Defaults to the Job's metadata.namespace, else "default". */
  namespace?: string;
  /** How long the engine may be lost before the Job fails with EngineLost (default 60 s). */
  engineLostTimeoutMs?: number;
  /** The 5 random characters of pod names (tests make them predictable). */
  nameSuffix?: () => string;
  newUid?: () => string;
  /** Keep a journal in this folder, so that another process can take the run over. */
  journal?: RunJournalOptions;
}

export interface RunJournalOptions {
  dir: string;
  /** Recorded for the process taking over: the user's consent to host access for this run. */
  allowHostAccess: boolean;
  engineId?: string;
  /** What the starter needs to present the run again; kept as is. */
  origin?: unknown;
}

/** A local run, with what only a local run can do beyond RunHandle. */
export interface LocalRunHandle extends SuspendableRunHandle {
  /** Kills at once the containers of pods being stopped (Stop, Delete, Suspend), without waiting for their grace period. */
  kill(): Promise<void>;
  /**
   * Stops controlling the run and leaves it as it is (containers, logs, journal) for another
   * process to take over; what only idles (sandboxes of ended pods) is stopped first.
   */
  detach(): Promise<void>;
}

/** A handle of a local run (the CLI and the editor hold runs of every target as RunHandle). */
export function isLocalRunHandle(handle: RunHandle): handle is LocalRunHandle {
  return typeof (handle as Partial<LocalRunHandle>).detach === 'function';
}

/** Starts the run at once. Throws JobSpecError (synchronously) when the Job cannot be run at all. */
export function startLocalRun(options: LocalRunOptions): LocalRunHandle {
  const job = options.job.kind === 'CronJob' ? jobFromCronJob(options.job) : options.job;
  const header: JournalHeader = {
    version: JOURNAL_VERSION,
    runId: options.runId ?? `${job.metadata?.name ?? 'job'}-${randomBytes(4).toString('hex')}`,
    job,
    configMaps: options.configMaps ?? [],
    secrets: options.secrets ?? [],
    namespace: options.namespace ?? job.metadata?.namespace ?? 'default',
    jobUid: randomUUID(),
    backoffScale: options.backoffScale,
    engineLostTimeoutMs: options.engineLostTimeoutMs,
    allowHostAccess: options.journal?.allowHostAccess ?? false,
    engineId: options.journal?.engineId,
    origin: options.journal?.origin,
  };
  const draws = new RecordedDraws(options.nameSuffix ?? randomNameSuffix, options.newUid ?? randomUUID);
  // Built before the journal exists: a Job that cannot run leaves nothing behind.
  const controller = controllerFor(header, draws);
  let journal: RunJournalWriter | undefined;
  let journalError: unknown;
  if (options.journal) {
    try {
      journal = RunJournalWriter.create(options.journal.dir, header);
      claimRun(options.journal.dir, header.runId);
    } catch (error) {
      // A folder that cannot be written must not stop the run: only a later takeover is lost.
      journal?.remove();
      journal = undefined;
      journalError = error;
    }
  }
  const run = new LocalRun({ id: header.runId, controller, draws, runtime: options.runtime, clock: options.clock ?? realClock, journal, journalError });
  void run.begin();
  return run;
}

interface LocalRunSetup {
  id: string;
  controller: JobController;
  draws: RecordedDraws;
  runtime: PodRuntime;
  clock: Clock;
  journal?: RunJournalWriter;
  /** Container starts and exits the controller already knows (a run taken over). */
  seen?: Set<string>;
  /** Why the journal could not be started, if it could not. */
  journalError?: unknown;
}

export class LocalRun implements LocalRunHandle {
  readonly id: string;
  private readonly controller: JobController;
  private readonly runtime: PodRuntime;
  private readonly clock: Clock;
  private readonly changes = new Emitter<RunChange>();
  private readonly subscription: Disposable;
  private readonly podQueues = new Map<string, Promise<void>>();
  private readonly finishers: { resolve: (run: Run) => void; reject: (error: RunGone) => void }[] = [];
  /** Set once the run is removed before it finished: its outcome can no longer arrive. */
  private gone: RunGone | undefined;
  /** Its journal was removed by another process (`kube-jobs runs delete`): the run was deleted there. */
  private deletedElsewhere = false;
  private timer: Disposable | undefined;
  private timerAt: number | undefined;
  private removal: Promise<void> | undefined;
  private closed = false;
  private readonly draws: RecordedDraws;
  private journal: RunJournalWriter | undefined;
  /** Events of the runner itself (not the controller's), shown with the run's events. */
  private readonly notes: RunEvent[] = [];
  private readonly seen: Set<string>;

  constructor(setup: LocalRunSetup) {
    this.id = setup.id;
    this.controller = setup.controller;
    this.draws = setup.draws;
    this.runtime = setup.runtime;
    this.clock = setup.clock;
    this.journal = setup.journal;
    this.seen = setup.seen ?? new Set();
    this.subscription = this.runtime.onEvent((event) => this.onRuntimeEvent(event));
    if (setup.journalError !== undefined) this.noteJournalFailure(setup.journalError, this.clock.now());
  }

  begin(): Promise<void> {
    return this.input({ type: 'start' });
  }

  /**
   * Continues a run another process controlled, its controller rebuilt from the journal: the
   * runtime takes over the live pods and reports what they did meanwhile, then what that process
   * had asked for without seeing the result is done again, and the clock catches up.
   */
  async takeOver(replayed: Replayed): Promise<void> {
    if (this.controller.isRemoved) {
      // The process before this one removed the run (Ctrl+C) and quit halfway: finish the removal.
      this.deletedElsewhere = this.controller.removal !== 'ttl';
      const cause = this.removedBy ?? 'deletedElsewhere';
      this.close();
      this.settleFinishers(cause);
      await Promise.all(replayed.pending.map((action) => this.enqueue(action)));
      this.finishRemoval(cause);
      return;
    }
    const reported = new Set<string>();
    const watch = this.runtime.onEvent((event) => {
      if ('container' in event) reported.add(`${event.pod}|${event.container}`);
    });
    try {
      await this.runtime.adoptPods(this.id, replayed.livePods);
    } finally {
      watch.dispose();
    }
    for (const action of replayed.pending) {
      if (action.kind === 'startContainer' && reported.has(`${action.pod}|${action.container}`)) continue;
      // A pod half made by the process that died is made again from scratch.
      if (action.kind === 'createPod') await this.runtime.removePod(action.launch.podName).catch(() => undefined);
      void this.enqueue(action);
    }
    await this.input({ type: 'tick' });
  }

  async detach(): Promise<void> {
    // A removal this process did not ask for (the TTL ended, deleted elsewhere) is not left halfway.
    if (this.removal && this.removedBy !== 'deleted') return this.removal;
    if (this.closed) return;
    this.close();
    this.journal?.close();
    if (this.journal) releaseRun(this.journal.dir, this.id);
    await this.runtime.settle().catch(() => undefined);
  }

  snapshot(): Run {
    const run = this.controller.snapshot();
    if (this.notes.length === 0) return run;
    return { ...run, events: [...run.events, ...structuredClone(this.notes)].sort((a, b) => a.time.localeCompare(b.time)) };
  }

  readonly onDidChange = this.changes.event;

  async kill(): Promise<void> {
    const stopping = this.controller.snapshot().pods.filter((pod) => pod.deletionTimestamp && pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
    // Beside the pod's queue, where the graceful stop waits: it returns as soon as the containers are gone.
    await Promise.all(stopping.map((pod) => this.runtime.stopContainers(pod.name, 0).catch(() => undefined)));
  }

  logs(pod: string, container: string, options?: LogOptions): AsyncIterable<LogLine> {
    return this.runtime.logs(pod, container, options);
  }

  finished(): Promise<Run> {
    const run = this.snapshot();
    if (isFinished(run.status)) return Promise.resolve(run);
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => this.finishers.push({ resolve, reject }));
  }

  setSuspended(suspended: boolean): Promise<void> {
    return this.input({ type: 'setSuspend', suspend: suspended });
  }

  /** Stops every pod (grace period, then kill); the Job then fails with reason Stopped. Pods and logs stay. */
  async stop(): Promise<void> {
    if (this.closed || this.controller.isFinished) return;
    await this.input({ type: 'stop' });
    // Deleted meanwhile: stopped all the same.
    await this.finished().catch((error: unknown) => {
      if (!(error instanceof RunGone)) throw error;
    });
  }

  get removedBy(): RemovalCause | undefined {
    const removal = this.controller.removal;
    return removal === 'deleted' && this.deletedElsewhere ? 'deletedElsewhere' : removal;
  }

  /** Stops what still runs, removes every pod the run created (containers, volumes, logs), then reports 'removed'. */
  async delete(): Promise<void> {
    if (!this.removal) this.removal = this.input({ type: 'delete' });
    await this.removal;
  }

  private onRuntimeEvent(event: RuntimeEvent): void {
    // The runtime may serve several runs: only this run's pods concern it.
    if ('pod' in event && !this.controller.podNames().includes(event.pod)) return;
    const key = seenKey(event);
    if (key !== undefined) {
      // A runtime taking pods over reports again what the controller already knows.
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    void this.input({ type: 'runtime', event });
  }

  /** Feeds the controller one input and carries out its answer; resolves when the actions it started have settled. */
  private input(input: ControllerInput): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.journal && input.type !== 'delete' && !this.journal.exists()) {
      // Another process deleted the run (its journal first, then its containers): whatever this
      // input reports is the deletion's doing. Stop and remove what is left; nothing is recreated.
      this.deletedElsewhere = true;
      this.journal.close();
      this.journal = undefined;
      return this.delete();
    }
    let output: ControllerOutput;
    const now = this.clock.now();
    try {
      output = this.controller.handle(input, now);
    } catch (error) {
      // A defect in the controller must not take the host process down: report it on the run.
      this.note('InternalError', messageOf(error), now);
      return Promise.resolve();
    }
    this.record(input, now);
    const settled = Promise.all(output.actions.map((action) => this.enqueue(action))).then(() => undefined);
    const removed = output.changes.some((c) => c.kind === 'removed');
    for (const change of output.changes) if (change.kind !== 'removed') this.changes.fire(change);
    if (removed) {
      // Those waiting for the outcome get it before the removal (a TTL of 0 removes at once).
      const cause = this.removedBy ?? 'deleted';
      this.close();
      this.settleFinishers(cause);
      this.removal ??= settled.then(() => this.finishRemoval(cause));
      return this.removal;
    }
    this.arm(output.wakeAt);
    if (this.controller.isFinished && this.finishers.length > 0) this.settleFinishers();
    return settled;
  }

  private arm(at: number | undefined): void {
    if (at === this.timerAt) return;
    this.timer?.dispose();
    this.timer = undefined;
    this.timerAt = at;
    if (at === undefined) return;
    this.timer = this.clock.setTimer(at, () => {
      this.timer = undefined;
      this.timerAt = undefined;
      void this.input({ type: 'tick' });
    });
  }

  // One pod's actions run in order (create before start, stop before remove); pods run side by side.
  private enqueue(action: RuntimeAction): Promise<void> {
    const pod = action.kind === 'createPod' ? action.launch.podName : action.pod;
    const next = (this.podQueues.get(pod) ?? Promise.resolve()).then(() => this.execute(action));
    this.podQueues.set(pod, next);
    return next;
  }

  private async execute(action: RuntimeAction): Promise<void> {
    try {
      switch (action.kind) {
        case 'createPod':
          await this.runtime.createPod(action.launch);
          // Not awaited: what this input starts queues behind this very action.
          void this.input({ type: 'podCreated', pod: action.launch.podName });
          return;
        case 'startContainer':
          await this.runtime.startContainer(action.pod, action.container);
          return;
        case 'stopContainers':
          await this.runtime.stopContainers(action.pod, action.gracePeriodSeconds, action.containers);
          void this.input({ type: 'containersStopped', pod: action.pod, containers: action.containers });
          return;
        case 'removePod':
          await this.runtime.removePod(action.pod);
          return;
      }
    } catch (error) {
      void this.input({ type: 'actionFailed', action, message: messageOf(error), refused: error instanceof PodRefused });
    }
  }

  /** On disk before any action of the input starts: a process taking over replays exactly this. */
  private record(input: ControllerInput, now: number): void {
    const draws = this.draws.flush();
    if (!this.journal) return;
    try {
      this.journal.write({ at: now, input, draws });
    } catch (error) {
      // The run goes on; only taking it over from another process is lost.
      this.journal.close();
      this.journal = undefined;
      this.noteJournalFailure(error, now);
    }
  }

  private noteJournalFailure(error: unknown, now: number): void {
    this.note('JournalFailed', `The run's journal could not be written (${messageOf(error)}): another process cannot take this run over`, now);
  }

  private note(reason: string, message: string, now: number): void {
    const event: RunEvent = { type: 'Warning', reason, message, involvedObject: `job/${this.controller.spec.name}`, time: new Date(now).toISOString() };
    this.notes.push(event);
    this.changes.fire({ kind: 'event', event: structuredClone(event) });
  }

  /** Gives the waiting finished() calls the outcome; a run removed before it finished rejects them. */
  private settleFinishers(removal?: RemovalCause): void {
    const run = this.snapshot();
    if (!isFinished(run.status) && removal !== undefined) {
      const by = removal === 'deletedElsewhere' ? ' by another process' : '';
      this.gone = new RunGone(`run ${this.id} was deleted${by} before it finished`, removal, run);
    }
    if (!isFinished(run.status) && !this.gone) return;
    for (const { resolve, reject } of this.finishers.splice(0)) {
      if (this.gone) reject(this.gone);
      else resolve(run);
    }
  }

  private finishRemoval(cause: RemovalCause): void {
    this.close();
    this.journal?.remove();
    this.changes.fire({ kind: 'removed', cause, last: this.snapshot() });
  }

  private close(): void {
    this.closed = true;
    this.timer?.dispose();
    this.timer = undefined;
    this.subscription.dispose();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
