// manageJob, as the Kubernetes Job controller has it: pods created up to what parallelism and
// completions allow (Indexed or not, after the back-off of earlier failures), deleted for a
// suspend, and everything stopped and removed for a delete.
import type { PodModel } from '../model';
import { PodLifecycle } from './container-lifecycle';
import { condition } from './job-conditions';
import { JobRecord, type PodRecord } from './job-record';
import { podLaunch, podName } from './pod-template';

export abstract class PodManagement extends JobRecord {
  /** manageJob: suspend and resume, and pods created up to what parallelism and completions allow. */
  protected manage(now: number): void {
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

  protected createNonIndexed(occupied: number, now: number): void {
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

  protected createIndexed(occupied: number, now: number): void {
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

  protected createPod(index: number | undefined, now: number): void {
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
        indexIgnoredFailureCount: index === undefined ? undefined : this.counters.indexIgnoredFailureCount(index),
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
      terminationGracePeriodSeconds: this.spec.terminationGracePeriodSeconds,
      backoffScale: this.scale,
    });
    this.pods.push({ lifecycle, index, accounted: false, uncounted: false, killedByJob: false });
    this.out.actions.push({ kind: 'createPod', launch });
    this.recordEvent('Normal', 'SuccessfulCreate', `Created pod: ${name}`, this.jobObject(), now);
  }

  protected deletePod(pod: PodRecord, now: number): void {
    this.podEffects(pod, pod.lifecycle.terminate(now), now);
    this.recordEvent('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.lifecycle.model.name}`, this.jobObject(), now);
    // A pod with nothing running ends at once.
    this.podEffects(pod, pod.lifecycle.step(now), now);
  }

  protected deleteAll(now: number): void {
    for (const pod of this.pods) {
      if (!pod.lifecycle.terminal && !pod.lifecycle.deleting) this.podEffects(pod, pod.lifecycle.terminate(now), now);
    }
    for (const pod of this.pods) this.out.actions.push({ kind: 'removePod', pod: pod.lifecycle.model.name });
    this.removed = true;
  }
}
