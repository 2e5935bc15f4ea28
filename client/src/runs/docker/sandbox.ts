// A pod's sandbox: the small container holding the pod's network and IPC namespaces, hostname
// and volumes. It is stopped while none of the pod's containers runs (a finished pod must not
// hold a process per pod) and started again when one is about to start.
import type Docker from 'dockerode';
import { tolerating } from './docker-client';

export class Sandbox {
  private running = false;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Starts and stops run one after another, so a stop never overtakes a later start. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly docker: Docker,
    readonly id: string,
  ) {}

  markRunning(): void {
    this.running = true;
  }

  ensureRunning(): Promise<void> {
    this.cancelIdleStop();
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
