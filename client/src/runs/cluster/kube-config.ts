// Reads kubeconfig files the way kubectl does: the files of KUBECONFIG (or ~/.kube/config)
// merged so that the first file to name a cluster, user, context or current-context wins;
// files that do not exist are skipped. Then the context and namespace to use.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ClusterError } from './cluster-errors';

export interface KubeConfigOptions {
  /** Kubeconfig files, first wins; default: KUBECONFIG's files, else ~/.kube/config. */
  kubeconfigPaths?: string[];
  /** Default: the kubeconfig's current-context. */
  context?: string;
  /** Default: the context's namespace, else "default". */
  namespace?: string;
  /** For tests: the environment and home directory to read. */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
}

export interface ResolvedKubeConfig {
  config: KubeConfig;
  context: string;
  namespace: string;
  /** The API server URL of the context's cluster. */
  server: string;
  /** The files that were read, in order. */
  files: string[];
}

export function kubeconfigFiles(options: Pick<KubeConfigOptions, 'kubeconfigPaths' | 'env' | 'homeDir'> = {}): string[] {
  if (options.kubeconfigPaths && options.kubeconfigPaths.length > 0) return options.kubeconfigPaths;
  const fromEnv = (options.env ?? process.env).KUBECONFIG;
  if (fromEnv) return fromEnv.split(delimiter).filter(Boolean);
  return [join(options.homeDir ?? homedir(), '.kube', 'config')];
}

/** The merged kubeconfig, before a context is chosen. */
export function readKubeConfig(options: Pick<KubeConfigOptions, 'kubeconfigPaths' | 'env' | 'homeDir'> = {}): { config: KubeConfig; files: string[] } {
  const candidates = kubeconfigFiles(options);
  const files = candidates.filter((file) => existsSync(file));
  if (files.length === 0) throw new ClusterError('config', `no kubeconfig found (looked at ${candidates.join(', ')}); set KUBECONFIG or create ~/.kube/config`);
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const single = new KubeConfig();
    try {
      single.loadFromFile(file);
    } catch (error) {
      throw new ClusterError('config', `cannot read kubeconfig ${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    for (const cluster of single.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of single.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of single.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
    currentContext ||= single.getCurrentContext() ?? '';
  }
  const config = new KubeConfig();
  config.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return { config, files };
}

export function loadKubeConfig(options: KubeConfigOptions = {}): ResolvedKubeConfig {
  const { config, files } = readKubeConfig(options);
  const names = config.getContexts().map((c) => c.name);
  const context = options.context ?? config.getCurrentContext();
  if (!context) throw new ClusterError('config', `the kubeconfig sets no current-context; pick one with --context (contexts: ${names.join(', ') || 'none'})`);
  const found = config.getContextObject(context);
  if (!found) throw new ClusterError('config', `context "${context}" is not in the kubeconfig (contexts: ${names.join(', ') || 'none'})`);
  const cluster = config.getCluster(found.cluster);
  if (!cluster) throw new ClusterError('config', `context "${context}" names cluster "${found.cluster}", which the kubeconfig does not define`);
  if (found.user && !config.getUser(found.user)) throw new ClusterError('config', `context "${context}" names user "${found.user}", which the kubeconfig does not define`);
  config.setCurrentContext(context);
  return { config, context, namespace: options.namespace ?? found.namespace ?? 'default', server: cluster.server, files };
}
