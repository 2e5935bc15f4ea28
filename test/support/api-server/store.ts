// The objects of the test API server with one resourceVersion counter, like etcd's revision:
// every write gets the next version, and a bounded history lets watches resume from a version
// until the test compacts it away (then a resume answers 410 Gone, as after etcd compaction).
import { randomUUID } from 'node:crypto';
import { Emitter } from '../../../client/src/runs/emitter';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  plural: string;
  object: StoredObject;
  version: number;
}

const HISTORY_LIMIT = 20_000;

export class ObjectStore {
  private version = 1;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private history: StoreEvent[] = [];
  /** Watches from a version older than this answer 410 Gone. */
  private oldestResumable = 1;
  private readonly changes = new Emitter<StoreEvent>();
  readonly onChange = this.changes.event;

  currentVersion(): string {
    return String(this.version);
  }

  newUid(): string {
    return randomUUID();
  }

  get(plural: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const found = this.bucket(plural).get(key(namespace, name));
    return found && structuredClone(found);
  }

  /** Objects of a kind, oldest first; `filter` sees them before they are copied. */
  list(plural: string, namespace?: string, filter: (object: StoredObject) => boolean = () => true): StoredObject[] {
    return [...this.bucket(plural).values()]
      .filter((o) => (namespace === undefined || o.metadata.namespace === namespace) && filter(o))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
      .map((o) => structuredClone(o));
  }

  create(plural: string, object: StoredObject): StoredObject {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.version);
    this.bucket(plural).set(key(stored.metadata.namespace, stored.metadata.name), stored);
    this.record('ADDED', plural, stored);
    return structuredClone(stored);
  }

  update(plural: string, object: StoredObject): StoredObject {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.version);
    this.bucket(plural).set(key(stored.metadata.namespace, stored.metadata.name), stored);
    this.record('MODIFIED', plural, stored);
    return structuredClone(stored);
  }

  remove(plural: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const bucket = this.bucket(plural);
    const found = bucket.get(key(namespace, name));
    if (!found) return undefined;
    bucket.delete(key(namespace, name));
    found.metadata.resourceVersion = String(++this.version);
    this.record('DELETED', plural, found);
    return structuredClone(found);
  }

  /** Events after `version`, or 'expired' when that version was compacted away. */
  eventsAfter(version: number): StoreEvent[] | 'expired' {
    if (version < this.oldestResumable) return 'expired';
    return this.history.filter((e) => e.version > version).map((e) => structuredClone(e));
  }

  /** Forgets the history so far, like etcd compaction: every version seen so far expires. */
  compact(): void {
    this.history = [];
    this.oldestResumable = this.version + 1;
  }

  private record(type: WatchEventType, plural: string, object: StoredObject): void {
    const event: StoreEvent = { type, plural, object: structuredClone(object), version: Number(object.metadata.resourceVersion) };
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) {
      const dropped = this.history.splice(0, this.history.length - HISTORY_LIMIT);
      this.oldestResumable = dropped[dropped.length - 1].version;
    }
    this.changes.fire(structuredClone(event));
  }

  private bucket(plural: string): Map<string, StoredObject> {
    let bucket = this.objects.get(plural);
    if (!bucket) this.objects.set(plural, (bucket = new Map()));
    return bucket;
  }
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}
