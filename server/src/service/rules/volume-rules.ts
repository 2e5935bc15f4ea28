// The pod template's volumes and the containers' volumeMounts as the API server checks them:
// names, exactly one source each, the sources' required parts and paths, mounts of known volumes.
import { dns1123LabelProblem, dns1123SubdomainProblem } from './api-formats';
import type { FindingCollector } from './findings';
import type { YAMLMap } from 'yaml';
import { asMap, isNullNode, keyText, nodeAt, numberAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

const MAX_MODE = 0o777;
// The volume sources of the API, as keys of a volume.
const SOURCES = new Set([
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'fc', 'flexVolume',
  'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'hostPath', 'image', 'iscsi', 'nfs', 'persistentVolumeClaim', 'photonPersistentDisk',
  'portworxVolume', 'projected', 'quobyte', 'rbd', 'scaleIO', 'secret', 'storageos', 'vsphereVolume',
]);

export function checkVolumes(pod: unknown, collector: FindingCollector): void {
  const names = new Set<string>();
  const volumes = seqItems(nodeAt(pod, 'volumes'));
  for (let v = 0; v < volumes.length; v++) {
    const map = asMap(volumes[v]);
    if (!map) continue;
    const name = stringAt(map, 'name');
    const nameProblem = name ? dns1123LabelProblem(name) : undefined;
    if (nameProblem) collector.report('invalid-name', `Volume name "${name}" ${nameProblem}.`, nodeAt(map, 'name'));
    if (name !== undefined && names.has(name)) collector.report('invalid-name', `Duplicate volume name "${name}".`, nodeAt(map, 'name'));
    if (name !== undefined) names.add(name);
    // A volume without a source is an emptyDir.
    let sources = 0;
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      if (!SOURCES.has(keyText(pair) ?? '') || isNullNode(pair.value)) continue;
      if (++sources > 1) collector.report('missing-required', 'A volume may have only one source.', pair.key);
    }
    checkSource(map, collector);
  }
}

// The sources whose files have modes, keys and paths.
const FILE_SOURCES = ['configMap', 'secret', 'downwardAPI', 'projected'];

/** A source the volume has needs the name of what it mounts. */
function requireName(volume: YAMLMap, keys: ReadonlySet<string | undefined>, source: string, field: string, collector: FindingCollector): void {
  if (!keys.has(source)) return;
  const node = nodeAt(volume, source);
  if (isNullNode(node)) return;
  const value = stringAt(node, field);
  // The names are not checked: the kubelet finds out whether they exist.
  if (!value) collector.report('missing-required', `\`${source}\` needs \`${field}\`.`, nodeAt(node, field) ?? pairOf(volume, source)?.key);
}

