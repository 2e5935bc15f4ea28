// An in-memory PodRuntime for the controller's unit tests: each container does what the test's
// script says (run for a while and exit with a code, run until stopped, fail to start), on the
// manual clock. It records every call, so tests check what the controller asked for and when.
import { Emitter } from '../../../client/src/runs/emitter';
import type { ManualClock } from '../../../client/src/runs/controller/clock';
import type { LogLine } from '../../../client/src/runs/model';
import type { PodLaunch, PodRuntime, RuntimeEvent } from '../../../client/src/runs/pod-runtime';

export type ContainerPlan =
  | { runSeconds: number; exitCode?: number; oomKilled?: boolean; output?: string[] }
  /** Runs until stopped; exits 143 on SIGTERM, or only at the end of the grace period (137) when it ignores it. */
  | { forever: true; ignoresSigterm?: boolean }
  | { notStarted: { reason: string; message: string; retryable: boolean } };

export interface ContainerCall {
  pod: string;
  container: string;
  /** 1 for the first start of this container in this pod, 2 for its first restart… */
  attempt: number;
  launch: PodLaunch;
}

export type Script = (call: ContainerCall) => ContainerPlan;

export interface RecordedCall {
  at: number;
  kind: 'createPod' | 'startContainer' | 'stopContainers' | 'removePod';
  pod: string;
  container?: string;
  gracePeriodSeconds?: number;
  containers?: readonly string[];
}

interface Running {
  pod: string;
  container: string;
  startedAt: string;
  /** 0 for the first run of the container in its pod, 1 after one restart… */
  attempt: number;
  exit?: { dispose(): void };
  plan: ContainerPlan;
}

export class FakeRuntime implements PodRuntime {
  readonly calls: RecordedCall[] = [];
  readonly launches = new Map<string, PodLaunch>();
  readonly removed = new Set<string>();
  /** The most pods that had a container running at the same time. */
  maxRunningPods = 0;
  /** Makes the next call of that kind reject with this error. */
  readonly failures: Partial<Record<RecordedCall['kind'], Error>> = {};
  private readonly events = new Emitter<RuntimeEvent>();
  private readonly attempts = new Map<string, number>();
  private readonly running = new Map<string, Running>();
  private readonly output = new Map<string, LogLine[]>();
  private readonly dead: Running[] = [];
  /** Every start and exit reported, as the engine would still know them for a process taking over. */
  private readonly history: RuntimeEvent[] = [];

  constructor(
    private readonly clock: ManualClock,
    private readonly script: Script,
  ) {}

  readonly onEvent = this.events.event;

  emit(event: RuntimeEvent): void {
    if (event.type === 'containerStarted' || event.type === 'containerExited') this.history.push(event);
    this.events.fire(event);
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }

  /** Reports again every start and exit of the pods' containers, as a runtime taking them over does. */
  adoptPods(_runId: string, pods: readonly PodLaunch[]): Promise<void> {
    const names = new Set(pods.map((p) => p.podName));
    for (const pod of pods) this.launches.set(pod.podName, pod);
    for (const event of this.history.filter((e) => 'pod' in e && names.has(e.pod))) this.events.fire(event);
    return Promise.resolve();
  }

  private failure(kind: RecordedCall['kind']): Error | undefined {
    const error = this.failures[kind];
    delete this.failures[kind];
    return error;
  }

  createPod(launch: PodLaunch): Promise<void> {
    this.calls.push({ at: this.clock.now(), kind: 'createPod', pod: launch.podName });
    const error = this.failure('createPod');
    if (error) return Promise.reject(error);
    this.launches.set(launch.podName, launch);
    return Promise.resolve();
  }

