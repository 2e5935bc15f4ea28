// What a kubelet checks before it creates a pod's containers: every ConfigMap and Secret (and
// key) that env, envFrom and volumes need must exist unless marked optional. The first missing
// one is the message of CreateContainerConfigError, worded as the kubelet words it.
import type { ObjectStore, StoredObject } from './store';

interface Ref {
  name?: string;
  key?: string;
  optional?: boolean;
}

interface Container {
  env?: { valueFrom?: { configMapKeyRef?: Ref; secretKeyRef?: Ref } }[];
  envFrom?: { configMapRef?: Ref; secretRef?: Ref }[];
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  volumes?: { configMap?: Ref; secret?: { secretName?: string; optional?: boolean }; projected?: { sources?: { configMap?: Ref; secret?: Ref }[] } }[];
}

/** The reason the pod's containers cannot be created, or undefined when all they need exists. */
export function missingContainerConfig(store: ObjectStore, pod: StoredObject): string | undefined {
  const namespace = pod.metadata.namespace;
  const spec = (pod.spec ?? {}) as PodSpec;
  const check = (plural: 'configmaps' | 'secrets', ref: Ref | undefined): string | undefined => {
    if (!ref?.name || ref.optional) return undefined;
    const found = store.get(plural, namespace, ref.name);
    const kind = plural === 'configmaps' ? 'configmap' : 'secret';
    if (!found) return `${kind} "${ref.name}" not found`;
    if (ref.key === undefined) return undefined;
    const data = { ...((found.data as object | undefined) ?? {}), ...((found.binaryData as object | undefined) ?? {}) };
    return ref.key in data ? undefined : `couldn't find key ${ref.key} in ${plural === 'configmaps' ? 'ConfigMap' : 'Secret'} ${namespace ?? ''}/${ref.name}`;
  };
  const refs: ['configmaps' | 'secrets', Ref | undefined][] = [];
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const source of container.envFrom ?? []) refs.push(['configmaps', source.configMapRef], ['secrets', source.secretRef]);
    for (const variable of container.env ?? []) refs.push(['configmaps', variable.valueFrom?.configMapKeyRef], ['secrets', variable.valueFrom?.secretKeyRef]);
  }
  for (const volume of spec.volumes ?? []) {
    refs.push(['configmaps', volume.configMap], ['secrets', volume.secret && { name: volume.secret.secretName, optional: volume.secret.optional }]);
    for (const source of volume.projected?.sources ?? []) refs.push(['configmaps', source.configMap], ['secrets', source.secret]);
  }
  for (const [plural, ref] of refs) {
    const missing = check(plural, ref);
    if (missing) return missing;
  }
  return undefined;
}
