// Makes the RunTarget for a choice: the local Docker engine or a kube context.
import { connectCluster, createClusterTarget, listNamespaces as listClusterNamespaces } from './cluster';
import { createDockerTarget } from './docker/docker-target';
import type { RunTarget, TargetChoice } from './run-target';

export interface TargetOptions {
  dockerHost?: string;
  backoffScale?: number;
}

export function createTarget(choice: TargetChoice, options: TargetOptions): Promise<RunTarget> {
  if (choice.kind === 'docker') return createDockerTarget(options);
  // Kubeconfig problems (no file, unknown context) throw here with a message naming them.
  return Promise.resolve().then(() => createClusterTarget({ context: choice.context, namespace: choice.namespace }));
}

export function listNamespaces(context: string): Promise<string[]> {
  return Promise.resolve().then(() => listClusterNamespaces(connectCluster({ context })));
}
