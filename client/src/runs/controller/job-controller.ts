// The Job controller as a state machine: it is told what happened (runtime events, results of
// its own actions, the clock reaching a moment it asked for) and answers with what to do
// (create, start, stop, remove) and what changed (status, pods, events). It never does I/O and
// never reads the clock, so every rule runs in tests on simulated time. This file turns inputs
// into decisions and decisions into outputs; what it knows of the Job is in job-record.ts, which
// pods to create and delete in pod-management.ts, how the Job ends in job-outcome.ts.
import type { KubeObject } from '../manifest';
import type { Run, RunChange, RunStatus, TargetKind } from '../model';
import type { PodLaunch, RuntimeEvent } from '../pod-runtime';
import { verdicts } from './job-conditions';
import { JobOutcome } from './job-outcome';
import { DEFAULT_ENGINE_LOST_TIMEOUT_MS, type PodRecord } from './job-record';

export type RuntimeAction =
  | { kind: 'createPod'; launch: PodLaunch }
  | { kind: 'startContainer'; pod: string; container: string }
  | { kind: 'stopContainers'; pod: string; gracePeriodSeconds: number; containers?: string[] }
  | { kind: 'removePod'; pod: string };

export type ControllerInput =
  /** Begin: the Job was just created. */
  | { type: 'start' }
  /** The clock reached a moment the controller asked to be woken at. */
  | { type: 'tick' }
  | { type: 'runtime'; event: RuntimeEvent }
  /** createPod resolved. */
  | { type: 'podCreated'; pod: string }
  /** stopContainers resolved: those containers are stopped. */
  | { type: 'containersStopped'; pod: string; containers?: string[] }
  /** A runtime call rejected; `refused` when it was a PodRefused. */
  | { type: 'actionFailed'; action: RuntimeAction; message: string; refused?: boolean }
  /** The user stops the run: pods stopped, the Job fails with reason Stopped. */
  | { type: 'stop' }
  /** The user deletes the run: everything is stopped and removed. */
  | { type: 'delete' }
  /** spec.suspend changed (kubectl patch … suspend). */
  | { type: 'setSuspend'; suspend: boolean };

export interface ControllerOutput {
  actions: RuntimeAction[];
  changes: RunChange[];
  /** When to be woken with a tick, if anything is due later. */
  wakeAt?: number;
}

export interface JobControllerOptions {
  job: KubeObject;
  runId: string;
  namespace: string;
  jobUid: string;
  configMaps?: readonly KubeObject[];
  secrets?: readonly KubeObject[];
  /** Multiplies the back-off delays (1 = Kubernetes' timing). */
  backoffScale?: number;
  /** The 5 random characters of a pod name. */
  nameSuffix: () => string;
  newUid: () => string;
  /** How long the engine may stay away before the Job fails with EngineLost. */
  engineLostTimeoutMs?: number;
  /** The target whose runtime runs the pods. */
  target: TargetKind;
}

/** What runs the pods, as the runtime names it; journals written before it named it say "container engine". */
function engineOf(event: { engine?: string }): string {
  return event.engine ?? 'container engine';
}

export class JobController extends JobOutcome {
  private lastStatus = '';

  get isRemoved(): boolean {
    return this.removed;
  }

  /** Why the run was removed, once it is. */
  get removal(): 'ttl' | 'deleted' | undefined {
    return this.removed ? this.removedBy : undefined;
  }

