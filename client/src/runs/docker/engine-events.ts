// Docker's event stream for the containers this runtime labels, kept open across engine
// restarts: when the stream drops the watcher reports the engine lost, tries again until the
// engine answers, reports it restored, and replays what happened meanwhile (`since`).
import type Docker from 'dockerode';
import { Label } from './labels';
import { messageOf } from './docker-client';

export interface ContainerEvent {
  /** start, die, oom … */
  action: string;
  id: string;
  attributes: Record<string, string>;
  /** Nanoseconds since the epoch. */
  timeNano: bigint;
}

export interface EngineEventHandlers {
  onEvent(event: ContainerEvent): void;
  onLost(message: string): void;
  onRestored(): void;
}

export class EngineEventWatcher {
  private stream: NodeJS.ReadableStream | undefined;
  private disposed = false;
  private lost = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Where a replay starts after a drop; a little before "now" covers clocks that differ slightly. */
  private since = Date.now() / 1000 - 1;
  private readonly opened: Promise<void>;

  constructor(
    private readonly docker: Docker,
    private readonly handlers: EngineEventHandlers,
    private readonly reconnectDelayMs: number,
  ) {
    this.opened = this.open();
  }

  /** Resolves once the first subscription is open (or rejects if the engine never answered). */
  ready(): Promise<void> {
    return this.opened;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.retryTimer);
    const stream = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    stream?.destroy?.();
    this.stream = undefined;
  }

  private async open(): Promise<void> {
    const stream = await this.docker.getEvents({
      // Replaying from `since` also closes the gap between the response and the daemon's subscription.
      since: this.since.toFixed(3) as unknown as number,
      filters: { type: ['container'], event: ['start', 'die', 'oom'], label: [Label.role] },
    });
    if (this.disposed) {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return;
    }
    this.stream = stream;
    let buffered = '';
    stream.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) this.dispatch(line);
        newline = buffered.indexOf('\n');
      }
    });
    let ended = false;
    const onEnd = (error?: unknown): void => {
      if (ended) return;
      ended = true;
      if (this.stream === stream) this.stream = undefined;
      if (!this.disposed) this.connectionLost(error === undefined ? 'the Docker engine closed its event stream' : messageOf(error));
    };
    stream.on('end', () => onEnd());
    stream.on('close', () => onEnd());
    stream.on('error', (error: unknown) => onEnd(error));
  }

  private dispatch(line: string): void {
    let raw: { Action?: string; status?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
    try {
      raw = JSON.parse(line) as typeof raw;
    } catch {
      return;
    }
    const timeNano = BigInt(Math.trunc(raw.timeNano ?? (raw.time ?? 0) * 1e9));
    this.since = Math.max(this.since, Number(timeNano / 1_000_000n) / 1000);
    const id = raw.Actor?.ID ?? raw.id;
    const action = raw.Action ?? raw.status;
    if (!id || !action) return;
    this.handlers.onEvent({ action, id, attributes: raw.Actor?.Attributes ?? {}, timeNano });
  }

  private connectionLost(message: string): void {
    if (!this.lost) {
      this.lost = true;
      this.handlers.onLost(message);
    }
    this.retryTimer = setTimeout(() => void this.retry(), this.reconnectDelayMs);
  }

  private async retry(): Promise<void> {
    if (this.disposed) return;
    try {
      await this.docker.ping();
      await this.open();
    } catch (error) {
      if (!this.disposed) this.connectionLost(messageOf(error));
      return;
    }
    if (this.lost && !this.disposed) {
      this.lost = false;
      this.handlers.onRestored();
    }
  }
}
