// Which Docker volume (or bind mount) carries each of a pod's volumes, and the files of the
// ConfigMap, Secret, downwardAPI and projected ones. Anything else is refused up front.
import { PodRefused, type PodLaunch } from '../pod-runtime';
import { findDataSource, notFoundMessage, type DataSourceKind } from './config-data';
import { podFieldValue, resourceFieldValue, PodFieldError } from './pod-fields';
import { allContainers, podSpec, type DownwardItem, type KeyToPath, type VolumeSpec } from './pod-spec';
import type { TarEntry } from './tar-archive';
import { volumeName } from './labels';
import { memoryBytes } from './quantity';

export type VolumePlan =
  | { kind: 'emptyDir'; name: string; dockerName: string; memory: boolean; sizeBytes?: number }
  | { kind: 'files'; name: string; dockerName: string; files: TarEntry[] }
  | { kind: 'hostPath'; name: string; path: string };

const SUPPORTED = 'emptyDir, configMap, secret, downwardAPI, projected (configMap, secret, downwardAPI sources) and, with consent, hostPath';
const DEFAULT_FILE_MODE = 0o644;

export function planVolumes(launch: PodLaunch): VolumePlan[] {
  const spec = podSpec(launch.spec);
  const plans = (spec.volumes ?? []).map((volume) => planVolume(launch, volume));
  const declared = new Set(plans.map((p) => p.name));
  for (const container of allContainers(spec)) {
    for (const mount of container.volumeMounts ?? []) {
      if (!declared.has(mount.name ?? '')) {
        throw new PodRefused(`container "${container.name}" mounts volume "${mount.name ?? ''}", which the pod does not declare`);
      }
    }
  }
  return plans;
}

function planVolume(launch: PodLaunch, volume: VolumeSpec): VolumePlan {
  const name = volume.name ?? '';
  const dockerName = volumeName(launch.podName, name);
  if (volume.emptyDir) {
    return {
      kind: 'emptyDir',
      name,
      dockerName,
      memory: volume.emptyDir.medium === 'Memory',
      sizeBytes: volume.emptyDir.sizeLimit === undefined ? undefined : memoryBytes(volume.emptyDir.sizeLimit),
    };
  }
  if (volume.hostPath) return { kind: 'hostPath', name, path: volume.hostPath.path ?? '' };
  const refuse = (why: string): never => {
    throw new PodRefused(`volume "${name}": ${why}`);
  };
  try {
    if (volume.configMap) {
      const c = volume.configMap;
      return { kind: 'files', name, dockerName, files: keyFiles(launch, 'ConfigMap', c.name, c.items, c.optional, c.defaultMode) };
    }
    if (volume.secret) {
      const s = volume.secret;
      return { kind: 'files', name, dockerName, files: keyFiles(launch, 'Secret', s.secretName, s.items, s.optional, s.defaultMode) };
    }
    if (volume.downwardAPI) {
      return { kind: 'files', name, dockerName, files: downwardFiles(launch, volume.downwardAPI.items ?? [], volume.downwardAPI.defaultMode) };
    }
    if (volume.projected) {
      const mode = volume.projected.defaultMode;
      const files = (volume.projected.sources ?? []).flatMap((source) => {
        if (source.configMap) return keyFiles(launch, 'ConfigMap', source.configMap.name, source.configMap.items, source.configMap.optional, mode);
        if (source.secret) return keyFiles(launch, 'Secret', source.secret.name, source.secret.items, source.secret.optional, mode);
        if (source.downwardAPI) return downwardFiles(launch, source.downwardAPI.items ?? [], mode);
        return refuse(`the projected source ${Object.keys(source).join(', ')} cannot run locally; supported: ${SUPPORTED}`);
      });
      return { kind: 'files', name, dockerName, files };
    }
  } catch (error) {
    if (error instanceof PodFieldError) refuse(error.message);
    throw error;
  }
  const type = Object.keys(volume).find((key) => key !== 'name') ?? 'an empty';
  return refuse(`${type} volumes cannot run on the local Docker engine; supported: ${SUPPORTED}`);
}

function keyFiles(launch: PodLaunch, kind: DataSourceKind, name: string | undefined, items: KeyToPath[] | undefined, optional: boolean | undefined, defaultMode: number | undefined): TarEntry[] {
  const source = findDataSource(kind === 'ConfigMap' ? launch.configMaps : launch.secrets, kind, name ?? '');
  if (!source) {
    if (optional) return [];
    throw new PodRefused(`${notFoundMessage(kind, name ?? '')} (it must be in the same file as the Job)`);
  }
  const mode = defaultMode ?? DEFAULT_FILE_MODE;
  if (!items || items.length === 0) {
    return [...source.entries].map(([key, content]) => ({ path: key, mode, content }));
  }
  return items.flatMap((item) => {
    const content = source.entries.get(item.key ?? '');
    if (content === undefined) {
      if (optional) return [];
      throw new PodRefused(`${kind} "${source.name}" has no key "${item.key ?? ''}"`);
    }
    return [{ path: item.path ?? item.key ?? '', mode: item.mode ?? mode, content }];
  });
}

function downwardFiles(launch: PodLaunch, items: DownwardItem[], defaultMode: number | undefined): TarEntry[] {
  const containers = allContainers(podSpec(launch.spec));
  return items.map((item) => {
    const value = item.fieldRef ? podFieldValue(launch, item.fieldRef.fieldPath ?? '') : item.resourceFieldRef ? resourceFieldValue(containers, item.resourceFieldRef) : '';
    return { path: item.path ?? '', mode: item.mode ?? defaultMode ?? DEFAULT_FILE_MODE, content: Buffer.from(value, 'utf8') };
  });
}

/** Tar entries for the files, with their parent directories, so nested item paths work. */
export function filesWithDirectories(files: readonly TarEntry[]): TarEntry[] {
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i += 1) directories.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...[...directories].sort().map((path) => ({ path, mode: 0o755 })), ...files];
}
