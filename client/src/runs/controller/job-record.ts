// What the Job controller knows of its Job — the spec, its pods, the counters, conditions and
// events — and how it records what it decides. The rules that act on it are in pod-management.ts
// (which pods to create and delete) and job-outcome.ts (how the Job ends); job-controller.ts
// turns inputs into them and them into outputs.
import type { JobCondition, RunEvent } from '../model';
import type { ControllerOutput, JobControllerOptions } from './job-controller';
import type { PodEffect, PodLifecycle } from './container-lifecycle';
import { JobCounters } from './job-counters';
import type { Verdict } from './job-conditions';
import { readJobSpec, type JobSpec } from './job-spec';

export interface PodRecord {
  lifecycle: PodLifecycle;
  index?: number;
  /** Whether its end has been counted into the status (or deliberately not). */
  accounted: boolean;
  /** Deleted for a suspend: its end is not a failure. */
  uncounted: boolean;
  /** Deleted because the Job is finishing: its end is a failure, whatever the policy says. */
  killedByJob: boolean;
}

export const DEFAULT_ENGINE_LOST_TIMEOUT_MS = 60_000;

export abstract class JobRecord {
  readonly spec: JobSpec;
  protected readonly options: JobControllerOptions;
  protected readonly scale: number;
  protected readonly pods: PodRecord[] = [];
  protected readonly events: RunEvent[] = [];
  protected conditions: JobCondition[] = [];
  protected startTime: number | undefined;
  protected completionTime: number | undefined;
  protected readonly counters: JobCounters;
  protected failJobMessage: string | undefined;
  protected verdict: Verdict | undefined;
  protected finishedAt: number | undefined;
  protected engineLost: { at: number; message: string; engine: string } | undefined;
  protected stopRequested = false;
  protected removed = false;
  /** What removed the run: its TTL, or a delete input. */
  protected removedBy: 'ttl' | 'deleted' = 'deleted';
  protected started = false;
  protected out: ControllerOutput = { actions: [], changes: [] };

  constructor(options: JobControllerOptions) {
    this.options = options;
    this.spec = readJobSpec(options.job);
    this.scale = options.backoffScale ?? 1;
    this.counters = new JobCounters(this.spec.completionMode === 'Indexed', this.spec.backoffLimitPerIndex, this.scale);
  }

  get isFinished(): boolean {
    return this.finishedAt !== undefined;
  }

  protected activePods(): PodRecord[] {
    return this.pods.filter((p) => !p.lifecycle.terminal && !p.lifecycle.deleting);
  }

  protected terminatingPods(): PodRecord[] {
    return this.pods.filter((p) => !p.lifecycle.terminal && p.lifecycle.deleting);
  }

  protected pod(name: string): PodRecord | undefined {
    return this.pods.find((p) => p.lifecycle.model.name === name);
  }

  protected hasCondition(type: JobCondition['type'], status: JobCondition['status']): boolean {
    return this.conditions.some((c) => c.type === type && c.status === status);
  }

  protected setCondition(next: JobCondition): void {
    this.conditions = [...this.conditions.filter((c) => c.type !== next.type), next];
  }

  protected jobObject(): string {
    return `job/${this.spec.name}`;
  }

  protected recordEvent(type: RunEvent['type'], reason: string, message: string, involvedObject: string, now: number): void {
    const event: RunEvent = { type, reason, message, involvedObject, time: new Date(now).toISOString() };
    this.events.push(event);
    this.out.changes.push({ kind: 'event', event: structuredClone(event) });
  }

  protected podEffects(pod: PodRecord, effects: readonly PodEffect[], now: number): void {
    const name = pod.lifecycle.model.name;
    for (const effect of effects) {
      if (effect.kind === 'startContainer') this.out.actions.push({ kind: 'startContainer', pod: name, container: effect.container });
      else if (effect.kind === 'stopContainers') {
        this.out.actions.push({ kind: 'stopContainers', pod: name, gracePeriodSeconds: this.spec.terminationGracePeriodSeconds, containers: effect.containers });
      } else this.recordEvent(effect.type, effect.reason, effect.message, `pod/${name}`, now);
    }
  }
}
