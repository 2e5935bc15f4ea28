// What a Job controller and a kubelet would write, written by the test itself through the API:
// pods made from a Job's template and owned by it, their states through pods/status, the Job's
// counts and conditions through jobs/status, Events; log lines go to the server's log store,
// which serves them as a kubelet does. Nothing is decided here: every state and outcome is the
// test's script. How a real Job controller and kubelet decide them is tested on a real cluster.
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import type { TestApiServer } from './test-api-server';
import { ADMIN_TOKEN } from './test-api-server';
import type { StoredObject } from './store';
import { now } from './clock';

export const NODE = 'node-1';
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

type Json = Record<string, unknown>;
export type ContainerStatus = Json & { name: string; restartCount: number };

/** How one container of a played pod ends. */
export interface ContainerPlan {
  lines?: string[];
  /** Default 0. */
  exitCode?: number;
  /** Default "Completed" for exit 0, else "Error". */
  reason?: string;
  /** The termination message. */
  message?: string;
}

export interface PodPlan {
  /** By container name (init containers too); a container not named exits 0 without output. */
  containers?: Record<string, ContainerPlan>;
  index?: number;
}

/** The Job's end as the test scripts it; counts follow from the pods played. */
export type Outcome = { type: 'Complete' } | { type: 'Failed'; reason: string; message: string };

export class JobScript {
  /** Connections kept open: a test may write hundreds of states. */
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    private readonly server: TestApiServer,
    readonly namespace = 'default',
  ) {}

  /** Resolves with the Job once one whose name is `name` (or matches it) exists. */
  job(name: string | RegExp): Promise<StoredObject> {
    const matches = (job: StoredObject) => (typeof name === 'string' ? job.metadata.name === name : name.test(job.metadata.name)) && job.metadata.namespace === this.namespace;
    const found = this.server.store.list('jobs', this.namespace).find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const subscription = this.server.store.onChange((event) => {
        if (event.plural !== 'jobs' || event.type !== 'ADDED' || !matches(event.object)) return;
        subscription.dispose();
        resolve(event.object);
      });
    });
  }

  /** A pod of the Job, as its controller makes it (template, owner, index), bound to the node. */
  async createPod(job: StoredObject, index?: number): Promise<ScriptedPod> {
    const template = ((job.spec as Json).template ?? {}) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Json };
    const suffix = [...randomBytes(5)].map((b) => NAME_ALPHABET[b % NAME_ALPHABET.length]).join('');
    const name = index === undefined ? `${job.metadata.name}-${suffix}` : `${job.metadata.name}-${index}-${suffix}`;
    const indexLabels: Record<string, string> = index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(index) };
    const pod = await this.request('POST', `/api/v1/namespaces/${this.namespace}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        labels: { ...(template.metadata?.labels ?? {}), ...indexLabels },
        annotations: { ...(template.metadata?.annotations ?? {}), ...indexLabels },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...(template.spec ?? {}), nodeName: NODE },
    });
    return new ScriptedPod(this, this.server, pod);
  }

  /** Merges `status` into the Job's status (jobs/status). */
  async jobStatus(name: string, status: Json): Promise<StoredObject> {
    return this.request('PATCH', `/apis/batch/v1/namespaces/${this.namespace}/jobs/${name}/status`, { status }, 'application/merge-patch+json');
  }

  /** The Job ends as scripted: its final counts and conditions (with SuccessCriteriaMet or FailureTarget first, as 1.31+ writes them). */
  async finish(name: string, outcome: Outcome, counts: { succeeded?: number; failed?: number; completedIndexes?: string; failedIndexes?: string }): Promise<void> {
    const time = now();
    const [type, reason, message] = outcome.type === 'Complete' ? ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'] : ['Failed', outcome.reason, outcome.message];
    const first = outcome.type === 'Complete' ? 'SuccessCriteriaMet' : 'FailureTarget';
    const conditions = [first, type].map((t) => ({ type: t, status: 'True', reason, message, lastTransitionTime: time, lastProbeTime: time }));
    // The event first: a test may read it from the run as soon as the run has finished.
    await this.event(await this.current('jobs', name), type === 'Complete' ? 'Normal' : 'Warning', type === 'Complete' ? 'Completed' : reason, type === 'Complete' ? 'Job completed' : message, 'job-controller');
    await this.jobStatus(name, { active: 0, ready: 0, terminating: 0, succeeded: counts.succeeded ?? 0, failed: counts.failed ?? 0, ...(counts.completedIndexes !== undefined ? { completedIndexes: counts.completedIndexes } : {}), ...(counts.failedIndexes !== undefined ? { failedIndexes: counts.failedIndexes } : {}), conditions, ...(type === 'Complete' ? { completionTime: time } : {}) });
  }

  /**
   * Plays a Job from start to end: waits for it, runs the planned pods `parallelism` at a time
   * (each to its end), then writes the outcome. Answers the pods' names.
   */
  async play(name: string | RegExp, pods: PodPlan[], outcome: Outcome = { type: 'Complete' }, parallelism = pods.length): Promise<string[]> {
    const job = await this.job(name);
    const names: string[] = [];
    let succeeded = 0;
    let failed = 0;
    for (let start = 0; start < pods.length; start += parallelism) {
      const wave = pods.slice(start, start + parallelism);
      const played = await Promise.all(wave.map((plan) => this.createPod(job, plan.index)));
      await Promise.all(played.map((pod) => this.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.name}`, 'job-controller')));
      await this.jobStatus(job.metadata.name, { active: played.length, succeeded, failed, startTime: now() });
      const exits = await Promise.all(played.map((pod, i) => pod.playToEnd(wave[i])));
      for (const pod of played) names.push(pod.name);
      succeeded += exits.filter((ok) => ok).length;
      failed += exits.filter((ok) => !ok).length;
    }
    await this.finish(job.metadata.name, outcome, { succeeded, failed });
    return names;
  }

  /** A core/v1 Event about `about`, as a controller or kubelet records it. */
  async event(about: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): Promise<void> {
    const time = now();
    await this.request('POST', `/api/v1/namespaces/${this.namespace}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${about.metadata.name}.${randomBytes(8).toString('hex')}` },
      involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: about.metadata.name, namespace: about.metadata.namespace, uid: about.metadata.uid },
      type, reason, message, source: { component }, firstTimestamp: time, lastTimestamp: time, count: 1,
    });
  }

  /** Resolves once the pod has a deletionTimestamp (the Job or the pod is being deleted). */
  deletionOf(pod: string): Promise<void> {
    if (this.server.store.get('pods', this.namespace, pod)?.metadata.deletionTimestamp) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.server.store.onChange((event) => {
        if (event.plural !== 'pods' || event.object.metadata.name !== pod || !event.object.metadata.deletionTimestamp) return;
        subscription.dispose();
        resolve();
      });
    });
  }

  async current(plural: 'jobs' | 'pods', name: string): Promise<StoredObject> {
    return this.request('GET', `${plural === 'jobs' ? '/apis/batch/v1' : '/api/v1'}/namespaces/${this.namespace}/${plural}/${name}`);
  }

  /** One API request as an admin; an error answer throws with its Status message. */
  request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<StoredObject> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const sent = httpRequest(`${this.server.url}${path}`, { method, agent: this.agent, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType, ...(text === undefined ? {} : { 'content-length': Buffer.byteLength(text) }) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as StoredObject & { message?: string };
          const code = response.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve(answer);
          else reject(new Error(`${method} ${path}: ${code} ${answer.message ?? ''}`));
        });
      });
      sent.on('error', reject);
      sent.end(text);
    });
  }
}