  handle(input: ControllerInput, now: number): ControllerOutput {
    this.out = { actions: [], changes: [] };
    if (this.removed) return this.out;
    // Only pods still running, or the one this input is about, can change: compare just those.
    const watched = new Map(this.pods.filter((p) => !p.lifecycle.terminal).map((p) => [p, JSON.stringify(p.lifecycle.model)]));
    const known = new Set(this.pods);
    const touched = this.apply(input, now);
    if (touched && !watched.has(touched)) watched.set(touched, '');
    if (!this.removed) this.sync(now);
    for (const pod of this.pods) if (!known.has(pod)) watched.set(pod, '');
    for (const [pod, before] of watched) {
      if (JSON.stringify(pod.lifecycle.model) !== before) this.out.changes.push({ kind: 'pod', pod: structuredClone(pod.lifecycle.model) });
    }
    // Also on removal: a TTL of 0 removes the run in the very input that finished it, and its
    // final status must still reach those following it.
    const status = this.status();
    const text = JSON.stringify(status);
    if (text !== this.lastStatus) {
      this.lastStatus = text;
      this.out.changes.push({ kind: 'status', status });
    }
    if (!this.removed) this.out.wakeAt = this.wakeAt(now);
    else this.out.changes.push({ kind: 'removed', cause: this.removedBy });
    // Pod and event changes first, the status last: a listener reading the status sees the pods it counts.
    this.out.changes.sort((a, b) => changeOrder(a) - changeOrder(b));
    return this.out;
  }

  snapshot(): Run {
    return {
      id: this.options.runId,
      target: this.options.target,
      namespace: this.options.namespace,
      jobName: this.spec.name,
      job: structuredClone(this.options.job) as Record<string, unknown>,
      status: this.status(),
      pods: this.pods.map((p) => structuredClone(p.lifecycle.model)),
      events: structuredClone(this.events),
    };
  }

  /** Names of every pod the run created, for cleanup. */
  podNames(): string[] {
    return this.pods.map((p) => p.lifecycle.model.name);
  }

  private apply(input: ControllerInput, now: number): PodRecord | undefined {
    switch (input.type) {
      case 'start':
        this.started = true;
        return undefined;
      case 'tick':
        return undefined;
      case 'stop':
        this.stopRequested = true;
        return undefined;
      case 'setSuspend':
        this.spec.suspend = input.suspend;
        return undefined;
      case 'delete':
        this.deleteAll(now);
        return undefined;
      case 'podCreated': {
        const pod = this.pod(input.pod);
        pod?.lifecycle.onCreated(now);
        return pod;
      }
      case 'containersStopped': {
        const pod = this.pod(input.pod);
        pod?.lifecycle.onStopped(input.containers, now);
        return pod;
      }
      case 'actionFailed':
        return this.actionFailed(input.action, input.message, input.refused === true, now);
      case 'runtime':
        return this.runtimeEvent(input.event, now);
    }
  }

  private runtimeEvent(event: RuntimeEvent, now: number): PodRecord | undefined {
    switch (event.type) {
      case 'engineLost':
        // The connection may come back with the containers still running: wait before giving the pods up.
        this.recordEvent('Warning', 'EngineLost', `The ${engineOf(event)} went away: ${event.message}`, this.jobObject(), now);
        if (!this.isFinished) this.engineLost ??= { at: now, message: event.message, engine: engineOf(event) };
        return undefined;
      case 'engineRestored':
        if (this.engineLost) this.recordEvent('Normal', 'EngineRestored', `The ${engineOf(event)} is back`, this.jobObject(), now);
        this.engineLost = undefined;
        return undefined;
      case 'warning': {
        this.recordEvent('Warning', event.reason, event.message, `pod/${event.pod}`, now);
        return this.pod(event.pod);
      }
      case 'containerStarted': {
        const pod = this.pod(event.pod);
        // A start that comes after the pod was given up (a slow image pull, say) is stopped again.
        if (pod && !pod.lifecycle.onStarted(event.container, event.startedAt) && (pod.lifecycle.terminal || pod.lifecycle.deleting)) {
          this.out.actions.push({ kind: 'stopContainers', pod: event.pod, gracePeriodSeconds: this.spec.terminationGracePeriodSeconds, containers: [event.container] });
        }
        return pod;
      }
      case 'containerExited': {
        const pod = this.pod(event.pod);
        pod?.lifecycle.onExited(event.container, event, now);
        return pod;
      }
      case 'containerNotStarted': {
        const pod = this.pod(event.pod);
        if (pod) this.podEffects(pod, pod.lifecycle.onNotStarted(event.container, event.reason, event.message, event.retryable, now), now);
        return pod;
      }
    }
  }

