// What in a pod template reaches outside the container: hostPath volumes, privileged
// containers, the host's namespaces. Running such a Job needs the user's explicit consent.
import type { KubeObject } from './manifest';

interface PodSpecLike {
  volumes?: { name?: string; hostPath?: { path?: string } }[];
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}

interface ContainerLike {
  name?: string;
  securityContext?: { privileged?: boolean };
}

export function podSpecOf(workload: KubeObject): PodSpecLike {
  const spec = workload.spec as { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } | undefined;
  return (workload.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec) ?? {};
}

/** One line per thing that needs consent, empty when the Job stays inside its containers. */
export function hostAccessNeeds(workload: KubeObject): string[] {
  const pod = podSpecOf(workload);
  const needs: string[] = [];
  for (const volume of pod.volumes ?? []) {
    if (volume.hostPath) needs.push(`volume "${volume.name ?? ''}" mounts the host path ${volume.hostPath.path ?? '<unset>'}`);
  }
  for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    if (container.securityContext?.privileged) needs.push(`container "${container.name ?? ''}" is privileged`);
  }
  if (pod.hostNetwork) needs.push('the pod uses the host network');
  if (pod.hostPID) needs.push("the pod shares the host's process namespace");
  if (pod.hostIPC) needs.push("the pod shares the host's IPC namespace");
  return needs;
}
