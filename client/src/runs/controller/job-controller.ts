// The Job controller as a state machine: it is told what happened (runtime events, results of
// its own actions, the clock reaching a moment it asked for) and answers with what to do
// (create, start, stop, remove) and what changed (status, pods, events). It never does I/O and
// never reads the clock, so every rule runs in tests on simulated time.
import type { KubeObject } from '../manifest';
import type { JobCondition, PodModel, Run, RunChange, RunEvent, RunStatus, TargetKind } from '../model';
import type { PodLaunch, RuntimeEvent } from '../pod-runtime';
import { PodLifecycle, type PodEffect } from './container-lifecycle';
import { JobCounters } from './job-counters';
import { condition, interimCondition, terminalCondition, verdicts, type Verdict } from './job-conditions';
import { readJobSpec, type JobSpec } from './job-spec';
import { matchPodFailurePolicy } from './pod-failure-policy';
import { podLaunch, podName } from './pod-template';
import { matchSuccessPolicy } from './success-policy';

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

interface PodRecord {
  lifecycle: PodLifecycle;
  index?: number;
  /** Whether its end has been counted into the status (or deliberately not). */
  accounted: boolean;
  /** Deleted for a suspend: its end is not a failure. */
  uncounted: boolean;
  /** Deleted because the Job is finishing: its end is a failure, whatever the policy says. */
  killedByJob: boolean;
}

const DEFAULT_ENGINE_LOST_TIMEOUT_MS = 60_000;

/** What runs the pods, as the runtime names it; journals written before it named it say "container engine". */
function engineOf(event: { engine?: string }): string {
  return event.engine ?? 'container engine';
}

export class JobController {
  readonly spec: JobSpec;
  private readonly options: JobControllerOptions;
  private readonly scale: number;
  private readonly pods: PodRecord[] = [];
  private readonly events: RunEvent[] = [];
  private conditions: JobCondition[] = [];
  private startTime: number | undefined;
  private completionTime: number | undefined;
  private readonly counters: JobCounters;
  private failJobMessage: string | undefined;
  private verdict: Verdict | undefined;
  private finishedAt: number | undefined;
  private engineLost: { at: number; message: string; engine: string } | undefined;
  private stopRequested = false;
  private removed = false;
  /** What removed the run: its TTL, or a delete input. */
  private removedBy: 'ttl' | 'deleted' = 'deleted';
  private started = false;
  private lastStatus = '';
  private out: ControllerOutput = { actions: [], changes: [] };

  constructor(options: JobControllerOptions) {
    this.options = options;
    this.spec = readJobSpec(options.job);
    this.scale = options.backoffScale ?? 1;
    this.counters = new JobCounters(this.spec.completionMode === 'Indexed', this.spec.backoffLimitPerIndex, this.scale);
  }

  get isFinished(): boolean {
    return this.finishedAt !== undefined;
  }

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

  /** The first failure rule that holds, in the controller's order. */
  private failureVerdict(now: number): Verdict | undefined {
    const spec = this.spec;
    if (this.failJobMessage !== undefined) return verdicts.podFailurePolicy(this.failJobMessage);
    if (this.engineLost && this.engineLostExpired(now)) return verdicts.engineLost(this.engineLost.engine, this.engineLost.message);
    if (this.counters.failed > spec.backoffLimit || this.pastBackoffLimitOnFailure()) return verdicts.backoffLimitExceeded();
    if (this.deadlineAt() !== undefined && now >= (this.deadlineAt() ?? 0)) return verdicts.deadlineExceeded();
    if (spec.backoffLimitPerIndex !== undefined && spec.completions !== undefined) {
      const { failedIndexes, succeededIndexes } = this.counters;
      if (spec.maxFailedIndexes !== undefined && failedIndexes.size > spec.maxFailedIndexes) return verdicts.maxFailedIndexesExceeded();
      if (failedIndexes.size > 0 && failedIndexes.size + succeededIndexes.size >= spec.completions) return verdicts.failedIndexes();
    }
    if (this.stopRequested) return verdicts.stopped();
    return undefined;
  }

  private engineLostExpired(now: number): boolean {
    return this.engineLost !== undefined && now >= this.engineLost.at + (this.options.engineLostTimeoutMs ?? DEFAULT_ENGINE_LOST_TIMEOUT_MS);
  }

  private successPolicyVerdict(): Verdict | undefined {
    if (this.spec.completionMode !== 'Indexed' || this.spec.completions === undefined) return undefined;
    const message = matchSuccessPolicy(this.spec.successPolicy, this.spec.completions, this.counters.succeededIndexes);
    return message === undefined ? undefined : verdicts.successPolicy(message);
  }

