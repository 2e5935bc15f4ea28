// Writes a kubeconfig that points client-node (or kubectl) at a test API server.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeconfigContext {
  name: string;
  server: string;
  token: string;
  namespace?: string;
}

export function kubeconfigText(contexts: KubeconfigContext[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': current ?? contexts[0]?.name,
    // client-node refuses plain http unless TLS verification is explicitly off.
    clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: c.server, ...(c.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}) } })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: c.token } })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
  });
}

/** A kubeconfig file in a fresh temp directory; returns its path. */
export function writeKubeconfig(contexts: KubeconfigContext[], current?: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kube-jobs-kubeconfig-')), 'config');
  writeFileSync(path, kubeconfigText(contexts, current), { mode: 0o600 });
  return path;
}
