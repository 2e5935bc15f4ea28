// A pod's sandbox: the small container holding the pod's volumes (files are written into them
// through it) and, when the pod needs them shared, its network and IPC namespaces and hostname.
// A sandbox that shares namespaces runs only while one of the pod's containers runs (a finished
// pod must not hold a process per pod) and is started again when one is about to start. A pod
// of one container with nothing to share never starts its sandbox: the container holds its own
// namespaces, which saves a container start and stop per pod.
import type Docker from 'dockerode';
import { tolerating } from './docker-client';
import { allContainers, type PodSpec } from './pod-spec';
import type { VolumePlan } from './pod-volumes';

/**
 * Whether the pod's sandbox must run to hold what its containers share: namespaces between
 * several containers (init, sidecars, main), host namespaces (kept as they were set up), a
 * memory-backed emptyDir (it lives only while mounted) or a disk one (opened up from inside it).
 */
export function sandboxHoldsNamespaces(spec: PodSpec, volumes: readonly VolumePlan[]): boolean {
  if (allContainers(spec).length > 1) return true;
  if (spec.hostNetwork || spec.hostIPC || spec.hostPID || spec.shareProcessNamespace) return true;
  return volumes.some((v) => v.kind === 'emptyDir');
}

export class Sandbox {
  private running = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Starts and stops run one after another, so a stop never overtakes a later start. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly docker: Docker,
    readonly id: string,
    /** False: never started; the pod's container holds its own namespaces. */
    readonly holdsNamespaces = true,
  ) {}

  /** The container whose namespaces the pod's containers join, if any. */
  get namespaceHolder(): string | undefined {
    return this.holdsNamespaces ? this.id : undefined;
  }

  markRunning(): void {
    this.running = true;
  }

  ensureRunning(): Promise<void> {
    this.cancelIdleStop();
    if (!this.holdsNamespaces) return Promise.resolve();
    return this.enqueue(async () => {
      if (this.running) return;
      await tolerating(this.docker.getContainer(this.id).start(), [304]);
      this.running = true;
    });
  }

  /** Stops the sandbox after `delayMs` unless `isIdle` says otherwise by then. */
  stopWhenIdle(delayMs: number, isIdle: () => boolean): void {
    this.cancelIdleStop();
    this.idleTimer = setTimeout(() => void this.stop(isIdle).catch(() => undefined), delayMs);
    // Idle stopping is housekeeping: it must not keep a finished process alive.
    this.idleTimer.unref();
  }

  stop(isIdle: () => boolean = () => true): Promise<void> {
    this.cancelIdleStop();
    return this.enqueue(async () => {
      if (!this.running || !isIdle()) return;
      await tolerating(this.docker.getContainer(this.id).stop({ t: 1 }));
      this.running = false;
    });
  }

  cancelIdleStop(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
