// The downward API: pod fields (fieldRef) and container resources (resourceFieldRef) as the
// kubelet renders them, for env values and downwardAPI volume files.
import type { PodLaunch } from '../pod-runtime';
import { parseQuantity } from './quantity';

export class PodFieldError extends Error {}

/** The value of a fieldRef.fieldPath for this pod. */
export function podFieldValue(launch: PodLaunch, fieldPath: string): string {
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (subscript) {
    const map = subscript[1] === 'labels' ? launch.labels : launch.annotations;
    return map[subscript[2]] ?? '';
  }
  switch (fieldPath) {
    case 'metadata.name':
      return launch.podName;
    case 'metadata.namespace':
      return launch.namespace;
    case 'metadata.uid':
      return launch.uid;
    case 'metadata.labels':
      return formatMap(launch.labels);
    case 'metadata.annotations':
      return formatMap(launch.annotations);
    case 'spec.nodeName':
      return 'local';
    case 'spec.serviceAccountName':
      return typeof launch.spec.serviceAccountName === 'string' ? launch.spec.serviceAccountName : 'default';
    // Pods have no network locally: no address to give.
    case 'status.podIP':
    case 'status.podIPs':
    case 'status.hostIP':
    case 'status.hostIPs':
      return '';
    default:
      throw new PodFieldError(`the local runner does not support fieldRef "${fieldPath}"`);
  }
}

/** `key="value"` lines sorted by key, as downwardAPI files show labels and annotations. */
function formatMap(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((key) => `${key}=${JSON.stringify(map[key])}`)
    .join('\n');
}

export interface ResourceFieldRef {
  containerName?: string;
  resource?: string;
  divisor?: string | number;
}

interface ContainerResources {
  name?: string;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
}

/** limits.cpu / limits.memory / requests.* divided by the divisor and rounded up, as the kubelet does. */
export function resourceFieldValue(containers: readonly ContainerResources[], ref: ResourceFieldRef, ownName?: string): string {
  const name = ref.containerName ?? ownName;
  const container = containers.find((c) => c.name === name);
  if (!container) throw new PodFieldError(`resourceFieldRef names container "${name ?? ''}", which the pod does not have`);
  const [kind, resource] = (ref.resource ?? '').split('.');
  if ((kind !== 'limits' && kind !== 'requests') || (resource !== 'cpu' && resource !== 'memory' && resource !== 'ephemeral-storage')) {
    throw new PodFieldError(`resourceFieldRef resource "${ref.resource ?? ''}" is not supported`);
  }
  const set = container.resources?.[kind]?.[resource] ?? (kind === 'requests' ? container.resources?.limits?.[resource] : undefined);
  const divisor = ref.divisor === undefined ? 1 : parseQuantity(ref.divisor);
  // Without a limit the kubelet reports the node's capacity; locally: the whole machine is unknown, so 0.
  const value = set === undefined ? 0 : parseQuantity(set);
  return String(Math.ceil(value / divisor));
}
