// Running on a cluster when there is none to run on: an error that says why and what to do.
// Nothing runs elsewhere instead: a run asked for on a cluster never goes to the local engine.
import * as vscode from 'vscode';
import type { KubeContexts } from '../runs/cluster/kube-contexts';

/** Why `context` cannot be run on, from what the kubeconfig holds; undefined when it can. */
export function clusterProblem(contexts: KubeContexts, context: string | undefined): string | undefined {
  if (contexts.problem) return contexts.problem;
  if (!context) return `the kubeconfig sets no current context (contexts: ${contexts.names.join(', ')})`;
  if (!contexts.names.includes(context)) return `context "${context}" is no longer in the kubeconfig (contexts: ${contexts.names.join(', ')})`;
  return undefined;
}

/** The error notification, with a way to pick a context (the picker lists them once a kubeconfig is there). */
export async function showNoCluster(problem: string, contexts: KubeContexts): Promise<void> {
  const advice = contexts.names.length > 0
    ? 'Pick a context with "Select Target".'
    : 'Set KUBECONFIG to your kubeconfig file, or create ~/.kube/config (kind, minikube and the cloud CLIs write one), then pick a context with "Select Target".';
  // The kubeconfig reader's own advice ("set KUBECONFIG …") is said in full below.
  const why = problem.replace(/; set KUBECONFIG.*$/, '');
  const choice = await vscode.window.showErrorMessage(`Kube Jobs: nothing was run — there is no cluster to run on: ${why}. ${advice}`, 'Select Target');
  if (choice === 'Select Target') await vscode.commands.executeCommand('kubeJobs.selectTarget');
}
