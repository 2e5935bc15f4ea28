// One pod's containers, as the kubelet runs them: init containers one after another, sidecars
// (init containers with restartPolicy Always) started and kept running, then the main
// containers; OnFailure restarts in place with the container back-off; image pulls retried with
// their own back-off while the pod stays Pending; the pod's own activeDeadlineSeconds; and a
// graceful stop. Pure: it is told what happened and when, and answers what to do next.
import type { ContainerModel, ContainerState, PodModel } from '../model';
import { containerRestartDelay, startRetryDelay } from './backoff';
import type { ContainerSpec } from './job-spec';

export interface PodLifecycleOptions {
  namespace: string;
  restartPolicy: 'Never' | 'OnFailure';
  /** The pod spec's activeDeadlineSeconds. */
  activeDeadlineSeconds?: number;
  /** The pod spec's terminationGracePeriodSeconds (its default filled in). */
  terminationGracePeriodSeconds: number;
  backoffScale: number;
}

export type PodEffect =
  | { kind: 'startContainer'; container: string }
  | { kind: 'stopContainers'; containers: string[] }
  | { kind: 'event'; type: 'Normal' | 'Warning'; reason: string; message: string };

type Progress = 'idle' | 'starting' | 'running' | 'exited' | 'backoff' | 'startBackoff';

interface ContainerRun {
  spec: ContainerSpec;
  model: ContainerModel;
  progress: Progress;
  /** When a restart or a new pull attempt is due. */
  retryAt?: number;
  /** When ErrImagePull turns into ImagePullBackOff. */
  pullBackoffShownAt?: number;
  failedStarts: number;
  /** Its terminated state was assumed after a stop, not reported. */
  assumed?: boolean;
}

interface Ending {
  phase: 'Succeeded' | 'Failed';
  reason?: string;
  message?: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

// How long ErrImagePull shows before the kubelet's next sync reports ImagePullBackOff.
const PULL_ERROR_SHOWN_MS = 1000;

export class PodLifecycle {
  readonly model: PodModel;
  private readonly runs: ContainerRun[];
  private created = false;
  private ending: Ending | undefined;
  private stopping = new Set<string>();
  /** Reasons a policy can match: DisruptionTarget when the pod was lost with the engine. */
  readonly conditions: { type: string; status: 'True' | 'False' }[] = [];

  constructor(
    model: PodModel,
    specs: readonly ContainerSpec[],
    private readonly options: PodLifecycleOptions,
  ) {
    this.model = model;
    const hasInit = specs.some((s) => s.role !== 'main');
    this.runs = specs.map((spec) => ({
      spec,
      progress: 'idle',
      failedStarts: 0,
      model: {
        name: spec.name,
        image: spec.image,
        role: spec.role,
        state: { waiting: { reason: spec.role === 'main' && hasInit ? 'PodInitializing' : 'ContainerCreating' } },
        restartCount: 0,
        ready: false,
      },
    }));
    this.syncModel();
  }

  get terminal(): boolean {
    return this.model.phase === 'Succeeded' || this.model.phase === 'Failed';
  }

  get deleting(): boolean {
    return this.model.deletionTimestamp !== undefined;
  }

  get ready(): boolean {
    const serving = this.runs.filter((r) => r.spec.role !== 'init');
    return this.model.phase === 'Running' && serving.every((r) => r.model.ready);
  }

  /** Container restarts so far (OnFailure restarts count towards the Job's backoffLimit). */
  get restarts(): number {
    return this.runs.reduce((sum, r) => sum + r.model.restartCount, 0);
  }

  /** The runtime created the pod's sandbox. */
  onCreated(now: number): void {
    if (this.terminal) return;
    this.created = true;
    this.model.startTime = iso(now);
  }

  /** The pod could not be created at all. */
  onCreateFailed(reason: string, message: string, now: number): void {
    this.ending = { phase: 'Failed', reason, message };
    this.finish(now);
  }