  private actionFailed(action: RuntimeAction, message: string, refused: boolean, now: number): PodRecord | undefined {
    switch (action.kind) {
      case 'createPod': {
        const pod = this.pod(action.launch.podName);
        this.recordEvent('Warning', 'FailedCreate', `Error creating: ${message}`, this.jobObject(), now);
        if (refused) this.decide(verdicts.podRefused(message), now);
        pod?.lifecycle.onCreateFailed('FailedCreate', message, now);
        return pod;
      }
      case 'startContainer': {
        const pod = this.pod(action.pod);
        // As the kubelet does with a runtime error on start: the container waits and is tried again with back-off.
        if (pod) this.podEffects(pod, pod.lifecycle.onNotStarted(action.container, 'RunContainerError', message, true, now), now);
        return pod;
      }
      case 'stopContainers': {
        const pod = this.pod(action.pod);
        this.recordEvent('Warning', 'FailedKillPod', `error killing pod: ${message}`, `pod/${action.pod}`, now);
        pod?.lifecycle.onStopped(action.containers, now);
        return pod;
      }
      case 'removePod':
        this.recordEvent('Warning', 'FailedDelete', `Error deleting: ${message}`, `pod/${action.pod}`, now);
        return undefined;
    }
  }

  private sync(now: number): void {
    if (this.isFinished) {
      this.expireAfterTtl(now);
      return;
    }
    if (!this.started) return;
    for (const pod of this.pods) {
      if (!pod.lifecycle.terminal) this.podEffects(pod, pod.lifecycle.step(now), now);
    }
    if (this.engineLostExpired(now)) {
      // The engine stayed away: its pods are gone, as pods on a lost node are.
      for (const pod of this.pods) if (!pod.lifecycle.terminal) pod.lifecycle.disrupt('EngineLost', `The ${this.engineLost?.engine ?? ''} went away: ${this.engineLost?.message ?? ''}`, now);
    }
    for (const pod of this.pods) if (pod.lifecycle.terminal && !pod.accounted) this.account(pod, now);

    if (!this.verdict) {
      const verdict = this.failureVerdict(now) ?? this.successPolicyVerdict();
      if (verdict) this.decide(verdict, now);
    }
    if (!this.verdict) {
      this.manage(now);
      const active = this.activePods().length;
      const done = this.spec.completions === undefined ? this.counters.succeeded > 0 : this.counters.succeeded >= this.spec.completions;
      if (done && active === 0) this.decide(verdicts.completionsReached(), now);
    }
    if (this.verdict && this.pods.every((p) => p.lifecycle.terminal)) {
      for (const pod of this.pods) if (!pod.accounted) this.account(pod, now);
      this.finish(this.verdict, now);
    }
  }

  private wakeAt(now: number): number | undefined {
    const times: number[] = [];
    for (const pod of this.pods) {
      const at = pod.lifecycle.wakeAt();
      if (at !== undefined) times.push(at);
    }
    if (this.isFinished) {
      if (this.spec.ttlSecondsAfterFinished !== undefined && this.finishedAt !== undefined) times.push(this.finishedAt + this.spec.ttlSecondsAfterFinished * 1000);
    } else if (!this.verdict) {
      const deadline = this.deadlineAt();
      if (deadline !== undefined) times.push(deadline);
      if (this.engineLost) times.push(this.engineLost.at + (this.options.engineLostTimeoutMs ?? DEFAULT_ENGINE_LOST_TIMEOUT_MS));
      times.push(...this.counters.backoffEnds(now));
    }
    // Whatever was due at `now` has just been handled.
    const future = times.filter((t) => t > now);
    return future.length ? Math.min(...future) : undefined;
  }

  private status(): RunStatus {
    const status: RunStatus = {
      active: this.activePods().length,
      ready: this.activePods().filter((p) => p.lifecycle.ready).length,
      ...this.counters.statusFields(),
      terminating: this.terminatingPods().length,
      conditions: structuredClone(this.conditions),
    };
    if (this.startTime !== undefined) status.startTime = new Date(this.startTime).toISOString();
    if (this.completionTime !== undefined) status.completionTime = new Date(this.completionTime).toISOString();
    return status;
  }

}

function changeOrder(change: RunChange): number {
  return change.kind === 'status' ? 2 : change.kind === 'removed' ? 3 : 1;
}
