// Deletion with propagation policies and the garbage collector's part of it:
// Orphan frees dependents, Background deletes the owner then its dependents, Foreground keeps
// the owner (deletionTimestamp + foregroundDeletion finalizer) until its dependents are gone.
// A pod on a node is not removed at once: it gets a deletionTimestamp, and whoever plays its
// node (the test) ends its containers and deletes it with gracePeriodSeconds=0.
import { badRequest, notFound } from './status';
import type { ResourceType } from './resources';
import type { ObjectStore, StoredObject } from './store';
import { now } from './clock';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

const FOREGROUND = 'foregroundDeletion';
const OWNED_KINDS = ['pods', 'jobs'];

export function parsePolicy(value: unknown): PropagationPolicy | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'Orphan' || value === 'Background' || value === 'Foreground') return value;
  throw badRequest(`propagationPolicy: Unsupported value: "${String(value)}": supported values: "Foreground", "Background", "Orphan"`);
}

export class Deleter {
  private pending = false;

  constructor(private readonly store: ObjectStore) {
    // The garbage collector: after a deletion, remove what lost its owner and owners that wait.
    store.onChange((event) => {
      if (event.type === 'DELETED' || event.object.metadata.deletionTimestamp) this.schedule();
    });
  }

  /** `immediately`: gracePeriodSeconds=0, what a kubelet sends once a pod's containers ended. */
  delete(type: ResourceType, namespace: string | undefined, name: string, policy: PropagationPolicy | undefined, dryRun: boolean, immediately = false): StoredObject {
    const object = this.store.get(type.plural, namespace, name);
    if (!object) throw notFound(type.plural, type.group, name);
    if (dryRun) return object;
    // batch/v1 Jobs orphan their pods by default, as on a real cluster: clients must ask.
    const effective = policy ?? (type.plural === 'jobs' || type.plural === 'cronjobs' ? 'Orphan' : 'Background');
    if (effective === 'Orphan') {
      for (const dependent of this.dependents(object)) {
        dependent.metadata.ownerReferences = dependent.metadata.ownerReferences?.filter((o) => o.uid !== object.metadata.uid);
        this.store.update(this.pluralOf(dependent), dependent);
      }
    }
    if (effective === 'Foreground') {
      if (object.metadata.deletionTimestamp) return object;
      object.metadata.deletionTimestamp = now();
      object.metadata.deletionGracePeriodSeconds = 0;
      object.metadata.finalizers = [...new Set([...(object.metadata.finalizers ?? []), FOREGROUND])];
      return this.store.update(type.plural, object);
    }
    return this.remove(type.plural, object, immediately);
  }

  /** Removes an object now, or marks a pod for its node to end. */
  private remove(plural: string, object: StoredObject, immediately = false): StoredObject {
    if (plural === 'pods' && !immediately && !isTerminal(object) && (object.spec as { nodeName?: string } | undefined)?.nodeName) {
      if (object.metadata.deletionTimestamp) return object;
      object.metadata.deletionTimestamp = now();
      object.metadata.deletionGracePeriodSeconds = 30;
      return this.store.update(plural, object);
    }
    if (object.metadata.finalizers?.length) {
      object.metadata.deletionTimestamp ??= now();
      return this.store.update(plural, object);
    }
    return this.store.remove(plural, object.metadata.namespace, object.metadata.name) ?? object;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.collect();
    });
  }

  private collect(): void {
    const owners = new Set<string>();
    const foreground = new Set<string>();
    for (const plural of ['jobs', 'cronjobs']) {
      for (const o of this.store.list(plural)) {
        owners.add(o.metadata.uid);
        if (o.metadata.finalizers?.includes(FOREGROUND)) foreground.add(o.metadata.uid);
      }
    }
    for (const plural of OWNED_KINDS) {
      const orphaned = (o: StoredObject) => {
        const refs = o.metadata.ownerReferences ?? [];
        return (refs.length > 0 && refs.every((r) => !owners.has(r.uid))) || refs.some((r) => foreground.has(r.uid));
      };
      for (const object of this.store.list(plural, undefined, orphaned)) this.remove(plural, object);
    }
    for (const plural of ['jobs', 'cronjobs']) {
      for (const owner of this.store.list(plural)) {
        if (!owner.metadata.finalizers?.includes(FOREGROUND) || this.dependents(owner).length > 0) continue;
        owner.metadata.finalizers = owner.metadata.finalizers.filter((f) => f !== FOREGROUND);
        if (owner.metadata.finalizers.length === 0) this.store.remove(plural, owner.metadata.namespace, owner.metadata.name);
        else this.store.update(plural, owner);
      }
    }
  }

  private dependents(owner: StoredObject): StoredObject[] {
    return OWNED_KINDS.flatMap((plural) => this.store.list(plural, owner.metadata.namespace, (o) => !!o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid)));
  }

  private pluralOf(object: StoredObject): string {
    return object.kind === 'Pod' ? 'pods' : 'jobs';
  }
}

export function isTerminal(pod: StoredObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
