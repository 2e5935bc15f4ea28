// The target the user chose for this workspace (Local Docker, or a kube context and namespace),
// remembered across sessions, and the pickers that change it.
import * as vscode from 'vscode';
import { DNS1123_LABEL, MAX_LABEL_LENGTH } from '@shared/job-facts';
import { readKubeContexts, type KubeContexts } from '../runs/cluster/kube-contexts';
import { LOCAL_DOCKER_LABEL, type TargetChoice } from '../runs/run-target';
import { clusterProblem, showNoCluster } from './no-cluster';
import { settings } from './settings';

const KEY = 'kubeJobs.target';
/** CodeLens asks often; the kubeconfig is read again at most this often (pickers always read it). */
const CONTEXTS_TTL_MS = 10_000;

export class TargetMemory implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  private cached: { contexts: KubeContexts; at: number } | undefined;

  constructor(private readonly state: vscode.Memento) {}

  contexts(fresh = false): KubeContexts {
    const now = Date.now();
    if (fresh || !this.cached || now - this.cached.at > CONTEXTS_TTL_MS) this.cached = { contexts: readKubeContexts(), at: now };
    return this.cached.contexts;
  }

  remembered(): TargetChoice | undefined {
    return this.state.get<TargetChoice>(KEY);
  }

  async remember(choice: TargetChoice): Promise<void> {
    await this.state.update(KEY, choice);
    this.changed.fire();
  }

  /** The cluster choice to use: the remembered context and namespace, else kubeconfig's current ones. */
  clusterChoice(): TargetChoice & { kind: 'cluster' } {
    const remembered = this.remembered();
    if (remembered?.kind === 'cluster' && remembered.context) return remembered;
    const contexts = this.contexts();
    return { kind: 'cluster', context: contexts.current, namespace: contexts.current ? contexts.namespaceOf(contexts.current) : undefined };
  }

  /** The target for "Run Job": remembered, else the setting, else asked for (undefined if dismissed). */
  async resolve(): Promise<TargetChoice | undefined> {
    const remembered = this.remembered();
    if (remembered) return remembered;
    const preferred = settings.defaultTarget();
    if (preferred === 'docker') return { kind: 'docker' };
    if (preferred === 'cluster') return this.usableCluster();
    return this.pickTarget();
  }

  /**
   * The cluster to run on ("Run Job on Cluster"); when there is none (no kubeconfig, no current
   * context), an error that says what to do, and undefined: never another target instead.
   */
  async usableCluster(): Promise<TargetChoice | undefined> {
    const contexts = this.contexts(true);
    const choice = this.clusterChoice();
    const problem = clusterProblem(contexts, choice.context);
    if (!problem) return choice;
    // Not awaited: the command ends now, whatever the user does with the notification.
    void showNoCluster(problem, contexts);
    return undefined;
  }

  /** `pick` names the item ("Local Docker" or a context) instead of asking. */
  async pickTarget(pick?: string): Promise<TargetChoice | undefined> {
    const contexts = this.contexts(true);
    type Item = vscode.QuickPickItem & { choice?: TargetChoice };
    const items: Item[] = [
      { label: `$(vm) ${LOCAL_DOCKER_LABEL}`, description: 'the local Docker engine, with the Job controller’s semantics', choice: { kind: 'docker' } },
      { label: 'Kubernetes contexts', kind: vscode.QuickPickItemKind.Separator },
      ...contexts.names.map((name) => ({
        label: `$(cloud) ${name}`,
        description: `${name === contexts.current ? 'current context · ' : ''}namespace ${contexts.namespaceOf(name)}`,
        choice: { kind: 'cluster', context: name, namespace: contexts.namespaceOf(name) } as TargetChoice,
      })),
    ];
    // The whole reason on its own line (a description is cut off); choosing it says what to do.
    if (contexts.problem) items.push({ label: '$(warning) No cluster', detail: contexts.problem });
    const picked = pick !== undefined
      ? items.find((item) => item.choice && (item.choice.kind === 'docker' ? pick === LOCAL_DOCKER_LABEL : item.choice.context === pick))
      : await vscode.window.showQuickPick(items, { title: 'Kube Jobs: where should Jobs run?', placeHolder: 'Choose a target for this workspace' });
    if (picked && !picked.choice && contexts.problem) void showNoCluster(contexts.problem, contexts);
    if (!picked?.choice) return undefined;
    await this.remember(picked.choice);
    return picked.choice;
  }

  /** `pick` names a listed namespace instead of asking. */
  async pickNamespace(listNamespaces: (context: string) => Promise<string[]>, pick?: string): Promise<string | undefined> {
    const choice = this.clusterChoice();
    if (!choice.context) {
      void vscode.window.showWarningMessage('Kube Jobs: no kube context is selected. Run "Kube Jobs: Select Target" first.');
      return undefined;
    }
    let namespaces: string[] = [];
    let problem: string | undefined;
    try {
      namespaces = await listNamespaces(choice.context);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    const namespace = pick !== undefined
      ? namespaces.find((n) => n === pick)
      : namespaces.length > 0
      ? (await vscode.window.showQuickPick(namespaces, { title: `Kube Jobs: namespace on ${choice.context}`, placeHolder: choice.namespace }))
      : await vscode.window.showInputBox({
          title: `Kube Jobs: namespace on ${choice.context}`,
          prompt: problem ? `Namespaces could not be listed (${problem}); type one` : 'Namespace',
          value: choice.namespace ?? 'default',
          validateInput: (v) => (DNS1123_LABEL.test(v) && v.length <= MAX_LABEL_LENGTH ? undefined : 'A namespace is a DNS-1123 label: lowercase letters, digits and "-"'),
        });
    if (!namespace) return undefined;
    await this.remember({ kind: 'cluster', context: choice.context, namespace });
    return namespace;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