  /** False when the start was not expected (the container was given up meanwhile). */
  onStarted(container: string, startedAt: string): boolean {
    const run = this.find(container);
    // Only a start we asked for: a late report must not revive a container that already ended.
    if (!run || this.terminal || run.progress !== 'starting') return false;
    run.progress = 'running';
    run.failedStarts = 0;
    run.model.state = { running: { startedAt } };
    run.model.ready = run.spec.role !== 'init';
    if (run.spec.role === 'main' && this.model.phase === 'Pending') this.model.phase = 'Running';
    this.syncModel();
    return true;
  }

  onExited(container: string, exit: { exitCode: number; oomKilled: boolean; startedAt?: string; finishedAt: string; message?: string }, now: number): void {
    const run = this.find(container);
    if (!run) return;
    const reason = exit.oomKilled ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error';
    const terminated: ContainerState = {
      terminated: { exitCode: exit.exitCode, reason, message: exit.message, startedAt: exit.startedAt ?? startedAtOf(run.model.state), finishedAt: exit.finishedAt },
    };
    if (this.terminal) {
      // A report that arrives after a stop we assumed finished: keep the true exit code.
      if (run.assumed) {
        run.model.state = terminated;
        run.assumed = false;
      }
      return;
    }
    run.progress = 'exited';
    run.model.state = terminated;
    run.model.ready = false;
    this.stopping.delete(container);
    if (this.ending || this.deleting) return;
    const restarts = run.spec.role === 'sidecar' || (exit.exitCode !== 0 && this.options.restartPolicy === 'OnFailure');
    if (restarts && !this.mainsFinished()) this.scheduleRestart(run, now);
    else if (run.spec.role === 'init' && exit.exitCode !== 0) this.ending = { phase: 'Failed' };
  }

  onNotStarted(container: string, reason: string, message: string, retryable: boolean, now: number): PodEffect[] {
    const run = this.find(container);
    if (!run || this.terminal || run.progress !== 'starting') return [];
    run.model.state = { waiting: { reason, message } };
    run.model.ready = false;
    this.stopping.delete(container);
    if (!retryable || this.ending || this.deleting) {
      // The runtime gave up on this container: the pod cannot run, so it fails.
      run.progress = 'idle';
      if (!this.ending) this.ending = { phase: 'Failed', reason, message };
      return [{ kind: 'event', type: 'Warning', reason: 'Failed', message: `Error: ${reason}` }];
    }
    // Retried with the same doubling back-off; the pod stays Pending meanwhile.
    run.progress = 'startBackoff';
    run.failedStarts++;
    const delay = startRetryDelay(run.failedStarts, this.options.backoffScale);
    run.retryAt = now + delay;
    if (reason !== 'ErrImagePull') return [{ kind: 'event', type: 'Warning', reason: 'Failed', message: `Error: ${message}` }];
    run.pullBackoffShownAt = now + Math.min(PULL_ERROR_SHOWN_MS, delay);
    return [
      { kind: 'event', type: 'Warning', reason: 'Failed', message: message.startsWith('Failed to pull image') ? message : `Failed to pull image "${run.spec.image}": ${message}` },
      { kind: 'event', type: 'Warning', reason: 'Failed', message: `Error: ${reason}` },
    ];
  }

  /**
   * The Job controller deletes the pod: stop everything with the grace period. As the API
   * server does, the deletionTimestamp is when the grace period ends, not when the delete came.
   */
  terminate(now: number): PodEffect[] {
    if (this.terminal || this.deleting) return [];
    this.model.deletionTimestamp = iso(now + this.options.terminationGracePeriodSeconds * 1000);
    return this.stopAll();
  }

