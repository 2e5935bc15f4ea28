// Docker create options for a pod's sandbox and for one run of a Kubernetes container in it.
import type Docker from 'dockerode';
import { MAX_LABEL_LENGTH } from '@shared/job-facts';
import { Label, sandboxName, type ResourceRole } from './labels';
import { cpuNanos, cpuShares, memoryBytes } from './quantity';
import type { ContainerSpec, PodSpec } from './pod-spec';
import type { VolumePlan } from './pod-volumes';

/** Where the sandbox mounts every pod volume, so files can be written into them through it. */
export const SANDBOX_VOLUMES_DIR = '/kube-jobs/volumes';
export const SANDBOX_TERMINATION_DIR = '/kube-jobs/termination';
export const DEFAULT_TERMINATION_MESSAGE_PATH = '/dev/termination-log';

// Exits at once on SIGTERM (a shell as PID 1 ignores signals it does not trap) and otherwise
// sleeps, holding the pod's namespaces and volumes like Kubernetes' pause container.
// Docker would otherwise copy the image's files (and the directory's mode) into an empty
// volume on first mount; Kubernetes volumes start empty.
const NO_COPY = { NoCopy: true } as Docker.MountSettings['VolumeOptions'];

const SANDBOX_SCRIPT = 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait; done';

export interface SandboxOptions {
  image: string;
  podName: string;
  hostname: string;
  labels: Record<string, string>;
  volumes: readonly VolumePlan[];
  terminationVolume: string;
  spec: PodSpec;
}

export function sandboxConfig(options: SandboxOptions): Docker.ContainerCreateOptions {
  const mounts: Docker.MountConfig = options.volumes.flatMap((v) =>
    v.kind === 'hostPath' ? [] : [{ Type: 'volume' as const, Source: v.dockerName, Target: `${SANDBOX_VOLUMES_DIR}/${v.name}`, VolumeOptions: NO_COPY }],
  );
  mounts.push({ Type: 'volume', Source: options.terminationVolume, Target: SANDBOX_TERMINATION_DIR });
  return {
    name: sandboxName(options.podName),
    Image: options.image,
    Entrypoint: ['sh', '-c', SANDBOX_SCRIPT],
    Cmd: [],
    Hostname: podHostname(options.hostname),
    Labels: { ...options.labels, [Label.role]: 'sandbox' satisfies ResourceRole },
    HostConfig: {
      NetworkMode: options.spec.hostNetwork ? 'host' : 'none',
      IpcMode: options.spec.hostIPC ? 'host' : 'shareable',
      PidMode: options.spec.hostPID ? 'host' : undefined,
      Mounts: mounts,
    },
  };
}

/** Kubernetes truncates a pod's hostname to 63 characters, without a trailing "-" or ".". */
export function podHostname(hostname: string): string {
  return hostname.slice(0, MAX_LABEL_LENGTH).replace(/[-.]+$/, '');
}

export interface InstanceOptions {
  name: string;
  /** The sandbox whose namespaces and hostname the container joins; none: its own, set up as the pod's. */
  sandboxId: string | undefined;
  hostname: string;
  container: ContainerSpec;
  spec: PodSpec;
  labels: Record<string, string>;
  env: Map<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  volumes: readonly VolumePlan[];
  /** Engine-side path of each volume's data, for subPath mounts. */
  volumePaths: ReadonlyMap<string, string>;
  /** Engine-side path of the file this instance's termination message goes to. */
  terminationFile: string;
}

