// Every command the extension contributes, by its id: the one place where commands are registered.
import * as vscode from 'vscode';
import type { CommandContext, CommandFactory } from './command-context';
import { follow, deleteClusterJob, refresh, resumeCronJob, runCronJobNowOnCluster, suspendCronJob } from './cluster-commands';
import { restartServer, showServerOutput } from './language-server';
import { checkOnCluster, rerun, runCronJobNow, runJob, runJobLocally, runJobOnCluster } from './launch-commands';
import { deleteAllFinished, deleteRun, describeRun, resumeRun, showLogs, showPreviousLogs, showTimeline, stopRun, suspendRun } from './run-commands';
import { selectNamespace, selectTarget } from './target-commands';
import { newJobFromTemplate } from './template-command';

const commands: Record<string, CommandFactory> = {
  'kubeJobs.runJob': runJob,
  'kubeJobs.runJobLocally': runJobLocally,
  'kubeJobs.runJobOnCluster': runJobOnCluster,
  'kubeJobs.checkOnCluster': checkOnCluster,
  'kubeJobs.runCronJobNow': runCronJobNow,
  'kubeJobs.rerun': rerun,
  'kubeJobs.stop': stopRun,
  'kubeJobs.suspendRun': suspendRun,
  'kubeJobs.resumeRun': resumeRun,
  'kubeJobs.delete': deleteRun,
  'kubeJobs.deleteAllFinished': deleteAllFinished,
  'kubeJobs.showLogs': showLogs,
  'kubeJobs.showPreviousLogs': showPreviousLogs,
  'kubeJobs.describe': describeRun,
  'kubeJobs.showTimeline': showTimeline,
  'kubeJobs.selectTarget': selectTarget,
  'kubeJobs.selectNamespace': selectNamespace,
  'kubeJobs.newJobFromTemplate': newJobFromTemplate,
  'kubeJobs.refresh': refresh,
  'kubeJobs.follow': follow,
  'kubeJobs.deleteClusterJob': deleteClusterJob,
  'kubeJobs.runCronJobNowOnCluster': runCronJobNowOnCluster,
  'kubeJobs.suspendCronJob': suspendCronJob,
  'kubeJobs.resumeCronJob': resumeCronJob,
  'kubeJobs.showServerOutput': showServerOutput,
  'kubeJobs.restartServer': restartServer,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commands).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