function checkSource(volume: YAMLMap, collector: FindingCollector): void {
  // A volume has a name and one source: the checks of the sources it does not have are skipped.
  const keys = new Set<string | undefined>();
  for (let i = 0; i < volume.items.length; i++) keys.add(keyText(volume.items[i]));
  requireName(volume, keys, 'configMap', 'name', collector);
  requireName(volume, keys, 'secret', 'secretName', collector);
  requireName(volume, keys, 'persistentVolumeClaim', 'claimName', collector);
  requireName(volume, keys, 'hostPath', 'path', collector);
  for (let i = 0; i < FILE_SOURCES.length; i++) {
    const source = FILE_SOURCES[i];
    if (!keys.has(source)) continue;
    const node = nodeAt(volume, source);
    checkMode(node, 'defaultMode', collector);
    for (const item of seqItems(nodeAt(node, 'items'))) {
      checkMode(item, 'mode', collector);
      if (source !== 'downwardAPI' && !stringAt(item, 'key')) collector.report('missing-required', 'An item needs a `key`.', nodeAt(item, 'key') ?? asMap(item)?.items[0]?.key);
      checkRelativePath(item, 'path', collector, true);
    }
  }
  if (keys.has('projected')) {
    const projected = nodeAt(volume, 'projected');
    if (!isNullNode(projected)) {
      for (const source of seqItems(nodeAt(projected, 'sources'))) {
        for (const kind of ['configMap', 'secret', 'downwardAPI']) for (const item of seqItems(nodeAt(source, kind, 'items'))) checkRelativePath(item, 'path', collector, true);
      }
    }
    checkProjected(projected, collector);
  }
  if (keys.has('downwardAPI')) {
    for (const item of seqItems(nodeAt(volume, 'downwardAPI', 'items'))) {
      const ref = nodeAt(item, 'resourceFieldRef');
      if (!isNullNode(ref) && !stringAt(ref, 'containerName')) collector.report('missing-required', 'A downward API file of a resource needs the `containerName`.', nodeAt(ref, 'resource') ?? pairOf(item, 'resourceFieldRef')?.key);
    }
  }
  if (keys.has('csi')) {
    const driver = stringAt(volume, 'csi', 'driver');
    if (isNullNode(nodeAt(volume, 'csi')) === false && !driver) collector.report('missing-required', '`csi` needs a `driver`.', pairOf(volume, 'csi')?.key);
    else {
      const driverProblem = driver ? dns1123SubdomainProblem(driver.toLowerCase()) : undefined;
      if (driverProblem) collector.report('invalid-name', `CSI driver "${driver}" ${driverProblem}.`, nodeAt(volume, 'csi', 'driver'));
    }
  }
  const nfsPath = keys.has('nfs') ? stringAt(volume, 'nfs', 'path') : undefined;
  if (nfsPath !== undefined && !nfsPath.startsWith('/')) collector.report('invalid-name', `nfs path "${nfsPath}" must be an absolute path.`, nodeAt(volume, 'nfs', 'path'));
  const directory = keys.has('gitRepo') ? stringAt(volume, 'gitRepo', 'directory') : undefined;
  if (directory?.split('/').includes('..')) collector.report('invalid-name', `gitRepo directory "${directory}" must not contain '..'.`, nodeAt(volume, 'gitRepo', 'directory'));
  const ephemeral = keys.has('ephemeral') ? nodeAt(volume, 'ephemeral') : undefined;
  if (!isNullNode(ephemeral) && isNullNode(nodeAt(ephemeral, 'volumeClaimTemplate'))) {
    collector.report('missing-required', 'An ephemeral volume needs a `volumeClaimTemplate`.', pairOf(volume, 'ephemeral')?.key);
  }
  const sizeLimit = keys.has('emptyDir') ? stringAt(volume, 'emptyDir', 'sizeLimit') : undefined;
  if (sizeLimit?.startsWith('-')) collector.report('out-of-range', '`sizeLimit` must not be negative.', nodeAt(volume, 'emptyDir', 'sizeLimit'));
}

const MIN_TOKEN_SECONDS = 600;
const DOWNWARD_VOLUME_PATHS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations']);

function checkProjected(projected: unknown, collector: FindingCollector): void {
  const paths = new Set<string>();
  for (const source of seqItems(nodeAt(projected, 'sources'))) {
    const kinds = asMap(source)?.items.filter((pair) => !isNullNode(pair.value)) ?? [];
    for (const extra of kinds.slice(1)) collector.report('missing-required', 'A projected source may have only one kind (configMap, secret, downwardAPI, serviceAccountToken…).', extra.key);
    const token = nodeAt(source, 'serviceAccountToken');
    const seconds = numberAt(token, 'expirationSeconds');
    if (seconds !== undefined && seconds < MIN_TOKEN_SECONDS) collector.report('out-of-range', `A token's \`expirationSeconds\` must be at least ${MIN_TOKEN_SECONDS} (10 minutes).`, nodeAt(token, 'expirationSeconds'));
    if (!isNullNode(token) && !stringAt(token, 'path')) collector.report('missing-required', 'A serviceAccountToken needs a `path`.', pairOf(source, 'serviceAccountToken')?.key);
    for (const kind of ['configMap', 'secret', 'downwardAPI']) {
      for (const item of seqItems(nodeAt(source, kind, 'items'))) {
        const path = stringAt(item, 'path');
        if (path !== undefined && paths.has(path)) collector.report('invalid-name', `Two projected files at "${path}".`, nodeAt(item, 'path'));
        if (path !== undefined) paths.add(path);
        const fieldPath = kind === 'downwardAPI' ? stringAt(item, 'fieldRef', 'fieldPath') : undefined;
        if (fieldPath !== undefined && !DOWNWARD_VOLUME_PATHS.has(fieldPath.replace(/\[.*\]$/, ''))) {
          collector.report('env-value-from', `fieldPath "${fieldPath}" is not one the downward API gives a volume.`, nodeAt(item, 'fieldRef', 'fieldPath'));
        }
      }
    }
  }
}

