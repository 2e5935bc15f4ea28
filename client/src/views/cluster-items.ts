// How a cluster's own Jobs and CronJobs read in the Jobs view.
import * as vscode from 'vscode';
import type { ClusterCronJobSummary, ClusterJobSummary, JobState } from '../runs/cluster';
import { finishedCondition, type PodModel } from '../runs/model';
import { clockTime, durationText, failedContainer, formatDuration, podDescription } from './run-presentation';

const jobIcon: Record<JobState, vscode.ThemeIcon> = {
  Running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  Complete: new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed')),
  Failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  Suspended: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow')),
};

function age(iso: string | undefined, now: number): string {
  return iso ? formatDuration(Math.max(0, now - Date.parse(iso))) : '';
}

export function clusterJobItem(id: string, job: ClusterJobSummary, now: number): vscode.TreeItem {
  // Collapsed: its pods, as the namespace's pod watch sees them.
  const item = new vscode.TreeItem(job.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  const { status } = job;
  const parts = [job.deleting ? 'deleting' : job.state];
  const started = status.startTime ?? job.createdAt;
  if (started) parts.push(`started ${clockTime(started, now)}`);
  parts.push(`${status.succeeded} succeeded`);
  if (status.active) parts.push(`${status.active} active`);
  if (status.failed) parts.push(`${status.failed} failed`);
  const duration = job.state === 'Suspended' ? '' : durationText(status.startTime, job.state === 'Running' ? undefined : (status.completionTime ?? finishedCondition(status)?.lastTransitionTime), now);
  if (duration) parts.push(duration);
  item.description = parts.join(' · ');
  const finished = finishedCondition(status);
  item.tooltip = `job/${job.name} (${job.namespace}) — ${job.state}${finished?.reason ? `: ${finished.reason}` : ''}${finished?.message ? `\n${finished.message}` : ''}${job.manual ? '\ncreated by Run now' : ''}\nFollow it to see its pods and logs.`;
  item.iconPath = jobIcon[job.state];
  item.contextValue = 'kubeJobs.clusterJob';
  item.command = { command: 'kubeJobs.follow', title: 'Follow', arguments: [{ kind: 'clusterJob', id, job }] };
  return item;
}

export function cronJobItem(id: string, cronJob: ClusterCronJobSummary, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(cronJob.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  const parts = [cronJob.schedule + (cronJob.timeZone ? ` (${cronJob.timeZone})` : '')];
  if (cronJob.suspended) parts.push('suspended');
  if (cronJob.active.length) parts.push(`${cronJob.active.length} active`);
  if (cronJob.lastScheduleTime) parts.push(`last ${age(cronJob.lastScheduleTime, now)} ago`);
  item.description = parts.join(' · ');
  item.tooltip = `cronjob/${cronJob.name} (${cronJob.namespace})\nschedule: ${cronJob.schedule}${cronJob.suspended ? '\nsuspended' : ''}${cronJob.lastSuccessfulTime ? `\nlast success: ${cronJob.lastSuccessfulTime}` : ''}`;
  item.iconPath = new vscode.ThemeIcon(cronJob.suspended ? 'debug-pause' : 'watch', cronJob.suspended ? new vscode.ThemeColor('charts.yellow') : undefined);
  item.contextValue = cronJob.suspended ? 'kubeJobs.cronJob.suspended' : 'kubeJobs.cronJob.active';
  return item;
}

export function messageItem(id: string, text: string, problem: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(text, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.tooltip = text;
  item.iconPath = new vscode.ThemeIcon(problem ? 'warning' : 'info', problem ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
  return item;
}

export function clusterPodItem(id: string, pod: PodModel, icon: vscode.ThemeIcon, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(pod.name, vscode.TreeItemCollapsibleState.None);
  item.id = id;
  item.description = podDescription(pod, now);
  item.iconPath = icon;
  const failed = failedContainer(pod);
  item.tooltip = `pod/${pod.name} — ${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}${pod.message ? `\n${pod.message}` : ''}${failed ? `\nfailed container: ${failed.name}` : ''}\nFollow its Job to see its containers and logs.`;
  item.contextValue = 'kubeJobs.clusterPod';
  return item;
}
