// ConfigMaps and Secrets from the manifest, read as the kubelet reads them: ConfigMap `data`
// and `binaryData`, Secret `data` (base64) and `stringData`.
import type { KubeObject } from '../manifest';

export type DataSourceKind = 'ConfigMap' | 'Secret';

export interface DataSource {
  kind: DataSourceKind;
  name: string;
  /** Every key with its bytes. */
  entries: Map<string, Buffer>;
}

export function findDataSource(objects: readonly KubeObject[], kind: DataSourceKind, name: string): DataSource | undefined {
  const object = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!object) return undefined;
  const entries = new Map<string, Buffer>();
  const put = (record: unknown, decode: (value: string) => Buffer): void => {
    if (!record || typeof record !== 'object') return;
    for (const [key, value] of Object.entries(record as Record<string, unknown>)) {
      entries.set(key, decode(typeof value === 'string' ? value : String(value)));
    }
  };
  if (kind === 'ConfigMap') {
    put(object.data, (v) => Buffer.from(v, 'utf8'));
    put(object.binaryData, (v) => Buffer.from(v, 'base64'));
  } else {
    put(object.data, (v) => Buffer.from(v, 'base64'));
    put(object.stringData, (v) => Buffer.from(v, 'utf8'));
  }
  return { kind, name, entries };
}

/** Kubernetes' wording, so that the error reads as it would on a cluster. */
export function notFoundMessage(kind: DataSourceKind, name: string): string {
  return `${kind === 'ConfigMap' ? 'configmap' : 'secret'} "${name}" not found`;
}

export function missingKeyMessage(kind: DataSourceKind, namespace: string, name: string, key: string): string {
  return `couldn't find key ${key} in ${kind} ${namespace}/${name}`;
}
