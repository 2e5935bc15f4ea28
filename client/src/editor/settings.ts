// The extension's settings, read when used so that a change takes effect without a reload.
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '@shared/protocol';
import { SETTINGS, withinBounds } from '@shared/settings';

export type DefaultTarget = 'ask' | 'docker' | 'cluster';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION);
}

export const settings = {
  defaultTarget: (): DefaultTarget => config().get<DefaultTarget>('defaultTarget', SETTINGS.defaultTarget.default),
  dockerHost: (): string | undefined => config().get<string>('docker.host')?.trim() || undefined,
  backoffScale: (): number => {
    const setting = SETTINGS['docker.backoffScale'];
    const scale = config().get<number>('docker.backoffScale', setting.default);
    return typeof scale === 'number' && withinBounds(setting, scale) ? scale : setting.default;
  },
  logTimestamps: (): boolean => config().get<boolean>('logs.timestamps', SETTINGS['logs.timestamps'].default),
};
