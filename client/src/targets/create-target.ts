// Makes the RunTarget for a choice: the local Docker engine or a kube context.
import type { RunTarget, TargetChoice } from './run-target';

export interface TargetOptions {
  dockerHost?: string;
  backoffScale?: number;
}

export function createTarget(choice: TargetChoice, _options: TargetOptions): Promise<RunTarget> {
  return Promise.reject(new Error(`the ${choice.kind} target is not available in this build`));
}

export function listNamespaces(_context: string): Promise<string[]> {
  return Promise.reject(new Error('namespaces cannot be listed in this build'));
}
