// PodRuntime on a Docker engine: one pod = a sandbox container holding the namespaces, hostname
// and volumes, and one Docker container per run of each Kubernetes container, joined to it.
// Every exited run is kept (named <pod>_<container>_<restartCount>) until the pod is removed,
// so that `previous` logs work as on a cluster. What the engine says of each container is read
// and reported by container-reports.ts; logs are read by container-log-reader.ts.
import type Docker from 'dockerode';
import { Emitter, type Disposable } from '../emitter';
import type { LogLine, LogOptions } from '../model';
import type { PodLaunch, PodRuntime, RuntimeEvent } from '../pod-runtime';
import { admitPod } from './pod-admission';
import { planVolumes } from './pod-volumes';
import { allContainers, podSpec } from './pod-spec';
import { Label, instanceName, labelFilter, podLabels, terminationVolumeName } from './labels';
import { createDockerClient, ENGINE_NAME, messageOf, tolerating } from './docker-client';
import { ImagePuller } from './image-availability';
import { commandLine, containerEnvironment, ContainerConfigError } from './container-env';
import { instanceConfig, sandboxConfig } from './container-config';
import { createPodVolumes, createTerminationFile, openEmptyDirs, volumeMountpoint, volumesNeedingPaths, writeVolumeFiles } from './volume-setup';
import { Sandbox, sandboxHoldsNamespaces } from './sandbox';
import { EngineEventWatcher, type ContainerEvent } from './engine-events';
import { readContainerLogs } from './container-log-reader';
import { ContainerReports } from './container-reports';
import { isIdle, noteOomKill, type Instance, type Pod } from './runtime-pods';
import { nonRootViolation } from './run-as-non-root';
import { findRunContainers, type RunContainers } from './run-containers';
import { watchOomKills } from './oom-kill-counter';

export interface DockerPodRuntimeOptions {
  /** kubeJobs.docker.host: unix://, npipe://, tcp://, https:// or ssh://. Empty: DOCKER_HOST, else the default socket. */
  host?: string;
  /** A client to use instead of one made from `host`. */
  docker?: Docker;
  /** The user agreed to hostPath volumes, privileged containers and host namespaces. Default false. */
  allowHostAccess?: boolean;
  /** Image of the pods' sandbox container; it needs `sh`, `sleep` and `chmod`. Default busybox:latest. */
  sandboxImage?: string;
  /** How long an image pull may take before it counts as failed. Default 60 000 ms. */
  pullTimeoutMs?: number;
  /** Wait between attempts to reach a lost engine again. Default 1000 ms. */
  reconnectDelayMs?: number;
  /** How long a sandbox stays up once none of its pod's containers runs. Default 2000 ms. */
  sandboxIdleMs?: number;
  /**
   * Write and read termination-message files in the engine's volume directory when this process
   * can reach it (an engine on this machine), rather than through the engine; and read the OOM
   * kill count of its containers' memory cgroups there. Default true.
   */
  directFileAccess?: boolean;
}

export class DockerPodRuntime implements PodRuntime {
  readonly docker: Docker;
  private readonly options: Required<Omit<DockerPodRuntimeOptions, 'docker' | 'host'>>;
  private readonly events = new Emitter<RuntimeEvent>();
  private readonly pods = new Map<string, Pod>();
  private readonly byId = new Map<string, { pod: Pod; instance: Instance }>();
  private readonly puller: ImagePuller;
  private readonly watcher: EngineEventWatcher;
  private readonly reports: ContainerReports;
  private disposed = false;

  constructor(options: DockerPodRuntimeOptions = {}) {
    this.docker = options.docker ?? createDockerClient(options.host);
    this.options = {
      allowHostAccess: options.allowHostAccess ?? false,
      sandboxImage: options.sandboxImage ?? 'busybox:latest',
      pullTimeoutMs: options.pullTimeoutMs ?? 60_000,
      reconnectDelayMs: options.reconnectDelayMs ?? 1000,
      sandboxIdleMs: options.sandboxIdleMs ?? 2000,
      directFileAccess: options.directFileAccess ?? true,
    };
    this.puller = new ImagePuller(this.docker, this.options.pullTimeoutMs);
    this.reports = new ContainerReports(this.docker, this.events, this.options, (pod) => this.scheduleIdleStop(pod));
    this.watcher = new EngineEventWatcher(
      this.docker,
      {
        onEvent: (event) => this.onContainerEvent(event),
        onLost: (message) => this.events.fire({ type: 'engineLost', engine: ENGINE_NAME, message }),
        onRestored: () => {
          this.events.fire({ type: 'engineRestored', engine: ENGINE_NAME });
          this.reconcile();
        },
      },
      this.options.reconnectDelayMs,
    );
    // A failure to subscribe surfaces in the first call that awaits ready(); never unhandled.
    this.watcher.ready().catch(() => undefined);
  }