  // OnFailure: restarts of the containers of pods still running count as failures.
  private pastBackoffLimitOnFailure(): boolean {
    if (this.spec.restartPolicy !== 'OnFailure') return false;
    const restarts = this.pods.filter((p) => !p.lifecycle.terminal).reduce((sum, p) => sum + p.lifecycle.restarts, 0);
    return this.spec.backoffLimit === 0 ? restarts > 0 : restarts >= this.spec.backoffLimit;
  }

  private deadlineAt(): number | undefined {
    const seconds = this.spec.activeDeadlineSeconds;
    if (seconds === undefined || this.startTime === undefined || this.spec.suspend) return undefined;
    return this.startTime + seconds * 1000;
  }

  /** The Job's outcome is decided: record the interim condition and delete the pods still running. */
  private decide(verdict: Verdict, now: number): void {
    if (this.verdict) return;
    this.verdict = verdict;
    this.conditions.push(interimCondition(verdict, now));
    for (const pod of this.pods) {
      if (pod.lifecycle.terminal || pod.lifecycle.deleting) continue;
      pod.killedByJob = true;
      this.deletePod(pod, now);
    }
  }

  private finish(verdict: Verdict, now: number): void {
    this.conditions.push(terminalCondition(verdict, now));
    this.finishedAt = now;
    if (verdict.outcome === 'success') {
      this.completionTime = now;
      this.recordEvent('Normal', 'Completed', 'Job completed', this.jobObject(), now);
    } else {
      this.recordEvent('Warning', verdict.reason, verdict.message, this.jobObject(), now);
    }
    this.expireAfterTtl(now);
  }

  private expireAfterTtl(now: number): void {
    const ttl = this.spec.ttlSecondsAfterFinished;
    if (ttl === undefined || this.finishedAt === undefined || now < this.finishedAt + ttl * 1000) return;
    for (const pod of this.pods) this.out.actions.push({ kind: 'removePod', pod: pod.lifecycle.model.name });
    this.removed = true;
    this.removedBy = 'ttl';
  }

  private deleteAll(now: number): void {
    for (const pod of this.pods) {
      if (!pod.lifecycle.terminal && !pod.lifecycle.deleting) this.podEffects(pod, pod.lifecycle.terminate(now), now);
    }
    for (const pod of this.pods) this.out.actions.push({ kind: 'removePod', pod: pod.lifecycle.model.name });
    this.removed = true;
  }

  /** Counts a pod that has ended into succeeded / failed, as the pod failure policy says. */
  private account(pod: PodRecord, now: number): void {
    pod.accounted = true;
    if (pod.uncounted) return;
    const model = pod.lifecycle.model;
    if (model.phase === 'Succeeded') return this.counters.recordSuccess(pod.index);
    if (pod.killedByJob) return this.counters.recordKilled();
    const verdict = matchPodFailurePolicy(this.spec.podFailurePolicy, model, this.options.namespace, pod.lifecycle.conditions);
    if (verdict.action === 'FailJob' && this.failJobMessage === undefined) this.failJobMessage = verdict.message;
    this.counters.recordFailure(pod.index, verdict.countFailed, verdict.action, now);
  }

  /** manageJob: suspend and resume, and pods created up to what parallelism and completions allow. */
  private manage(now: number): void {
    if (this.spec.suspend) {
      for (const pod of this.activePods()) {
        pod.uncounted = true;
        this.deletePod(pod, now);
      }
      if (!this.hasCondition('Suspended', 'True')) {
        this.setCondition(condition('Suspended', 'True', 'JobSuspended', 'Job suspended', now));
        this.recordEvent('Normal', 'Suspended', 'Job suspended', this.jobObject(), now);
      }
      return;
    }
    if (this.hasCondition('Suspended', 'True')) {
      this.setCondition(condition('Suspended', 'False', 'JobResumed', 'Job resumed', now));
      this.recordEvent('Normal', 'Resumed', 'Job resumed', this.jobObject(), now);
      // A resumed Job's deadline counts from the resume.
      this.startTime = now;
    }
    this.startTime ??= now;
    if (this.engineLost) return;
    const occupied = this.activePods().length + (this.spec.podReplacementPolicy === 'Failed' ? this.terminatingPods().length : 0);
    if (this.spec.completionMode === 'Indexed') this.createIndexed(occupied, now);
    else this.createNonIndexed(occupied, now);
  }

