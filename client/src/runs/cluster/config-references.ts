// The ConfigMaps and Secrets a Job's pod template refers to by name: env valueFrom, envFrom,
// configMap/secret volumes, projected sources and imagePullSecrets. A name counts as optional
// only when every reference to it says `optional: true`.
import type { KubeObject } from '../manifest';

export type ConfigKind = 'ConfigMap' | 'Secret';

export interface ConfigReference {
  kind: ConfigKind;
  name: string;
  optional: boolean;
}

interface NameRef {
  name?: string;
  optional?: boolean;
}

interface Container {
  env?: { valueFrom?: { configMapKeyRef?: NameRef; secretKeyRef?: NameRef } }[];
  envFrom?: { configMapRef?: NameRef; secretRef?: NameRef }[];
}

interface Volume {
  configMap?: NameRef;
  secret?: { secretName?: string; optional?: boolean };
  projected?: { sources?: { configMap?: NameRef; secret?: NameRef }[] };
}

interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: Volume[];
  imagePullSecrets?: { name?: string }[];
}

/** The pod spec of a Job's template. */
export function jobPodSpec(job: KubeObject): PodSpec {
  const spec = job.spec as { template?: { spec?: PodSpec } } | undefined;
  return spec?.template?.spec ?? {};
}

/** Every ConfigMap and Secret the Job's pods need, in the order first referred to. */
export function configReferences(job: KubeObject): ConfigReference[] {
  const found = new Map<string, ConfigReference>();
  const add = (kind: ConfigKind, ref: NameRef | undefined) => {
    if (!ref?.name) return;
    const key = `${kind}/${ref.name}`;
    const known = found.get(key);
    const optional = ref.optional === true;
    if (known) known.optional &&= optional;
    else found.set(key, { kind, name: ref.name, optional });
  };
  const pod = jobPodSpec(job);
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])]) {
    for (const variable of container.env ?? []) {
      add('ConfigMap', variable.valueFrom?.configMapKeyRef);
      add('Secret', variable.valueFrom?.secretKeyRef);
    }
    for (const source of container.envFrom ?? []) {
      add('ConfigMap', source.configMapRef);
      add('Secret', source.secretRef);
    }
  }
  for (const volume of pod.volumes ?? []) {
    add('ConfigMap', volume.configMap);
    if (volume.secret) add('Secret', { name: volume.secret.secretName, optional: volume.secret.optional });
    for (const source of volume.projected?.sources ?? []) {
      add('ConfigMap', source.configMap);
      add('Secret', source.secret);
    }
  }
  // The kubelet pulls without a missing pull secret (a warning only): never required.
  for (const pullSecret of pod.imagePullSecrets ?? []) add('Secret', { name: pullSecret.name, optional: true });
  return [...found.values()];
}
