// The kubeconfig contexts, read as the cluster target reads them (KUBECONFIG with several
// files, else ~/.kube/config), for the target picker and the CodeLens label.
import { kubeconfigFiles, readKubeConfig } from './kube-config';
import { readPlainContexts } from './kubeconfig-contexts';

export interface KubeContexts {
  names: string[];
  current?: string;
  /** The namespace a context sets, else "default". */
  namespaceOf(context: string): string;
  /** Why no context could be read, when none could. */
  problem?: string;
}

export function readKubeContexts(): KubeContexts {
  // Plain files are read without loading the Kubernetes client; it reads (and explains) the rest.
  const plain = readPlainContexts(kubeconfigFiles());
  if (plain) {
    const names = [...plain.contexts.keys()] as string[];
    return contextsOf(names, plain.current as string, (name) => (plain.contexts.get(name)?.namespace as string | undefined) ?? 'default');
  }
  let config;
  try {
    config = readKubeConfig().config;
  } catch (error) {
    return { names: [], namespaceOf: () => 'default', problem: error instanceof Error ? error.message : String(error) };
  }
  const contexts = config.getContexts();
  return contextsOf(
    contexts.map((c) => c.name),
    config.getCurrentContext(),
    (name) => contexts.find((c) => c.name === name)?.namespace ?? 'default',
  );
}

function contextsOf(names: string[], current: string, namespaceOf: (context: string) => string): KubeContexts {
  return {
    names,
    current: names.includes(current) ? current : undefined,
    namespaceOf,
    problem: names.length === 0 ? 'the kubeconfig has no context' : undefined,
  };
}