  private createNonIndexed(occupied: number, now: number): void {
    const { completions, parallelism } = this.spec;
    const wanted =
      completions === undefined
        ? this.counters.succeeded > 0
          ? 0
          : parallelism
        : Math.max(0, Math.min(parallelism, completions - this.counters.succeeded));
    if (occupied >= wanted || this.counters.backoffRemaining(now) > 0) return;
    for (let i = occupied; i < wanted; i++) this.createPod(undefined, now);
  }

  private createIndexed(occupied: number, now: number): void {
    const completions = this.spec.completions ?? 0;
    const busy = new Set(this.pods.filter((p) => !p.lifecycle.terminal && p.index !== undefined).map((p) => p.index as number));
    let slots = this.spec.parallelism - occupied;
    for (let index = 0; index < completions && slots > 0; index++) {
      if (this.counters.succeededIndexes.has(index) || this.counters.failedIndexes.has(index) || busy.has(index)) continue;
      if (this.counters.backoffRemaining(now, index) > 0) continue;
      this.createPod(index, now);
      slots--;
    }
  }

  private createPod(index: number | undefined, now: number): void {
    let name = podName(this.spec.name, index, this.options.nameSuffix());
    while (this.pod(name)) name = podName(this.spec.name, index, this.options.nameSuffix());
    const launch = podLaunch(
      this.spec,
      {
        runId: this.options.runId,
        namespace: this.options.namespace,
        jobUid: this.options.jobUid,
        podName: name,
        podUid: this.options.newUid(),
        index,
        indexFailureCount: index === undefined ? undefined : this.counters.indexFailureCount(index),
      },
      this.options.configMaps ?? [],
      this.options.secrets ?? [],
    );
    const model: PodModel = {
      name,
      uid: launch.uid,
      index,
      phase: 'Pending',
      node: 'local',
      createdAt: new Date(now).toISOString(),
      labels: launch.labels,
      annotations: launch.annotations,
      initContainers: [],
      containers: [],
    };
    const lifecycle = new PodLifecycle(model, this.spec.containers, {
      namespace: this.options.namespace,
      restartPolicy: this.spec.restartPolicy,
      activeDeadlineSeconds: this.spec.podActiveDeadlineSeconds,
      backoffScale: this.scale,
    });
    this.pods.push({ lifecycle, index, accounted: false, uncounted: false, killedByJob: false });
    this.out.actions.push({ kind: 'createPod', launch });
    this.recordEvent('Normal', 'SuccessfulCreate', `Created pod: ${name}`, this.jobObject(), now);
  }

  private deletePod(pod: PodRecord, now: number): void {
    this.podEffects(pod, pod.lifecycle.terminate(now), now);
    this.recordEvent('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.lifecycle.model.name}`, this.jobObject(), now);
    // A pod with nothing running ends at once.
    this.podEffects(pod, pod.lifecycle.step(now), now);
  }

  private podEffects(pod: PodRecord, effects: readonly PodEffect[], now: number): void {
    const name = pod.lifecycle.model.name;
    for (const effect of effects) {
      if (effect.kind === 'startContainer') this.out.actions.push({ kind: 'startContainer', pod: name, container: effect.container });
      else if (effect.kind === 'stopContainers') {
        this.out.actions.push({ kind: 'stopContainers', pod: name, gracePeriodSeconds: this.spec.terminationGracePeriodSeconds, containers: effect.containers });
      } else this.recordEvent(effect.type, effect.reason, effect.message, `pod/${name}`, now);
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

  private activePods(): PodRecord[] {
    return this.pods.filter((p) => !p.lifecycle.terminal && !p.lifecycle.deleting);
  }

  private terminatingPods(): PodRecord[] {
    return this.pods.filter((p) => !p.lifecycle.terminal && p.lifecycle.deleting);
  }

  private pod(name: string): PodRecord | undefined {
    return this.pods.find((p) => p.lifecycle.model.name === name);
  }

  private hasCondition(type: JobCondition['type'], status: JobCondition['status']): boolean {
    return this.conditions.some((c) => c.type === type && c.status === status);
  }

  private setCondition(next: JobCondition): void {
    this.conditions = [...this.conditions.filter((c) => c.type !== next.type), next];
  }

  private jobObject(): string {
    return `job/${this.spec.name}`;
  }

  private recordEvent(type: RunEvent['type'], reason: string, message: string, involvedObject: string, now: number): void {
    const event: RunEvent = { type, reason, message, involvedObject, time: new Date(now).toISOString() };
    this.events.push(event);
    this.out.changes.push({ kind: 'event', event: structuredClone(event) });
  }
}

function changeOrder(change: RunChange): number {
  return change.kind === 'status' ? 2 : change.kind === 'removed' ? 3 : 1;
}