  /** stopContainers returned: whatever has not reported its end is stopped now. */
  onStopped(containers: readonly string[] | undefined, now: number): void {
    for (const run of this.runs) {
      if (containers && !containers.includes(run.spec.name)) continue;
      this.stopping.delete(run.spec.name);
      if (run.progress === 'running' || run.progress === 'starting') {
        run.progress = 'exited';
        run.assumed = true;
        run.model.ready = false;
        run.model.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: startedAtOf(run.model.state), finishedAt: iso(now) } };
      }
    }
  }

  /** The engine went away with the pod's containers: the pod is gone, as on a lost node. */
  disrupt(reason: string, message: string, now: number): void {
    if (this.terminal) return;
    this.conditions.push({ type: 'DisruptionTarget', status: 'True' });
    for (const run of this.runs) {
      if (run.progress === 'running' || run.progress === 'starting') {
        run.progress = 'exited';
        run.model.ready = false;
        run.model.state = { terminated: { exitCode: 137, reason: 'Error', message, startedAt: startedAtOf(run.model.state), finishedAt: iso(now) } };
      }
    }
    this.ending = { phase: 'Failed', reason, message };
    this.finish(now);
  }

  /** Moves the pod on at `now`: starts what may start, restarts what is due, ends the pod when it is over. */
  step(now: number): PodEffect[] {
    if (this.terminal || !this.created) return [];
    const effects: PodEffect[] = [];
    if (!this.ending && !this.deleting && this.pastDeadline(now)) {
      const message = 'Pod was active on the node longer than the specified deadline';
      this.ending = { phase: 'Failed', reason: 'DeadlineExceeded', message };
      effects.push({ kind: 'event', type: 'Warning', reason: 'DeadlineExceeded', message });
    }
    if (this.ending || this.deleting) {
      effects.push(...this.stopAll());
      if (!this.anyAlive()) this.finish(now);
      this.syncModel();
      return effects;
    }
    for (const run of this.runs) {
      if (run.progress === 'startBackoff' && run.pullBackoffShownAt !== undefined && now >= run.pullBackoffShownAt) {
        run.pullBackoffShownAt = undefined;
        const message = `Back-off pulling image "${run.spec.image}"`;
        run.model.state = { waiting: { reason: 'ImagePullBackOff', message } };
        effects.push({ kind: 'event', type: 'Normal', reason: 'BackOff', message });
      }
    }
    effects.push(...this.startDue(now));
    if (this.mainsFinished()) {
      const failed = this.mains().some((r) => exitCodeOf(r) !== 0);
      this.ending = { phase: failed ? 'Failed' : 'Succeeded' };
      effects.push(...this.stopAll());
      if (!this.anyAlive()) this.finish(now);
    }
    this.syncModel();
    return effects;
  }

  /** The next moment `step` has something to do without being told anything new. */
  wakeAt(): number | undefined {
    if (this.terminal || !this.created) return undefined;
    const times: number[] = [];
    if (!this.ending && !this.deleting && this.options.activeDeadlineSeconds !== undefined && this.model.startTime) {
      times.push(Date.parse(this.model.startTime) + this.options.activeDeadlineSeconds * 1000);
    }
    for (const run of this.runs) {
      if (run.retryAt !== undefined) times.push(run.retryAt);
      if (run.pullBackoffShownAt !== undefined) times.push(run.pullBackoffShownAt);
    }
    return times.length ? Math.min(...times) : undefined;
  }

  private startDue(now: number): PodEffect[] {
    const effects: PodEffect[] = [];
    const start = (run: ContainerRun): void => {
      // A restart in place counts when the new container is created, as the kubelet counts it.
      if (run.progress === 'backoff') run.model.restartCount++;
      run.progress = 'starting';
      run.retryAt = undefined;
      effects.push({ kind: 'startContainer', container: run.spec.name });
    };
    const due = (run: ContainerRun): boolean =>
      run.progress === 'idle' || ((run.progress === 'backoff' || run.progress === 'startBackoff') && (run.retryAt ?? 0) <= now);
    // Init containers in order; a sidecar only has to have started before the next one runs.
    for (const run of this.runs.filter((r) => r.spec.role !== 'main')) {
      if (run.spec.role === 'sidecar') {
        if (due(run)) start(run);
        if (run.progress === 'running') continue;
        if (run.model.restartCount > 0 || run.progress === 'backoff') continue;
        return effects;
      }
      if (run.progress === 'exited' && exitCodeOf(run) === 0) continue;
      if (due(run)) start(run);
      return effects;
    }
    for (const run of this.mains()) if (due(run)) start(run);
    return effects;
  }

  private scheduleRestart(run: ContainerRun, now: number): void {
    const delay = containerRestartDelay(run.model.restartCount, this.options.backoffScale);
    run.progress = 'backoff';
    run.retryAt = now + delay;
    run.model.lastState = run.model.state;
    run.model.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${formatDelay(delay)} restarting failed container=${run.spec.name} pod=${this.model.name}_${this.options.namespace}(${this.model.uid})`,
      },
    };
  }

  private stopAll(): PodEffect[] {
    const alive = this.runs.filter((r) => (r.progress === 'running' || r.progress === 'starting') && !this.stopping.has(r.spec.name));
    for (const run of this.runs) {
      // Nothing pending starts any more.
      if (run.progress === 'backoff' || run.progress === 'startBackoff') {
        run.progress = run.model.lastState && 'terminated' in run.model.lastState ? 'exited' : 'idle';
        if (run.progress === 'exited' && run.model.lastState) run.model.state = run.model.lastState;
        run.retryAt = undefined;
        run.pullBackoffShownAt = undefined;
      }
    }
    if (alive.length === 0) return [];
    for (const run of alive) this.stopping.add(run.spec.name);
    return [
      ...alive.map((r): PodEffect => ({ kind: 'event', type: 'Normal', reason: 'Killing', message: `Stopping container ${r.spec.name}` })),
      { kind: 'stopContainers', containers: alive.map((r) => r.spec.name) },
    ];
  }

  private finish(now: number): void {
    const ending = this.ending ?? { phase: 'Failed' };
    // A pod stopped before its main containers all succeeded has failed.
    const phase = ending.phase === 'Succeeded' && this.mains().every((r) => exitCodeOf(r) === 0) ? 'Succeeded' : 'Failed';
    this.model.phase = phase;
    if (ending.reason) this.model.reason = ending.reason;
    if (ending.message) this.model.message = ending.message;
    this.model.finishedAt = iso(now);
    for (const run of this.runs) {
      run.model.ready = false;
      run.retryAt = undefined;
      run.pullBackoffShownAt = undefined;
    }
    this.syncModel();
  }

  private pastDeadline(now: number): boolean {
    const seconds = this.options.activeDeadlineSeconds;
    return seconds !== undefined && this.model.startTime !== undefined && now >= Date.parse(this.model.startTime) + seconds * 1000;
  }

  private mainsFinished(): boolean {
    return this.mains().every((r) => r.progress === 'exited' && (exitCodeOf(r) === 0 || this.options.restartPolicy === 'Never'));
  }

  private anyAlive(): boolean {
    return this.runs.some((r) => r.progress === 'running' || r.progress === 'starting');
  }

  private mains(): ContainerRun[] {
    return this.runs.filter((r) => r.spec.role === 'main');
  }

  private find(name: string): ContainerRun | undefined {
    return this.runs.find((r) => r.spec.name === name);
  }

  private syncModel(): void {
    this.model.initContainers = this.runs.filter((r) => r.spec.role !== 'main').map((r) => r.model);
    this.model.containers = this.mains().map((r) => r.model);
  }
}

function exitCodeOf(run: ContainerRun): number | undefined {
  return 'terminated' in run.model.state ? run.model.state.terminated.exitCode : undefined;
}

function startedAtOf(state: ContainerState): string | undefined {
  return 'running' in state ? state.running.startedAt : undefined;
}

function formatDelay(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m0s`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}m${+(seconds % 60).toFixed(3)}s`;
  return `${+seconds.toFixed(3)}s`;
}
