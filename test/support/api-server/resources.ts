// The resources this server serves and the discovery documents that describe them
// (kubectl and client-node find the API through /api, /apis and the group versions).
export interface ResourceType {
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
}

export const RESOURCES: readonly ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true, shortNames: ['po'] },
  { group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true, shortNames: ['cj'] },
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function findResource(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function resourceOfKind(kind: string): ResourceType {
  const found = RESOURCES.find((r) => r.kind === kind);
  if (!found) throw new Error(`no resource of kind ${kind}`);
  return found;
}

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function discoveryDocument(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
  if (path === '/apis') {
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => r.group))];
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map((name) => ({ name, versions: [{ groupVersion: `${name}/v1`, version: 'v1' }], preferredVersion: { groupVersion: `${name}/v1`, version: 'v1' } })),
    };
  }
  if (path === '/version') return { major: '1', minor: '31', gitVersion: 'v1.31.0', platform: 'linux/amd64' };
  const groupVersion = path === '/api/v1' ? 'v1' : path.startsWith('/apis/') ? path.slice('/apis/'.length) : undefined;
  if (!groupVersion) return undefined;
  const served = RESOURCES.filter((r) => apiVersionOf(r) === groupVersion);
  if (served.length === 0) return undefined;
  const resources = served.flatMap((r) => {
    const main = { name: r.plural, singularName: r.kind.toLowerCase(), namespaced: r.namespaced, kind: r.kind, verbs: VERBS, ...(r.shortNames ? { shortNames: r.shortNames } : {}) };
    const subresources = r.kind === 'Pod' ? [{ name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] }] : [];
    const status = r.kind === 'Job' || r.kind === 'CronJob' || r.kind === 'Pod' ? [{ name: `${r.plural}/status`, singularName: '', namespaced: true, kind: r.kind, verbs: ['get', 'patch', 'update'] }] : [];
    return [main, ...subresources, ...status];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources };
}