  startContainer(pod: string, container: string): Promise<void> {
    this.calls.push({ at: this.clock.now(), kind: 'startContainer', pod, container });
    const error = this.failure('startContainer');
    if (error) return Promise.reject(error);
    const launch = this.launches.get(pod);
    if (!launch) return Promise.reject(new Error(`no pod ${pod}`));
    const key = `${pod}/${container}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const plan = this.script({ pod, container, attempt, launch });
    if ('notStarted' in plan) {
      this.emit({ type: 'containerNotStarted', pod, container, ...plan.notStarted });
      return Promise.resolve();
    }
    const startedAt = new Date(this.clock.now()).toISOString();
    const run: Running = { pod, container, startedAt, attempt: attempt - 1, plan };
    this.running.set(key, run);
    this.maxRunningPods = Math.max(this.maxRunningPods, new Set([...this.running.values()].map((r) => r.pod)).size);
    for (const text of 'output' in plan ? (plan.output ?? []) : []) this.log(pod, container, text);
    this.emit({ type: 'containerStarted', pod, container, startedAt, attempt: attempt - 1 });
    if ('runSeconds' in plan) {
      run.exit = this.clock.setTimer(this.clock.now() + plan.runSeconds * 1000, () => this.exit(key, plan.exitCode ?? 0, plan.oomKilled ?? false));
    }
    return Promise.resolve();
  }

  stopContainers(pod: string, gracePeriodSeconds: number, containers?: readonly string[]): Promise<void> {
    this.calls.push({ at: this.clock.now(), kind: 'stopContainers', pod, gracePeriodSeconds, containers });
    const error = this.failure('stopContainers');
    if (error) return Promise.reject(error);
    const targets = [...this.running.values()].filter((r) => r.pod === pod && (!containers || containers.includes(r.container)));
    const stubborn = targets.filter((r) => 'forever' in r.plan && r.plan.ignoresSigterm);
    for (const run of targets.filter((r) => !stubborn.includes(r))) this.exit(`${pod}/${run.container}`, 143, false);
    if (stubborn.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.clock.setTimer(this.clock.now() + gracePeriodSeconds * 1000, () => {
        for (const run of stubborn) this.exit(`${pod}/${run.container}`, 137, false);
        resolve();
      });
    });
  }

  removePod(pod: string): Promise<void> {
    this.calls.push({ at: this.clock.now(), kind: 'removePod', pod });
    const error = this.failure('removePod');
    if (error) return Promise.reject(error);
    for (const [key, run] of this.running) if (run.pod === pod) this.running.delete(key);
    this.removed.add(pod);
    return Promise.resolve();
  }

  log(pod: string, container: string, text: string): void {
    const key = `${pod}/${container}`;
    this.output.set(key, [...(this.output.get(key) ?? []), { pod, container, stream: 'stdout', text, time: new Date(this.clock.now()).toISOString() }]);
  }

  async *logs(pod: string, container: string): AsyncIterable<LogLine> {
    await Promise.resolve();
    yield* this.output.get(`${pod}/${container}`) ?? [];
  }

  /** Containers running now, as "pod/container". */
  runningContainers(): string[] {
    return [...this.running.keys()];
  }

  /** The engine dies and every container with it; `restoreEngine` reports them ended, as the runtime reconciles. */
  loseEngine(message: string): void {
    for (const run of this.running.values()) run.exit?.dispose();
    this.dead.push(...this.running.values());
    this.running.clear();
    this.emit({ type: 'engineLost', engine: 'Docker engine', message });
  }

  /** Only the connection drops: the containers keep running. */
  loseConnection(message: string): void {
    this.emit({ type: 'engineLost', engine: 'Docker engine', message });
  }

  restoreEngine(): void {
    this.emit({ type: 'engineRestored', engine: 'Docker engine' });
    for (const run of this.dead.splice(0)) {
      this.emit({ type: 'containerExited', pod: run.pod, container: run.container, attempt: run.attempt, exitCode: 137, oomKilled: false, startedAt: run.startedAt, finishedAt: new Date(this.clock.now()).toISOString() });
    }
  }

  private exit(key: string, exitCode: number, oomKilled: boolean): void {
    const run = this.running.get(key);
    if (!run) return;
    run.exit?.dispose();
    this.running.delete(key);
    this.emit({ type: 'containerExited', pod: run.pod, container: run.container, attempt: run.attempt, exitCode, oomKilled, startedAt: run.startedAt, finishedAt: new Date(this.clock.now()).toISOString() });
  }
}