/** One pod the test plays: each step is one pods/status write, as a kubelet reports it. */
export class ScriptedPod {
  readonly name: string;
  private written: Json = { phase: 'Pending' };
  private readonly spec: { initContainers?: { name: string; image: string }[]; containers: { name: string; image: string }[] };

  constructor(
    private readonly script: JobScript,
    private readonly server: TestApiServer,
    pod: StoredObject,
  ) {
    this.name = pod.metadata.name;
    this.spec = pod.spec as ScriptedPod['spec'];
  }

  private get path(): string {
    return `/api/v1/namespaces/${this.script.namespace}/pods/${this.name}/status`;
  }

  /** Writes what `change` makes of the pod's status (this pod's states are this script's alone). */
  async status(change: (status: Json) => Json): Promise<void> {
    this.written = change(this.written);
    await this.script.request('PATCH', this.path, { status: this.written }, 'application/merge-patch+json');
  }

  /** Scheduled, its containers being created (init containers first). */
  async schedule(): Promise<void> {
    const waiting = (c: { name: string; image: string }, reason: string): ContainerStatus => ({ name: c.name, image: c.image, ready: false, restartCount: 0, state: { waiting: { reason } } });
    const init = this.spec.initContainers ?? [];
    await this.status(() => ({
      phase: 'Pending',
      startTime: now(),
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }],
      ...(init.length ? { initContainerStatuses: init.map((c) => waiting(c, 'PodInitializing')) } : {}),
      containerStatuses: this.spec.containers.map((c) => waiting(c, init.length ? 'PodInitializing' : 'ContainerCreating')),
    }));
  }

  /** A container starts (a new instance of its log, as after a restart) and writes `lines`. */
  async start(container: string, lines: string[] = []): Promise<void> {
    const log = this.server.logs.start(this.script.namespace, this.name, container);
    await this.containers([container], running, this.isInit(container) ? undefined : 'Running');
    for (const line of lines) log.append(line);
  }

  /** More output from a running container. */
  write(container: string, lines: string[]): void {
    const log = this.server.logs.current(this.script.namespace, this.name, container);
    if (!log || log.closed) throw new Error(`${this.name}/${container} is not running`);
    for (const line of lines) log.append(line);
  }

  /** The container ended; `restart` (OnFailure): it waits to run again in the same pod. */
  async exit(container: string, plan: ContainerPlan = {}, restart = false): Promise<void> {
    this.server.logs.current(this.script.namespace, this.name, container)?.close();
    await this.containers([container], (s) => {
      const ended = terminated(this.name, s, plan);
      if (!restart) return ended;
      return { ...s, ready: false, restartCount: s.restartCount + 1, lastState: ended.state, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${container}` } } };
    });
  }

  /** A container waits and cannot start: ErrImagePull, CreateContainerConfigError, … */
  async waiting(container: string, reason: string, message: string): Promise<void> {
    await this.containers([container], (s) => ({ ...s, ready: false, state: { waiting: { reason, message } } }));
  }

  /** The container's image cannot be pulled: ErrImagePull, then ImagePullBackOff, with the events and words of kubelet v1.34. */
  async imagePullFails(container: string, image: string): Promise<void> {
    const pod = await this.script.current('pods', this.name);
    const cause = `failed to pull and unpack image "docker.io/library/${image}": failed to resolve reference "docker.io/library/${image}": not found`;
    await this.waiting(container, 'ErrImagePull', cause);
    await this.script.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${cause}`, 'kubelet');
    await this.script.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', 'kubelet');
    await this.waiting(container, 'ImagePullBackOff', `Back-off pulling image "${image}": ErrImagePull: ${cause}`);
    await this.script.event(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, 'kubelet');
    await this.script.event(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', 'kubelet');
  }

  /** The pod's phase (Succeeded or Failed once its containers ended). */
  async phase(phase: string): Promise<void> {
    await this.status((status) => ({ ...status, phase }));
  }

  /**
   * Every container run to its planned end, the phase written: true when it succeeded. A pod
   * without init containers goes from Pending to Running in one status write (a kubelet reports a
   * quick pod's states together), and ends in another, with the phase.
   */
  async playToEnd(plan: PodPlan = {}): Promise<boolean> {
    const containers = plan.containers ?? {};
    const init = this.spec.initContainers ?? [];
    if (init.length > 0) await this.schedule();
    for (const { name } of init) {
      await this.start(name, containers[name]?.lines);
      await this.exit(name, containers[name]);
    }
    const logs = this.spec.containers.map((c) => this.server.logs.start(this.script.namespace, this.name, c.name));
    const scheduled = init.length > 0 ? {} : { startTime: now(), conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }] };
    await this.status((status) => ({ ...status, ...scheduled, phase: 'Running', containerStatuses: this.spec.containers.map((c) => running({ name: c.name, image: c.image, restartCount: 0 })) }));
    logs.forEach((log, i) => {
      for (const line of containers[this.spec.containers[i].name]?.lines ?? []) log.append(line);
      log.close();
    });
    const ok = Object.values(containers).every((c) => (c.exitCode ?? 0) === 0);
    await this.containers(this.spec.containers.map((c) => c.name), (s) => terminated(this.name, s, containers[s.name] ?? {}), ok ? 'Succeeded' : 'Failed');
    return ok;
  }

  /** What a kubelet does to a pod being deleted: running containers end killed (137), then the pod goes. */
  async endDeleted(): Promise<void> {
    for (const c of [...(this.spec.initContainers ?? []), ...this.spec.containers]) this.server.logs.current(this.script.namespace, this.name, c.name)?.close();
    await this.status((status) => {
      const killed = (list: unknown) => ((list as ContainerStatus[] | undefined) ?? []).map((s) => ('running' in (s.state as object) ? { ...s, ready: false, state: { terminated: { exitCode: 137, reason: 'Error', finishedAt: now() } } } : s));
      return { ...status, phase: 'Failed', initContainerStatuses: killed(status.initContainerStatuses), containerStatuses: killed(status.containerStatuses) };
    });
    // A terminal pod being deleted may already be gone: the garbage collector deletes it again.
    await this.script.request('DELETE', `/api/v1/namespaces/${this.script.namespace}/pods/${this.name}?gracePeriodSeconds=0`).catch((error: Error) => {
      if (!/: 404 /.test(error.message)) throw error;
    });
  }

  private isInit(container: string): boolean {
    return (this.spec.initContainers ?? []).some((c) => c.name === container);
  }

  /** One status write changing these containers (all init or all main ones), and the phase if given. */
  private async containers(names: string[], change: (status: ContainerStatus) => ContainerStatus, phase?: string): Promise<void> {
    const list = this.isInit(names[0]) ? 'initContainerStatuses' : 'containerStatuses';
    await this.status((status) => ({ ...status, ...(phase ? { phase } : {}), [list]: ((status[list] as ContainerStatus[] | undefined) ?? []).map((s) => (names.includes(s.name) ? change(s) : s)) }));
  }
}

const running = (status: ContainerStatus): ContainerStatus => ({ ...status, ready: true, state: { running: { startedAt: now() } } });

/** The container's status once it ended as planned. */
function terminated(pod: string, status: ContainerStatus, plan: ContainerPlan): ContainerStatus {
  const exitCode = plan.exitCode ?? 0;
  const startedAt = (status.state as { running?: { startedAt?: string } }).running?.startedAt ?? now();
  const state = { terminated: { exitCode, reason: plan.reason ?? (exitCode === 0 ? 'Completed' : 'Error'), ...(plan.message ? { message: plan.message } : {}), startedAt, finishedAt: now(), containerID: `containerd://${pod}-${status.name}-${status.restartCount}` } };
  return { ...status, ready: false, state };
}
