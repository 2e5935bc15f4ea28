// A DockerPodRuntime on the real engine for one test: unique run ids, every runtime event
// recorded and awaitable, pods built from a few lines, and an after hook that removes the run
// and checks that nothing labelled with it is left.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { DockerPodRuntime, type DockerPodRuntimeOptions } from '../../../client/src/runs/docker/docker-pod-runtime';
import { findRuns, removeRun } from '../../../client/src/runs/docker/cleanup';
import type { PodLaunch, RuntimeEvent } from '../../../client/src/runs/pod-runtime';
import type { KubeObject } from '../../../client/src/runs/manifest';
import type { LogLine } from '../../../client/src/runs/model';

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export class RuntimeHarness {
  readonly runId = uniqueId('kjt');
  readonly runtime: DockerPodRuntime;
  readonly events: RuntimeEvent[] = [];
  private waiters: { predicate: (e: RuntimeEvent) => boolean; resolve: (e: RuntimeEvent) => void }[] = [];

  constructor(options: DockerPodRuntimeOptions = {}) {
    this.runtime = new DockerPodRuntime(options);
    this.runtime.onEvent((event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(event)) return true;
        w.resolve(event);
        return false;
      });
    });
  }

  /** A PodLaunch for this run; `spec` is the pod template's spec. */
  launch(spec: Record<string, unknown>, extra: Partial<PodLaunch> & { configMaps?: KubeObject[]; secrets?: KubeObject[] } = {}): PodLaunch {
    const podName = extra.podName ?? uniqueId('job');
    return {
      runId: this.runId,
      namespace: 'default',
      jobName: 'job',
      podName,
      uid: uniqueId('uid'),
      hostname: podName,
      labels: { 'job-name': 'job' },
      annotations: {},
      configMaps: [],
      secrets: [],
      ...extra,
      spec: { restartPolicy: 'Never', ...spec },
    };
  }

  /** The first event (already seen or still to come) that matches. */
  next<T extends RuntimeEvent['type']>(type: T, match: (e: Extract<RuntimeEvent, { type: T }>) => boolean = () => true, timeoutMs = 30_000): Promise<Extract<RuntimeEvent, { type: T }>> {
    const predicate = (e: RuntimeEvent): boolean => e.type === type && match(e as Extract<RuntimeEvent, { type: T }>);
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen as Extract<RuntimeEvent, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<RuntimeEvent, { type: T }>);
        },
      });
    });
  }

  exited(pod: string, container: string, nth = 0): Promise<Extract<RuntimeEvent, { type: 'containerExited' }>> {
    let seen = 0;
    return this.next('containerExited', (e) => e.pod === pod && e.container === container && seen++ === nth);
  }

  /** Creates the pod, starts its containers in order and waits until each has exited. */
  async runPod(launch: PodLaunch): Promise<Extract<RuntimeEvent, { type: 'containerExited' }>[]> {
    await this.runtime.createPod(launch);
    const names = ((launch.spec.containers ?? []) as { name: string }[]).map((c) => c.name);
    await Promise.all(names.map((name) => this.runtime.startContainer(launch.podName, name)));
    return Promise.all(names.map((name) => this.exited(launch.podName, name)));
  }

  async logLines(pod: string, container: string, options: { previous?: boolean; follow?: boolean; since?: string } = {}): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    for await (const line of this.runtime.logs(pod, container, options)) lines.push(line);
    return lines;
  }

  /** Removes the run and asserts that no container or volume labelled with it is left. */
  async close(): Promise<void> {
    this.runtime.dispose();
    await removeRun(this.runtime.docker, this.runId);
    assert.deepEqual(await findRuns(this.runtime.docker, this.runId), [], `run ${this.runId} left containers or volumes behind`);
  }
}

export function sh(name: string, script: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra };
}
