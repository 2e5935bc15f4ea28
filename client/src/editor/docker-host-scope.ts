// kubeJobs.docker.host is a machine setting: VS Code ignores it in a workspace's settings, so
// that a folder someone hands you cannot choose the engine that runs containers. A value put
// there would be ignored in silence: say so, naming the file, when it appears.
import * as vscode from 'vscode';

export const DOCKER_HOST_SETTING = 'kubeJobs.docker.host';

/** The setting in the settings editor: a machine setting is under Remote in a remote window (code-server too), else under User. */
export function openDockerHostSetting(): Thenable<unknown> {
  return vscode.commands.executeCommand(vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings', { query: DOCKER_HOST_SETTING });
}

/** A non-empty value of the setting in a settings file's text (JSON with comments). */
const SET_IN_TEXT = /"kubeJobs\.docker\.host"\s*:\s*"([^"]+)"/;

/** The workspace's settings files: each folder's .vscode/settings.json and a .code-workspace file. */
function workspaceSettingFiles(): vscode.Uri[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json'));
  const file = vscode.workspace.workspaceFile;
  return file && file.scheme !== 'untitled' ? [...folders, file] : folders;
}

async function valueIn(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return SET_IN_TEXT.exec(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)))?.[1];
  } catch {
    return undefined;
  }
}

/** Warns once per file and value, on activation and whenever a workspace settings file changes. */
export function warnAboutWorkspaceDockerHost(): vscode.Disposable {
  const told = new Set<string>();
  const check = async (): Promise<void> => {
    for (const uri of workspaceSettingFiles()) {
      const value = await valueIn(uri);
      const key = `${uri.toString()}|${value}`;
      if (value === undefined || told.has(key)) continue;
      told.add(key);
      const where = vscode.workspace.asRelativePath(uri);
      const choice = await vscode.window.showWarningMessage(
        `Kube Jobs: ${DOCKER_HOST_SETTING} is set to "${value}" in ${where}, where it is ignored: it is a machine setting, so that a workspace cannot choose the engine that runs containers. Set it in your user settings (in a remote window: the remote's settings), or set DOCKER_HOST.`,
        'Open Setting',
        'Open File',
      );
      if (choice === 'Open Setting') await openDockerHostSetting();
      else if (choice === 'Open File') await vscode.window.showTextDocument(uri);
    }
  };
  void check();
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.vscode/settings.json,*.code-workspace}');
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(() => void check()),
    watcher.onDidChange(() => void check()),
    vscode.workspace.onDidChangeConfiguration(() => void check()),
  );
}
