// watch=1 streams: one JSON event per line over a chunked response. A watch from a
// resourceVersion replays what happened since then; one from a compacted version gets an ERROR
// event with a 410 Expired Status, as the real server sends. The test can drop every open watch,
// send bookmarks, or hold back one resource's events (one watch lagging behind another).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expired } from './status';
import type { ObjectStore, StoredObject, StoreEvent } from './store';

interface OpenWatch {
  response: ServerResponse;
  bookmarks: boolean;
  kind: string;
  apiVersion: string;
}

export interface WatchRequest {
  plural: string;
  kind: string;
  apiVersion: string;
  namespace?: string;
  matches: (object: StoredObject) => boolean;
  resourceVersion?: string;
  allowBookmarks: boolean;
  timeoutSeconds?: number;
}

export class WatchHub {
  private readonly open = new Set<OpenWatch>();
  private readonly countListeners = new Set<() => void>();
  /** Events held back per resource, in order, until released. */
  private readonly held = new Map<string, (() => void)[]>();
  /** Watches ever opened, per resource: lets tests check one watch per kind, not per pod. */
  readonly opened = new Map<string, number>();

  constructor(private readonly store: ObjectStore) {}

  serve(request: IncomingMessage, response: ServerResponse, watch: WatchRequest): void {
    this.opened.set(watch.plural, (this.opened.get(watch.plural) ?? 0) + 1);
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    // Clients wait for the headers before reading events: send them now, not with the first event.
    response.flushHeaders();
    const send = (type: string, object: unknown) => {
      if (!response.destroyed) response.write(`${JSON.stringify({ type, object })}\n`);
    };
    const relevant = (event: StoreEvent) =>
      event.plural === watch.plural && (watch.namespace === undefined || event.object.metadata.namespace === watch.namespace) && watch.matches(event.object);

    const from = watch.resourceVersion;
    if (from === undefined || from === '' || from === '0') {
      // No version: the current state as synthetic ADDED events, then what follows.
      for (const object of this.store.list(watch.plural, watch.namespace).filter(watch.matches)) send('ADDED', object);
    } else {
      const replay = this.store.eventsAfter(Number(from));
      if (replay === 'expired') {
        send('ERROR', expired(`too old resource version: ${from} (${this.store.currentVersion()})`).status);
        response.end();
        return;
      }
      for (const event of replay.filter(relevant)) send(event.type, event.object);
    }
    const entry: OpenWatch = { response, bookmarks: watch.allowBookmarks, kind: watch.kind, apiVersion: watch.apiVersion };
    this.open.add(entry);
    for (const listener of this.countListeners) listener();
    const subscription = this.store.onChange((event) => {
      if (!relevant(event)) return;
      const queue = this.held.get(watch.plural);
      if (queue) queue.push(() => send(event.type, event.object));
      else send(event.type, event.object);
    });
    const timer = watch.timeoutSeconds ? setTimeout(() => response.end(), watch.timeoutSeconds * 1000) : undefined;
    const close = () => {
      clearTimeout(timer);
      subscription.dispose();
      if (this.open.delete(entry)) for (const listener of this.countListeners) listener();
    };
    request.on('close', close);
    response.on('close', close);
  }

  /** Cuts every open watch, as an API server restart or a load balancer timeout does. */
  dropAll(): number {
    const count = this.open.size;
    for (const { response } of this.open) response.destroy();
    this.open.clear();
    return count;
  }

  /**
   * Open watches of `plural` receive nothing new until release() (a list still answers at once):
   * one watch stream lagging behind another, as on a busy API server.
   */
  hold(plural: string): { release(): void } {
    const queue: (() => void)[] = [];
    this.held.set(plural, queue);
    return {
      release: () => {
        if (this.held.get(plural) === queue) this.held.delete(plural);
        for (const send of queue.splice(0)) send();
      },
    };
  }

  /** Sends a BOOKMARK with the current resourceVersion on every watch that asked for them. */
  bookmark(): void {
    for (const { response, bookmarks, kind, apiVersion } of this.open) {
      if (!bookmarks || response.destroyed) continue;
      response.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: this.store.currentVersion() } } })}\n`);
    }
  }

  /** Resolves once the number of open watches satisfies `predicate` (clients opened or closed theirs). */
  untilOpen(predicate: (open: number) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate(this.open.size)) return;
        this.countListeners.delete(check);
        resolve();
      };
      this.countListeners.add(check);
      check();
    });
  }

  openCount(): number {
    return this.open.size;
  }
}
