// Records core/v1 Events about objects, as the Job controller and the kubelet do.
import { randomBytes } from 'node:crypto';
import type { ObjectStore, StoredObject } from './store';
import { now } from './clock';

export class EventRecorder {
  constructor(private readonly store: ObjectStore) {}

  record(about: StoredObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
    const time = now();
    this.store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${about.metadata.name}.${randomBytes(8).toString('hex')}`,
        namespace: about.metadata.namespace,
        uid: this.store.newUid(),
        resourceVersion: '',
        creationTimestamp: time,
      },
      involvedObject: { apiVersion: about.apiVersion, kind: about.kind, name: about.metadata.name, namespace: about.metadata.namespace, uid: about.metadata.uid },
      type,
      reason,
      message,
      source: { component },
      firstTimestamp: time,
      lastTimestamp: time,
      count: 1,
    });
  }
}