  onEvent(listener: (event: RuntimeEvent) => void): Disposable {
    return this.events.event(listener);
  }

  /** Resolves once the runtime watches the engine's events. */
  ready(): Promise<void> {
    return this.watcher.ready();
  }

  /** Stops watching the engine and the OOM counts. Containers stay; removePod or the cleanup helpers remove them. */
  dispose(): void {
    this.disposed = true;
    this.watcher.dispose();
    for (const pod of this.pods.values()) pod.sandbox.cancelIdleStop();
    this.events.dispose();
  }

  async createPod(launch: PodLaunch): Promise<void> {
    if (this.pods.has(launch.podName)) throw new Error(`pod ${launch.podName} already exists`);
    admitPod(launch, this.options.allowHostAccess);
    const volumes = planVolumes(launch);
    await this.ready();
    const sandboxImage = await this.puller.prepare(this.options.sandboxImage, 'IfNotPresent');
    if (!sandboxImage.ready) throw new Error(`pods need the sandbox image ${this.options.sandboxImage}: ${sandboxImage.message}`);
    const spec = podSpec(launch.spec);
    const labels = podLabels(launch);
    const createdVolumes: string[] = [];
    let sandboxId: string | undefined;
    try {
      await createPodVolumes(this.docker, launch.podName, volumes, labels, createdVolumes);
      const container = await this.docker.createContainer(
        sandboxConfig({ image: this.options.sandboxImage, podName: launch.podName, hostname: launch.hostname, labels, volumes, terminationVolume: terminationVolumeName(launch.podName), spec }),
      );
      sandboxId = container.id;
      await writeVolumeFiles(this.docker, sandboxId, volumes, spec);
      const volumePaths = new Map<string, string>();
      for (const plan of volumesNeedingPaths(volumes, spec)) {
        if (plan.kind !== 'hostPath') volumePaths.set(plan.name, await volumeMountpoint(this.docker, plan.dockerName));
      }
      const terminationPath = await volumeMountpoint(this.docker, terminationVolumeName(launch.podName));
      const sandbox = new Sandbox(this.docker, sandboxId, sandboxHoldsNamespaces(spec, volumes));
      if (sandbox.holdsNamespaces) {
        await container.start();
        await openEmptyDirs(this.docker, sandboxId, volumes);
        sandbox.markRunning();
      }
      const keepSandbox = volumes.some((v) => v.kind === 'emptyDir' && v.memory);
      this.pods.set(launch.podName, { launch, spec, labels, volumes, volumePaths, terminationPath, sandbox, instances: new Map(), starting: 0, keepSandbox });
    } catch (error) {
      // Nothing of a pod that could not be created is left behind.
      if (sandboxId) await tolerating(this.docker.getContainer(sandboxId).remove({ force: true }), [404, 409]).catch(() => undefined);
      for (const name of createdVolumes) await tolerating(this.docker.getVolume(name).remove(), [404, 409]).catch(() => undefined);
      throw error;
    }
  }

