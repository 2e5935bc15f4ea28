// The kubeconfig contexts, read as the cluster target reads them (KUBECONFIG with several
// files, else ~/.kube/config), for the target picker and the CodeLens label.
import { readKubeConfig } from './kube-config';

export interface KubeContexts {
  names: string[];
  current?: string;
  /** The namespace a context sets, else "default". */
  namespaceOf(context: string): string;
  /** Why no context could be read, when none could. */
  problem?: string;
}

export function readKubeContexts(): KubeContexts {
  let config;
  try {
    config = readKubeConfig().config;
  } catch (error) {
    return { names: [], namespaceOf: () => 'default', problem: error instanceof Error ? error.message : String(error) };
  }
  const contexts = config.getContexts();
  const names = contexts.map((c) => c.name);
  const current = config.getCurrentContext();
  return {
    names,
    current: names.includes(current) ? current : undefined,
    namespaceOf: (name) => contexts.find((c) => c.name === name)?.namespace ?? 'default',
    problem: names.length === 0 ? 'the kubeconfig has no context' : undefined,
  };
}
