// The parts of a core/v1 PodSpec the Docker runtime reads, typed loosely: the spec arrives as
// plain JSON from the manifest, so every field is optional and checked where it is used.

export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  privileged?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
}

export interface VolumeMount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface ContainerSpec {
  name: string;
  image?: string;
  imagePullPolicy?: string;
  command?: unknown[];
  args?: unknown[];
  workingDir?: string;
  env?: unknown[];
  envFrom?: unknown[];
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  stdin?: boolean;
  tty?: boolean;
}

export interface KeyToPath {
  key?: string;
  path?: string;
  mode?: number;
}

export interface DownwardItem {
  path?: string;
  fieldRef?: { fieldPath?: string };
  resourceFieldRef?: { containerName?: string; resource?: string; divisor?: string | number };
  mode?: number;
}

export interface VolumeSpec {
  name?: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  configMap?: { name?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  secret?: { secretName?: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean };
  downwardAPI?: { items?: DownwardItem[]; defaultMode?: number };
  projected?: { sources?: ProjectedSource[]; defaultMode?: number };
  hostPath?: { path?: string; type?: string };
  [other: string]: unknown;
}

export interface ProjectedSource {
  configMap?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name?: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardItem[] };
  [other: string]: unknown;
}

export interface PodSpec {
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  volumes?: VolumeSpec[];
  securityContext?: SecurityContext & { fsGroup?: number; supplementalGroups?: number[] };
  shareProcessNamespace?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  terminationGracePeriodSeconds?: number;
}

export function podSpec(spec: Record<string, unknown>): PodSpec {
  return spec as PodSpec;
}

export function allContainers(spec: PodSpec): ContainerSpec[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}