  async startContainer(podName: string, containerName: string): Promise<void> {
    const pod = this.requirePod(podName);
    const container = allContainers(pod.spec).find((c) => c.name === containerName);
    if (!container) throw new Error(`pod ${podName} has no container named "${containerName}"`);
    const notStarted = (reason: string, message: string, retryable: boolean): void =>
      this.events.fire({ type: 'containerNotStarted', pod: podName, container: containerName, reason, message, retryable });
    pod.starting += 1;
    try {
      const image = container.image ?? '';
      const readiness = await this.puller.prepare(image, container.imagePullPolicy);
      if (!readiness.ready) return notStarted(readiness.reason, readiness.message, readiness.retryable);
      if (readiness.warning) this.events.fire({ type: 'warning', pod: podName, reason: 'Failed', message: readiness.warning });
      let env: Map<string, string>;
      try {
        env = containerEnvironment(pod.launch, container, allContainers(pod.spec));
        const violation = await nonRootViolation(this.docker, image, { ...pod.spec.securityContext, ...container.securityContext });
        if (violation) throw new ContainerConfigError(violation);
      } catch (error) {
        if (error instanceof ContainerConfigError) return notStarted('CreateContainerConfigError', error.message, true);
        throw error;
      }
      await pod.sandbox.ensureRunning();
      const runs = pod.instances.get(containerName) ?? [];
      pod.instances.set(containerName, runs);
      const restartCount = runs.length;
      const name = instanceName(podName, containerName, restartCount);
      let id: string;
      try {
        // The termination-message file must exist before Docker can bind-mount it.
        await createTerminationFile(this.docker, pod.sandbox.id, pod.terminationPath, name, this.options.directFileAccess);
        const created = await this.docker.createContainer(
          instanceConfig({
            name,
            sandboxId: pod.sandbox.namespaceHolder,
            hostname: pod.launch.hostname,
            container,
            spec: pod.spec,
            labels: { ...pod.labels, [Label.container]: containerName, [Label.restartCount]: String(restartCount) },
            env,
            ...commandLine(container, env),
            volumes: pod.volumes,
            volumePaths: pod.volumePaths,
            terminationFile: `${pod.terminationPath}/${name}`,
          }),
        );
        id = created.id;
      } catch (error) {
        return notStarted('CreateContainerError', messageOf(error), true);
      }
      const instance: Instance = { id, container, restartCount, started: false, exited: false, work: Promise.resolve() };
      runs.push(instance);
      this.byId.set(id, { pod, instance });
      // The engine can miss an OOM kill (see oom-kill-counter.ts): the kernel's count is read too.
      if (this.options.directFileAccess && container.resources?.limits?.memory !== undefined) watchOomKills(id, () => instance.exited || this.disposed, () => noteOomKill(instance));
      try {
        await this.docker.getContainer(id).start();
        this.reports.enqueue(instance, () => this.reports.reportStarted(pod, instance, new Date().toISOString()));
      } catch (error) {
        // As containerd reports a container that cannot start (no such executable…): exited, 128.
        this.reports.enqueue(instance, () => this.reports.reportStartFailure(pod, instance, messageOf(error)));
      }
    } finally {
      pod.starting -= 1;
    }
  }

  async stopContainers(podName: string, gracePeriodSeconds: number, containers?: readonly string[]): Promise<void> {
    const pod = this.pods.get(podName);
    if (!pod) return;
    const t = Math.max(0, Math.round(gracePeriodSeconds));
    const names = containers ?? [...pod.instances.keys()];
    await Promise.all(
      names.map(async (name) => {
        const latest = pod.instances.get(name)?.at(-1);
        if (!latest || latest.exited) return;
        latest.stopRequested = true;
        await tolerating(this.docker.getContainer(latest.id).stop({ t }));
        // Stopped means exited: report the true exit now (the engine's "die" event may come later),
        // as the kubelet does, rather than let the Job controller assume a kill (137).
        this.reports.enqueue(latest, () => this.reports.reportExit(pod, latest));
        await latest.work;
      }),
    );
    if (!containers) await pod.sandbox.stop(() => isIdle(pod));
  }

  async removePod(podName: string): Promise<void> {
    const pod = this.pods.get(podName);
    pod?.sandbox.cancelIdleStop();
    const filters = [labelFilter(Label.pod, podName), ...(pod ? [labelFilter(Label.run, pod.launch.runId)] : [])];
    const containers = await this.docker.listContainers({ all: true, filters: { label: filters } });
    await Promise.all(containers.map((c) => tolerating(this.docker.getContainer(c.Id).remove({ force: true }), [404, 409])));
    const { Volumes } = await this.docker.listVolumes({ filters: { label: filters } });
    await Promise.all((Volumes ?? []).map((v) => tolerating(this.docker.getVolume(v.Name).remove(), [404])));
    if (pod) {
      for (const runs of pod.instances.values()) for (const run of runs) this.byId.delete(run.id);
      this.pods.delete(podName);
    }
  }

  logs(podName: string, containerName: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    return readContainerLogs(this.docker, podName, containerName, options);
  }

  private requirePod(podName: string): Pod {
    const pod = this.pods.get(podName);
    if (!pod) throw new Error(`pod ${podName} was not created by this runtime`);
    return pod;
  }

  private onContainerEvent(event: ContainerEvent): void {
    const known = this.byId.get(event.id);
    if (!known) return;
    const { pod, instance } = known;
    if (event.action === 'start') {
      this.reports.enqueue(instance, () => this.reports.reportStarted(pod, instance, new Date(Number(event.timeNano / 1_000_000n)).toISOString()));
    } else if (event.action === 'die') {
      this.reports.enqueue(instance, () => this.reports.reportExit(pod, instance));
    } else if (event.action === 'oom') {
      noteOomKill(instance);
    }
  }