function checkMode(node: unknown, field: string, collector: FindingCollector): void {
  const mode = numberAt(node, field);
  if (mode !== undefined && (mode < 0 || mode > MAX_MODE)) {
    collector.report('out-of-range', `\`${field}\` must be between 0 and 0777 (octal), that is 511 in decimal; got ${mode}.`, nodeAt(node, field));
  }
}

/** A path inside a volume: relative, without a '..' element. */
function checkRelativePath(node: unknown, field: string, collector: FindingCollector, required: boolean): void {
  const path = stringAt(node, field);
  if (path === undefined || path === '') {
    if (required) collector.report('missing-required', `An item needs a \`${field}\`.`, nodeAt(node, field) ?? asMap(node)?.items[0]?.key);
    return;
  }
  if (path.startsWith('/')) collector.report('invalid-name', `\`${field}\` "${path}" must be a relative path.`, nodeAt(node, field));
  else if (path.split('/').includes('..')) collector.report('invalid-name', `\`${field}\` "${path}" must not contain '..'.`, nodeAt(node, field));
}

export function checkVolumeMounts(pod: unknown, container: unknown, collector: FindingCollector): void {
  const volumes = new Set<string | undefined>();
  const declared = seqItems(nodeAt(pod, 'volumes'));
  for (let i = 0; i < declared.length; i++) volumes.add(stringAt(declared[i], 'name'));
  for (const device of seqItems(nodeAt(container, 'volumeDevices'))) {
    const name = stringAt(device, 'name');
    if (name !== undefined && !volumes.has(name)) collector.report('missing-required', `No volume named "${name}" in the pod template's volumes.`, nodeAt(device, 'name'));
  }
  const paths = new Set<string>();
  const mounts = seqItems(nodeAt(container, 'volumeMounts'));
  for (let m = 0; m < mounts.length; m++) {
    const map = asMap(mounts[m]);
    if (!map) continue;
    const name = stringAt(map, 'name');
    if (name === '') collector.report('missing-required', 'A volume mount needs the `name` of a volume.', nodeAt(map, 'name'));
    else if (name !== undefined && !volumes.has(name)) collector.report('missing-required', `No volume named "${name}" in the pod template's volumes.`, nodeAt(map, 'name'));
    const path = stringAt(map, 'mountPath');
    if (path === '') collector.report('missing-required', 'A volume mount needs a `mountPath`.', nodeAt(map, 'mountPath'));
    else if (path !== undefined && paths.has(path)) collector.report('invalid-name', `mountPath "${path}" is already used by another mount of this container.`, nodeAt(map, 'mountPath'));
    if (path !== undefined) paths.add(path);
    checkRelativePath(map, 'subPath', collector, false);
    checkRelativePath(map, 'subPathExpr', collector, false);
    const recursive = stringAt(map, 'recursiveReadOnly');
    if (recursive !== undefined && recursive !== 'Disabled' && scalarValue(nodeAt(map, 'readOnly')) !== true) {
      collector.report('missing-required', '`recursiveReadOnly` may only be set when `readOnly` is true.', nodeAt(map, 'recursiveReadOnly'));
    }
  }
}
