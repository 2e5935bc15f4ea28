// Commands on the cluster's own Jobs and CronJobs in the Jobs view: follow a Job (its pods and
// logs), delete it, run a CronJob now, suspend or resume it, list again.
import * as vscode from 'vscode';
import { deleteJob, followClusterJob, jobForRunNow, runWorkload, setCronJobSuspended, type ClusterConnection } from '../runs/cluster';
import type { JobsTreeNode } from '../views/jobs-tree';
import type { CommandContext, CommandFactory } from './command-context';

type CronJobNode = JobsTreeNode & { kind: 'clusterCronJob' };
type JobNode = JobsTreeNode & { kind: 'clusterJob' };

/** Runs an action on the selected context with progress; failures are shown, never thrown. */
async function onCluster<T>(ctx: CommandContext, title: string, action: (connection: ClusterConnection) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
    try {
      const connection = ctx.browser.connect();
      if (!connection) throw new Error('no kube context is selected (Kube Jobs: Select Target)');
      return await action(connection);
    } catch (error) {
      void vscode.window.showErrorMessage(`Kube Jobs: ${title.toLowerCase()} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      ctx.tree.refresh();
    }
  });
}

function track(ctx: CommandContext, connection: ClusterConnection, handle: Awaited<ReturnType<typeof followClusterJob>>, name: string): void {
  ctx.registry.add(handle, { workloadName: name, targetLabel: connection.context, choice: ctx.targets.clusterChoice() });
  ctx.logs.show(handle.id);
}

export const refresh: CommandFactory = (ctx) => () => ctx.tree.relist();

export const follow: CommandFactory = (ctx) => async (node?: JobNode) => {
  if (node?.kind !== 'clusterJob') return;
  const known = ctx.registry.get(node.job.id);
  if (known) {
    ctx.logs.show(known.handle.id);
    return;
  }
  await onCluster(ctx, `Following job/${node.job.name}`, async (connection) => track(ctx, connection, await followClusterJob(connection, node.job.name, node.job.namespace), node.job.name));
};

export const deleteClusterJob: CommandFactory = (ctx) => async (node?: JobNode) => {
  if (node?.kind !== 'clusterJob') return;
  const answer = await vscode.window.showWarningMessage(`Delete job/${node.job.name} and its pods from the cluster?`, { modal: true }, 'Delete');
  if (answer !== 'Delete') return;
  await onCluster(ctx, `Deleting job/${node.job.name}`, (connection) => deleteJob(connection, node.job.name, { namespace: node.job.namespace, propagation: 'Background' }));
};

export const runCronJobNowOnCluster: CommandFactory = (ctx) => async (node?: CronJobNode) => {
  if (node?.kind !== 'clusterCronJob') return;
  await onCluster(ctx, `Running cronjob/${node.cronJob.name} now`, async (connection) => {
    const job = await jobForRunNow(connection, node.cronJob.name, { namespace: node.cronJob.namespace });
    track(ctx, connection, await runWorkload(connection, job, { namespace: node.cronJob.namespace }), node.cronJob.name);
  });
};

export const suspendCronJob: CommandFactory = (ctx) => async (node?: CronJobNode) => {
  if (node?.kind === 'clusterCronJob') await onCluster(ctx, `Suspending cronjob/${node.cronJob.name}`, (c) => setCronJobSuspended(c, node.cronJob.name, true, node.cronJob.namespace));
};

export const resumeCronJob: CommandFactory = (ctx) => async (node?: CronJobNode) => {
  if (node?.kind === 'clusterCronJob') await onCluster(ctx, `Resuming cronjob/${node.cronJob.name}`, (c) => setCronJobSuspended(c, node.cronJob.name, false, node.cronJob.namespace));
};
