// The kubeconfig contexts, read as kubectl reads them (KUBECONFIG with several files, else
// ~/.kube/config), for the target picker and the CodeLens label.
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeContexts {
  names: string[];
  current?: string;
  /** The namespace a context sets, else "default". */
  namespaceOf(context: string): string;
  /** Why no context could be read, when none could. */
  problem?: string;
}

export function readKubeContexts(): KubeContexts {
  const config = new KubeConfig();
  try {
    config.loadFromDefault();
  } catch (error) {
    return { names: [], namespaceOf: () => 'default', problem: `the kubeconfig could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  const contexts = config.getContexts();
  const names = contexts.map((c) => c.name);
  return {
    names,
    current: names.includes(config.getCurrentContext()) ? config.getCurrentContext() : undefined,
    namespaceOf: (name) => contexts.find((c) => c.name === name)?.namespace ?? 'default',
    problem: names.length === 0 ? 'no kubeconfig context found (KUBECONFIG or ~/.kube/config)' : undefined,
  };
}
