// The extension's settings, read when used so that a change takes effect without a reload.
import * as vscode from 'vscode';

export type DefaultTarget = 'ask' | 'docker' | 'cluster';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('kubeJobs');
}

export const settings = {
  defaultTarget: (): DefaultTarget => config().get<DefaultTarget>('defaultTarget', 'ask'),
  dockerHost: (): string | undefined => config().get<string>('docker.host')?.trim() || undefined,
  backoffScale: (): number => {
    const scale = config().get<number>('docker.backoffScale', 1);
    return Number.isFinite(scale) && scale > 0 ? scale : 1;
  },
  logTimestamps: (): boolean => config().get<boolean>('logs.timestamps', false),
};
