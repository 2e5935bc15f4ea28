// Time for the run engine. The controller never reads the wall clock itself: the runner passes
// `now` in and arms one timer for the next moment the controller asked to be woken, so tests
// drive back-offs, deadlines and TTLs with a manual clock in milliseconds of real time.
import type { Disposable } from '../emitter';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once, at `at` (epoch ms) or as soon as possible after it. */
  setTimer(at: number, callback: () => void): Disposable;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(at, callback) {
    // setTimeout caps at ~24.8 days; a longer wait re-arms itself.
    const maxDelay = 2 ** 31 - 1;
    let handle: NodeJS.Timeout;
    const arm = (): void => {
      const delay = at - Date.now();
      handle = setTimeout(() => (at - Date.now() > 0 ? arm() : callback()), Math.min(Math.max(delay, 0), maxDelay));
    };
    arm();
    return { dispose: () => clearTimeout(handle) };
  },
};

interface PendingTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that moves only when told to; timers fire in time order as it passes them. */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start = Date.UTC(2025, 0, 1, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, callback: () => void): Disposable {
    const timer: PendingTimer = { at, seq: this.seq++, callback };
    this.timers.push(timer);
    return { dispose: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  /** When the earliest pending timer is due, if any. */
  nextTimerAt(): number | undefined {
    return this.timers.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
  }

  /**
   * Moves time forward by `ms`, firing due timers in order; between timers it lets pending
   * promise callbacks run (`settle`), so work a timer started completes at that instant.
   */
  async advance(ms: number, settle: () => Promise<void> = flushPromises): Promise<void> {
    const target = this.current + ms;
    await settle();
    while (true) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await settle();
    }
    this.current = target;
    await settle();
  }
}

/** Lets every already-queued promise callback (and the ones they queue) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
