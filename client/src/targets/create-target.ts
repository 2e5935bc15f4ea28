// Makes the RunTarget for a choice: the local Docker engine or a kube context.
import { createDockerTarget } from './docker-target';
import type { RunTarget, TargetChoice } from './run-target';

export interface TargetOptions {
  dockerHost?: string;
  backoffScale?: number;
}

export function createTarget(choice: TargetChoice, options: TargetOptions): Promise<RunTarget> {
  if (choice.kind === 'docker') return createDockerTarget(options);
  return Promise.reject(new Error('the cluster target is not available in this build'));
}

export function listNamespaces(_context: string): Promise<string[]> {
  return Promise.reject(new Error('namespaces cannot be listed in this build'));
}
