// A RunHandle whose story the test writes: pods, statuses and log lines arrive when the test
// says so. For code that consumes runs (CLI, reporters); targets are tested for real elsewhere.
import { Emitter } from '../../client/src/runs/emitter';
import type { LogLine, LogOptions, PodModel, Run, RunChange, RunHandle, RunStatus } from '../../client/src/runs/model';

export class ScriptedRun implements RunHandle {
  readonly id: string;
  private run: Run;
  private readonly changes = new Emitter<RunChange>();
  private readonly lines = new Map<string, LogLine[]>();
  private readonly waiters = new Set<() => void>();
  private readonly finishers: ((run: Run) => void)[] = [];
  deleted = false;
  stopped = false;

  constructor(jobName: string, spec: Record<string, unknown> = {}) {
    this.id = `scripted-${jobName}`;
    this.run = {
      id: this.id,
      target: 'docker',
      namespace: 'default',
      jobName,
      job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: jobName }, spec },
      status: { active: 0, ready: 0, succeeded: 0, failed: 0, terminating: 0, conditions: [] },
      pods: [],
      events: [],
    };
  }

  snapshot(): Run {
    return structuredClone(this.run);
  }

  onDidChange = this.changes.event;

  pod(pod: PodModel): void {
    this.run.pods = [...this.run.pods.filter((p) => p.name !== pod.name), pod];
    this.changes.fire({ kind: 'pod', pod });
  }

  status(status: Partial<RunStatus>): void {
    this.run.status = { ...this.run.status, ...status };
    this.changes.fire({ kind: 'status', status: this.run.status });
    if (status.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) {
      for (const resolve of this.finishers.splice(0)) resolve(this.snapshot());
    }
  }

  /** Log lines of a container; its stream ends when `closeLogs` is called. */
  log(pod: string, container: string, text: string, stream: LogLine['stream'] = 'stdout', time = new Date().toISOString()): void {
    const key = `${pod}/${container}`;
    const list = this.lines.get(key) ?? [];
    list.push({ pod, container, stream, text, time });
    this.lines.set(key, list);
    for (const wake of this.waiters) wake();
  }

  private closed = new Set<string>();

  closeLogs(pod: string, container: string): void {
    this.closed.add(`${pod}/${container}`);
    for (const wake of this.waiters) wake();
  }

  private readonly previousLines = new Map<string, LogLine[]>();

  /** The output of the container instance before its last restart. */
  previousLog(pod: string, container: string, text: string): void {
    const key = `${pod}/${container}`;
    this.previousLines.set(key, [...(this.previousLines.get(key) ?? []), { pod, container, stream: 'stdout', text, time: new Date().toISOString() }]);
  }

  async *logs(pod: string, container: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const key = `${pod}/${container}`;
    if (options.previous) {
      yield* this.previousLines.get(key) ?? [];
      return;
    }
    let next = 0;
    while (true) {
      const list = this.lines.get(key) ?? [];
      while (next < list.length) yield list[next++];
      if (this.closed.has(key)) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          resolve();
        };
        this.waiters.add(wake);
      });
    }
  }

  finished(): Promise<Run> {
    return new Promise((resolve) => this.finishers.push(resolve));
  }

  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }

  delete(): Promise<void> {
    this.deleted = true;
    return Promise.resolve();
  }
}

export function terminatedPod(name: string, container: string, exitCode: number): PodModel {
  const at = new Date().toISOString();
  return {
    name,
    uid: name,
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    node: 'local',
    createdAt: at,
    finishedAt: at,
    labels: {},
    annotations: {},
    initContainers: [],
    containers: [
      { name: container, image: 'busybox', role: 'main', ready: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', finishedAt: at } } },
    ],
  };
}