  private scheduleIdleStop(pod: Pod): void {
    if (pod.keepSandbox || !this.pods.has(pod.launch.podName) || !isIdle(pod)) return;
    pod.sandbox.stopWhenIdle(this.options.sandboxIdleMs, () => isIdle(pod));
  }

  async adoptPods(runId: string, launches: readonly PodLaunch[]): Promise<void> {
    await this.ready();
    const found = await findRunContainers(this.docker, runId);
    const live = new Set(launches.map((launch) => launch.podName));
    // The idle stop of ended pods' sandboxes died with the process that ran them.
    const idle = [...found.sandboxes].filter(([pod, sandbox]) => sandbox.running && !live.has(pod));
    await Promise.all(idle.map(([, sandbox]) => tolerating(this.docker.getContainer(sandbox.id).stop({ t: 1 }))));
    await Promise.all(launches.map((launch) => this.adoptPod(launch, found)));
  }

  private async adoptPod(launch: PodLaunch, found: RunContainers): Promise<void> {
    if (this.pods.has(launch.podName)) return;
    const spec = podSpec(launch.spec);
    const containers = allContainers(spec);
    const foundInstances = found.instances.get(launch.podName) ?? [];
    const foundSandbox = found.sandboxes.get(launch.podName);
    if (!foundSandbox) {
      // Removed behind the run's back: whatever ran in it is gone.
      for (const container of containers) {
        const attempt = foundInstances.filter((i) => i.container === container.name).length;
        this.events.fire({ type: 'containerExited', pod: launch.podName, container: container.name, attempt, exitCode: 137, oomKilled: false, finishedAt: new Date().toISOString(), message: 'the pod was removed from the Docker engine' });
      }
      return;
    }
    const volumes = planVolumes(launch);
    const volumePaths = new Map<string, string>();
    for (const plan of volumesNeedingPaths(volumes, spec)) {
      if (plan.kind !== 'hostPath') volumePaths.set(plan.name, await volumeMountpoint(this.docker, plan.dockerName));
    }
    const terminationPath = await volumeMountpoint(this.docker, terminationVolumeName(launch.podName));
    const sandbox = new Sandbox(this.docker, foundSandbox.id, sandboxHoldsNamespaces(spec, volumes));
    if (foundSandbox.running) sandbox.markRunning();
    const keepSandbox = volumes.some((v) => v.kind === 'emptyDir' && v.memory);
    const pod: Pod = { launch, spec, labels: podLabels(launch), volumes, volumePaths, terminationPath, sandbox, instances: new Map(), starting: 0, keepSandbox };
    this.pods.set(launch.podName, pod);
    const adopted: Instance[] = [];
    for (const found of foundInstances) {
      const container = containers.find((c) => c.name === found.container);
      if (!container) continue;
      const instance: Instance = { id: found.id, container, restartCount: found.restartCount, started: false, exited: false, work: Promise.resolve() };
      pod.instances.set(container.name, [...(pod.instances.get(container.name) ?? []), instance]);
      // Known before its state is read, so that an exit from now on is not missed.
      this.byId.set(found.id, { pod, instance });
      adopted.push(instance);
    }
    for (const instance of adopted) this.reports.enqueue(instance, () => this.reports.reportAdopted(pod, instance));
    await Promise.all(adopted.map((instance) => instance.work));
    this.scheduleIdleStop(pod);
  }

  async settle(): Promise<void> {
    const pods = [...this.pods.values()].filter((pod) => !pod.keepSandbox && pod.starting === 0);
    if (pods.length === 0) return;
    // The engine's word, not the events: a container stopped a moment ago may not have reported its exit yet.
    const running = await this.docker.listContainers({ filters: { label: [labelFilter(Label.role, 'container')], status: ['running'] } });
    const busy = new Set(running.map((c) => c.Labels[Label.pod]));
    await Promise.all(pods.filter((pod) => !busy.has(pod.launch.podName)).map((pod) => pod.sandbox.stop()));
  }

  /** After the engine came back: report what ended while nobody was listening. */
  private reconcile(): void {
    for (const { pod, instance } of this.byId.values()) {
      if (!instance.exited) this.reports.enqueue(instance, () => this.reports.reportExit(pod, instance));
    }
  }
}
