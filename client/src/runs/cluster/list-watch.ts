// List, then watch from the list's resourceVersion; after a dropped watch resume from the last
// version seen (events are neither lost nor repeated), and list again when the server answers
// 410 Gone because that version was compacted away. One watch per resource kind.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import { explainClusterError, reconnectDelayMs, type ClusterError } from './cluster-errors';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export interface ListWatchOptions<T extends KubernetesObject> {
  connection: ClusterConnection;
  /** What is watched, for messages: "pods of job/x". */
  description: string;
  /** The collection's API path, e.g. /api/v1/namespaces/default/pods. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  list(): Promise<ListResult<T>>;
  /** The whole current state, after the first list and after each relist. */
  onReplace(items: T[]): void;
  onEvent(type: WatchEventType, object: T): void;
  /** A watch could not be (re)opened; it is retried with a growing delay. */
  onError?(error: ClusterError): void;
}

export interface ListWatchStats {
  /** Lists to start and to recover (an expired version, a watch that keeps failing). */
  lists: number;
  /** Lists asked for by resync(). */
  resyncs: number;
  watches: number;
}

type WatchOutcome = { kind: 'ended'; quiet: boolean } | { kind: 'expired' } | { kind: 'failed'; error: unknown };

/** A watch that ends sooner than this with nothing in it is treated as a failure (no tight loop). */
const QUIET_END_MS = 1000;

export class ListWatch<T extends KubernetesObject> {
  readonly stats: ListWatchStats = { lists: 0, resyncs: 0, watches: 0 };
  private resourceVersion = '';
  private stopped = false;
  private abort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  /** Bumped by resync(): events of a watch opened before are dropped. */
  private generation = 0;
  private resyncing: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;

  constructor(private readonly options: ListWatchOptions<T>) {}

  /** Lists (failing if the first list fails), then keeps watching in the background. */
  async start(): Promise<void> {
    await this.relist();
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.resyncing?.resolve();
    this.resyncing = undefined;
    this.abort?.abort();
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
  }

  /**
   * Lists again now and watches on from that list: afterwards the collection is as the server has
   * it at this moment, whatever a lagging watch had not delivered yet. Another collection's watch
   * may run ahead of this one (a Job's end before its pods' last states); this catches up.
   */
  resync(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.resyncing) return this.resyncing.promise;
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.resyncing = { promise, resolve, reject };
    this.generation++;
    this.abort?.abort();
    this.wakeRetry?.();
    return promise;
  }

  private async relist(reason: 'lists' | 'resyncs' = 'lists'): Promise<void> {
    this.stats[reason]++;
    const result = await this.options.connection.call(`list ${this.options.description}`, () => this.options.list());
    this.resourceVersion = result.resourceVersion;
    if (!this.stopped) this.options.onReplace(result.items);
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const outcome = await this.watchOnce();
      if (this.stopped) return;
      try {
        if (this.resyncing) {
          const { resolve, reject } = this.resyncing;
          try {
            await this.relist('resyncs');
            failures = 0;
            resolve();
          } catch (error) {
            reject(error);
            throw error;
          } finally {
            this.resyncing = undefined;
          }
        } else if (outcome.kind === 'expired') {
          await this.relist();
          failures = 0;
        } else if (outcome.kind === 'failed') {
          // A single drop is routine (a proxy timeout, a server restart): resume at once, quietly.
          failures++;
          if (failures > 1) this.options.onError?.(explainClusterError(outcome.error, this.options.connection, `watch ${this.options.description}`));
          await this.delay(reconnectDelayMs(failures - 1));
          // A watch that keeps failing may have outlived its version: list again to be sure.
          if (failures >= 3) await this.relist();
        } else if (outcome.quiet) {
          await this.delay(reconnectDelayMs(++failures));
        } else failures = 0;
      } catch (error) {
        this.options.onError?.(explainClusterError(error, this.options.connection, `list ${this.options.description}`));
        await this.delay(reconnectDelayMs(++failures));
      }
    }
  }

  private watchOnce(): Promise<WatchOutcome> {
    // A resync asked for while the loop waited: list before watching again.
    if (this.resyncing) return Promise.resolve({ kind: 'ended', quiet: false });
    const generation = this.generation;
    this.stats.watches++;
    const opened = Date.now();
    let received = 0;
    return new Promise((resolve) => {
      let expired = false;
      const query: Record<string, string | boolean> = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
      if (this.options.labelSelector) query.labelSelector = this.options.labelSelector;
      if (this.options.fieldSelector) query.fieldSelector = this.options.fieldSelector;
      const onEvent = (type: string, object: unknown) => {
        if (this.stopped || generation !== this.generation) return;
        received++;
        if (type === 'ERROR') {
          const status = object as { code?: number };
          if (status.code === 410) expired = true;
          return;
        }
        const version = (object as KubernetesObject).metadata?.resourceVersion;
        if (version) this.resourceVersion = version;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') this.options.onEvent(type, object as T);
      };
      const done = (error: unknown) => {
        if (expired) resolve({ kind: 'expired' });
        else if (error && !this.stopped && generation === this.generation) resolve({ kind: 'failed', error });
        else resolve({ kind: 'ended', quiet: received === 0 && Date.now() - opened < QUIET_END_MS });
      };
      this.options.connection.watcher.watch(this.options.path, query, onEvent, done).then(
        (controller) => {
          this.abort = controller;
          if (this.stopped || generation !== this.generation) controller.abort();
        },
        (error: unknown) => resolve({ kind: 'failed', error }),
      );
    });
  }

  private delay(ms: number): Promise<void> {
    if (ms === 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, ms);
    });
  }
}

