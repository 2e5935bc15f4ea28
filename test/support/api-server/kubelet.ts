// A scripted kubelet: runs each pod the Job controller creates through the states a real node
// would (scheduled, init containers, main containers, restarts in place for OnFailure),
// writing the log lines and exit codes the test scripted. Every step is a separate write, one
// turn of the event loop apart, so that watchers see each state; nothing waits on a clock.
// A container with `hold` keeps running until the test releases it.
import type { ObjectStore, StoredObject } from './store';
import type { EventRecorder } from './event-recorder';
import type { LogStore } from './log-store';
import { isTerminal } from './deletion';
import { missingContainerConfig } from './container-config-check';
import { now } from './clock';

export interface ContainerScript {
  lines?: string[];
  /** Default 0. */
  exitCode?: number;
  /** Default "Completed" for exit 0, else "Error" (OOMKilled, DeadlineExceeded, … as scripted). */
  reason?: string;
  /** The termination message (/dev/termination-log). */
  message?: string;
  /** Keeps running after its lines until `kubelet.release(pod, container)`. */
  hold?: boolean;
  /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff, forever. */
  imagePullFails?: boolean;
}

export interface PodScript {
  /** By container name; a list scripts each run of a container restarted in place (OnFailure). */
  containers?: Record<string, ContainerScript | ContainerScript[]>;
  /** The pod cannot be scheduled: stays Pending with this FailedScheduling message. */
  unschedulable?: string;
}

export interface PodFacts {
  name: string;
  namespace: string;
  jobName: string;
  /** 0 for a Job's first pod, 1 for the next one created (a retry or a parallel pod), … */
  attempt: number;
  index?: number;
}

export type PodScripter = (pod: PodFacts) => PodScript;

interface ContainerSpec {
  name: string;
  image: string;
}

type ContainerStatus = Record<string, unknown> & { name: string; restartCount: number };