export function instanceConfig(options: InstanceOptions): Docker.ContainerCreateOptions {
  const { container, spec } = options;
  const limits = container.resources?.limits ?? {};
  const requests = container.resources?.requests ?? {};
  const security = { ...spec.securityContext, ...container.securityContext };
  const memory = limits.memory === undefined ? undefined : memoryBytes(limits.memory);
  const groups = [...(spec.securityContext?.fsGroup === undefined ? [] : [spec.securityContext.fsGroup]), ...(spec.securityContext?.supplementalGroups ?? [])];
  const { mounts, binds } = volumeMounts(options);
  return {
    name: options.name,
    Image: container.image,
    // A command without args must not pick up the image's CMD: Docker drops it when Entrypoint is set.
    Entrypoint: options.entrypoint,
    Cmd: options.cmd ?? (options.entrypoint ? [] : undefined),
    WorkingDir: container.workingDir,
    Env: [...options.env].map(([name, value]) => `${name}=${value}`),
    User: security.runAsUser === undefined ? undefined : `${security.runAsUser}${security.runAsGroup === undefined ? '' : `:${security.runAsGroup}`}`,
    Tty: false,
    // Joined to a sandbox, the container takes its hostname from it.
    Hostname: options.sandboxId ? undefined : podHostname(options.hostname),
    Labels: { ...options.labels, [Label.role]: 'container' satisfies ResourceRole },
    HostConfig: {
      ...namespaces(options.sandboxId, spec),
      Mounts: mounts,
      Binds: binds,
      Memory: memory,
      // Equal to Memory: no swap, so exceeding the limit is an OOM kill as on a node without swap.
      MemorySwap: memory,
      MemoryReservation: requests.memory === undefined ? undefined : memoryBytes(requests.memory),
      NanoCpus: limits.cpu === undefined ? undefined : cpuNanos(limits.cpu),
      CpuShares: requests.cpu === undefined ? undefined : cpuShares(requests.cpu),
      Privileged: security.privileged === true,
      ReadonlyRootfs: security.readOnlyRootFilesystem === true,
      CapAdd: security.capabilities?.add,
      CapDrop: security.capabilities?.drop,
      SecurityOpt: security.allowPrivilegeEscalation === false ? ['no-new-privileges'] : undefined,
      GroupAdd: groups.length > 0 ? groups.map(String) : undefined,
    },
  };
}

function namespaces(sandboxId: string | undefined, spec: PodSpec): Pick<Docker.HostConfig, 'NetworkMode' | 'IpcMode' | 'PidMode'> {
  // Without a sandbox (one container, no host namespaces): the sandbox's own settings.
  if (!sandboxId) return { NetworkMode: 'none', IpcMode: 'private' };
  return {
    NetworkMode: `container:${sandboxId}`,
    IpcMode: spec.hostIPC ? 'host' : `container:${sandboxId}`,
    PidMode: spec.hostPID ? 'host' : spec.shareProcessNamespace ? `container:${sandboxId}` : undefined,
  };
}

function volumeMounts(options: InstanceOptions): { mounts: Docker.MountConfig; binds: string[] } {
  const mounts: Docker.MountConfig = [
    { Type: 'bind', Source: options.terminationFile, Target: options.container.terminationMessagePath ?? DEFAULT_TERMINATION_MESSAGE_PATH },
  ];
  const binds: string[] = [];
  for (const mount of options.container.volumeMounts ?? []) {
    const plan = options.volumes.find((v) => v.name === mount.name);
    if (!plan || !mount.mountPath) continue;
    // ConfigMap, Secret and downwardAPI volumes are read-only on a cluster too.
    const readOnly = mount.readOnly === true || plan.kind === 'files';
    if (plan.kind === 'hostPath') {
      // Binds (not Mounts) so that a missing host directory is created, as DirectoryOrCreate does.
      const source = mount.subPath ? `${plan.path.replace(/\/$/, '')}/${mount.subPath}` : plan.path;
      binds.push(`${source}:${mount.mountPath}${readOnly ? ':ro' : ''}`);
    } else if (mount.subPath) {
      const root = options.volumePaths.get(plan.name);
      if (root) mounts.push({ Type: 'bind', Source: `${root}/${mount.subPath}`, Target: mount.mountPath, ReadOnly: readOnly });
    } else {
      mounts.push({ Type: 'volume', Source: plan.dockerName, Target: mount.mountPath, ReadOnly: readOnly, VolumeOptions: NO_COPY });
    }
  }
  return { mounts, binds };
}
