// Commands on the cluster's own Jobs and CronJobs in the Jobs view: follow a Job (its pods and
// logs), delete it, run a CronJob now, suspend or resume it, list again.
import * as vscode from 'vscode';
import { deleteJob, followClusterJob, jobForRunNow, runWorkload, setCronJobSuspended, type ClusterConnection } from '../runs/cluster';
import type { RunRegistry } from '../editor/run-registry';
import type { ClusterBrowser } from '../views/cluster-browser';
import type { JobsTreeNode, JobsTreeProvider } from '../views/jobs-tree';
import type { RunLogChannels } from '../logs/log-channels';
import type { TargetMemory } from '../editor/target-memory';

export interface ClusterCommandDeps {
  registry: RunRegistry;
  browser: ClusterBrowser;
  tree: JobsTreeProvider;
  logs: RunLogChannels;
  targets: TargetMemory;
}

type CronJobNode = JobsTreeNode & { kind: 'clusterCronJob' };
type JobNode = JobsTreeNode & { kind: 'clusterJob' };

export function registerClusterCommands(deps: ClusterCommandDeps): vscode.Disposable[] {
  const { registry, browser, tree, logs, targets } = deps;

  /** Runs an action on the selected context with progress; failures are shown, never thrown. */
  async function onCluster<T>(title: string, action: (connection: ClusterConnection) => Promise<T>): Promise<T | undefined> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
      try {
        const connection = browser.connect();
        if (!connection) throw new Error('no kube context is selected (Kube Jobs: Select Target)');
        return await action(connection);
      } catch (error) {
        void vscode.window.showErrorMessage(`Kube Jobs: ${title.toLowerCase()} failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        tree.refresh();
      }
    });
  }

  function track(connection: ClusterConnection, handle: Awaited<ReturnType<typeof followClusterJob>>, name: string): void {
    registry.add(handle, { workloadName: name, targetLabel: connection.context, choice: targets.clusterChoice() });
    logs.show(handle.id);
  }

  return [
    vscode.commands.registerCommand('kubeJobs.refresh', () => tree.relist()),
    vscode.commands.registerCommand('kubeJobs.follow', async (node?: JobNode) => {
      if (node?.kind !== 'clusterJob') return;
      const known = registry.get(node.job.id);
      if (known) {
        logs.show(known.handle.id);
        return;
      }
      await onCluster(`Following job/${node.job.name}`, async (connection) => track(connection, await followClusterJob(connection, node.job.name, node.job.namespace), node.job.name));
    }),
    vscode.commands.registerCommand('kubeJobs.deleteClusterJob', async (node?: JobNode) => {
      if (node?.kind !== 'clusterJob') return;
      const answer = await vscode.window.showWarningMessage(`Delete job/${node.job.name} and its pods from the cluster?`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return;
      await onCluster(`Deleting job/${node.job.name}`, (connection) => deleteJob(connection, node.job.name, { namespace: node.job.namespace, propagation: 'Background' }));
    }),
    vscode.commands.registerCommand('kubeJobs.runCronJobNowOnCluster', async (node?: CronJobNode) => {
      if (node?.kind !== 'clusterCronJob') return;
      await onCluster(`Running cronjob/${node.cronJob.name} now`, async (connection) => {
        const job = await jobForRunNow(connection, node.cronJob.name, { namespace: node.cronJob.namespace });
        track(connection, await runWorkload(connection, job, { namespace: node.cronJob.namespace }), node.cronJob.name);
      });
    }),
    vscode.commands.registerCommand('kubeJobs.suspendCronJob', async (node?: CronJobNode) => {
      if (node?.kind === 'clusterCronJob') await onCluster(`Suspending cronjob/${node.cronJob.name}`, (c) => setCronJobSuspended(c, node.cronJob.name, true, node.cronJob.namespace));
    }),
    vscode.commands.registerCommand('kubeJobs.resumeCronJob', async (node?: CronJobNode) => {
      if (node?.kind === 'clusterCronJob') await onCluster(`Resuming cronjob/${node.cronJob.name}`, (c) => setCronJobSuspended(c, node.cronJob.name, false, node.cronJob.namespace));
    }),
  ];
}