const NODE = 'node-1';
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Kubelet {
  script: PodScripter = () => ({});
  private readonly attempts = new Map<string, number>();
  private readonly holds = new Map<string, { release: () => void; kill: () => void }>();
  private readonly running = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly logs: LogStore,
    private readonly events: EventRecorder,
  ) {
    store.onChange((event) => {
      if (event.plural !== 'pods') return;
      const pod = event.object;
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (event.type === 'ADDED' && !this.running.has(key)) {
        this.running.add(key);
        void this.run(pod).finally(() => this.running.delete(key));
      }
      if (event.type === 'MODIFIED' && pod.metadata.deletionTimestamp) {
        for (const [held, { kill }] of [...this.holds]) if (held.startsWith(`${key}/`)) kill();
        setImmediate(() => this.finishDeletion(pod.metadata.namespace ?? '', pod.metadata.name));
      }
      if (event.type === 'DELETED') logs.removePod(pod.metadata.namespace ?? '', pod.metadata.name);
    });
  }

  /** Lets a held container of a pod finish (all of the pod's held containers when none is named). */
  release(pod: string, container?: string): void {
    for (const [key, { release }] of [...this.holds]) {
      const [, podName, name] = key.split('/');
      if (podName === pod && (container === undefined || name === container)) release();
    }
  }

  /** More output from a running container (one that is held). */
  write(namespace: string, pod: string, container: string, lines: string[]): void {
    const log = this.logs.current(namespace, pod, container);
    if (!log || log.closed) throw new Error(`${pod}/${container} is not running`);
    for (const line of lines) log.append(line);
  }

  heldContainers(): string[] {
    return [...this.holds.keys()].map((k) => k.split('/').slice(1).join('/'));
  }

  private async run(created: StoredObject): Promise<void> {
    const { namespace = '', name } = created.metadata;
    const labels = created.metadata.labels ?? {};
    const jobName = labels['batch.kubernetes.io/job-name'] ?? '';
    const attempt = this.attempts.get(`${namespace}/${jobName}`) ?? 0;
    this.attempts.set(`${namespace}/${jobName}`, attempt + 1);
    const indexLabel = labels['batch.kubernetes.io/job-completion-index'];
    const script = this.script({ name, namespace, jobName, attempt, index: indexLabel === undefined ? undefined : Number(indexLabel) });
    const spec = created.spec as { initContainers?: ContainerSpec[]; containers: ContainerSpec[]; restartPolicy?: string };
    await tick();

    if (script.unschedulable) {
      this.update(namespace, name, (pod) => {
        pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: script.unschedulable, lastTransitionTime: now() }] };
      });
      this.eventFor(namespace, name, 'Warning', 'FailedScheduling', script.unschedulable);
      return;
    }
    const waiting = (c: ContainerSpec, reason: string): ContainerStatus => ({ name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting: { reason } } });
    const scheduled = this.update(namespace, name, (pod) => {
      (pod.spec as Record<string, unknown>).nodeName = NODE;
      pod.status = {
        phase: 'Pending',
        startTime: now(),
        conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }],
        initContainerStatuses: (spec.initContainers ?? []).map((c) => waiting(c, 'PodInitializing')),
        containerStatuses: spec.containers.map((c) => waiting(c, (spec.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating')),
      };
    });
    if (!scheduled) return;
    this.eventFor(namespace, name, 'Normal', 'Scheduled', `Successfully assigned ${namespace}/${name} to ${NODE}`);
    // A ConfigMap or Secret the containers need is missing: they stay waiting, as on a node.
    const missing = missingContainerConfig(this.store, created);
    if (missing) {
      this.update(namespace, name, (pod) => {
        (pod.status as Record<string, unknown>).containerStatuses = spec.containers.map((c) => ({ ...waiting(c, 'CreateContainerConfigError'), state: { waiting: { reason: 'CreateContainerConfigError', message: missing } } }));
      });
      this.eventFor(namespace, name, 'Warning', 'Failed', `Error: ${missing}`);
      return;
    }

    for (const init of spec.initContainers ?? []) {
      const exit = await this.runContainer(namespace, name, init, 'initContainerStatuses', script, spec.restartPolicy);
      if (exit === undefined) return;
      if (exit !== 0) {
        this.update(namespace, name, (pod) => {
          (pod.status as Record<string, unknown>).phase = 'Failed';
        });
        return;
      }
    }
    const exits = await Promise.all(spec.containers.map((c) => this.runContainer(namespace, name, c, 'containerStatuses', script, spec.restartPolicy)));
    if (exits.some((e) => e === undefined)) return;
    this.update(namespace, name, (pod) => {
      const status = pod.status as Record<string, unknown>;
      status.phase = exits.every((e) => e === 0) ? 'Succeeded' : 'Failed';
      status.conditions = [...((status.conditions as unknown[]) ?? []), { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: now() }];
    });
  }

  /** Runs one container to its end (through restarts with OnFailure); undefined when the pod went away. */
  private async runContainer(namespace: string, pod: string, container: ContainerSpec, list: string, script: PodScript, restartPolicy: string | undefined): Promise<number | undefined> {
    const scripted = script.containers?.[container.name];
    const runs = Array.isArray(scripted) ? scripted : [scripted ?? {}];
    for (let restart = 0; ; restart++) {
      const run = runs[Math.min(restart, runs.length - 1)];
      if (run.imagePullFails) {
        this.setContainer(namespace, pod, list, container.name, (s) => ({ ...s, state: { waiting: { reason: 'ErrImagePull', message: `rpc error: code = NotFound desc = failed to pull and unpack image "${container.image}": not found` } } }));
        this.eventFor(namespace, pod, 'Warning', 'Failed', `Failed to pull image "${container.image}": not found`);
        await tick();
        this.setContainer(namespace, pod, list, container.name, (s) => ({ ...s, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${container.image}"` } } }));
        this.eventFor(namespace, pod, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`);
        return undefined;
      }
      const startedAt = now();
      const log = this.logs.start(namespace, pod, container.name);
      if (!this.setContainer(namespace, pod, list, container.name, (s) => ({ ...s, ready: true, state: { running: { startedAt } } }), list === 'containerStatuses' ? 'Running' : undefined)) return undefined;
      if (restart === 0) this.eventFor(namespace, pod, 'Normal', 'Started', `Started container ${container.name}`);
      for (const line of run.lines ?? []) log.append(line);
      if (run.hold) {
        const killed = await this.hold(`${namespace}/${pod}/${container.name}`);
        if (killed) {
          log.close();
          return undefined;
        }
      }
      await tick();
      const exitCode = run.exitCode ?? 0;
      const terminated = { exitCode, reason: run.reason ?? (exitCode === 0 ? 'Completed' : 'Error'), ...(run.message ? { message: run.message } : {}), startedAt, finishedAt: now(), containerID: `containerd://${pod}-${container.name}-${restart}` };
      log.close();
      const restarting = exitCode !== 0 && restartPolicy === 'OnFailure';
      const alive = this.setContainer(namespace, pod, list, container.name, (s) =>
        restarting
          ? { ...s, ready: false, restartCount: s.restartCount + 1, lastState: { terminated }, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${container.name}` } } }
          : { ...s, ready: false, state: { terminated } },
      );
      if (!alive) return undefined;
      if (!restarting) return exitCode;
      this.eventFor(namespace, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${pod}`);
      await tick();
    }
  }

  /** Waits for the test's release (false) or the pod's deletion (true). */
  private hold(key: string): Promise<boolean> {
    return new Promise((resolve) => {
      const end = (killed: boolean) => () => {
        this.holds.delete(key);
        resolve(killed);
      };
      this.holds.set(key, { release: end(false), kill: end(true) });
    });
  }

  /** A pod marked for deletion: running containers end as killed (137), then the pod goes. */
  private finishDeletion(namespace: string, name: string): void {
    const pod = this.store.get('pods', namespace, name);
    if (!pod) return;
    if (!isTerminal(pod)) {
      const status = (pod.status ?? {}) as Record<string, unknown>;
      for (const list of ['initContainerStatuses', 'containerStatuses']) {
        status[list] = ((status[list] as ContainerStatus[] | undefined) ?? []).map((s) =>
          'running' in (s.state as object) ? { ...s, ready: false, state: { terminated: { exitCode: 137, reason: 'Error', finishedAt: now() } } } : s,
        );
      }
      status.phase = 'Failed';
      pod.status = status;
      this.store.update('pods', pod);
    }
    this.store.remove('pods', namespace, name);
  }

  private setContainer(namespace: string, pod: string, list: string, name: string, change: (status: ContainerStatus) => ContainerStatus, phase?: string): boolean {
    return !!this.update(namespace, pod, (object) => {
      const status = object.status as Record<string, unknown>;
      status[list] = ((status[list] as ContainerStatus[] | undefined) ?? []).map((s) => (s.name === name ? change(s) : s));
      if (phase) status.phase = phase;
    });
  }

  /** Applies a change to the pod unless it is gone or being deleted (then answers undefined). */
  private update(namespace: string, name: string, change: (pod: StoredObject) => void): StoredObject | undefined {
    const pod = this.store.get('pods', namespace, name);
    if (!pod || pod.metadata.deletionTimestamp) return undefined;
    change(pod);
    return this.store.update('pods', pod);
  }

  private eventFor(namespace: string, name: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const pod = this.store.get('pods', namespace, name);
    if (pod) this.events.record(pod, type, reason, message, 'kubelet');
  }
}
