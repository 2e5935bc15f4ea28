// After a reload (or a crash) of the editor, the local runs this workspace started are taken
// over: finished ones come back with their status and logs, running ones go on being controlled.
// Only in a trusted workspace, since controlling a run starts containers.
import * as vscode from 'vscode';
import type { RunRegistry } from './run-registry';
import { takeOverDockerRuns } from '../runs/docker/docker-resume';
import { DockerEngineUnavailable } from '../runs/docker/docker-client';
import { isLocalRunHandle } from '../runs/local-runner';
import { sourceForThisWorkspace } from './run-origin';
import { settings } from './settings';

export function takeOverWorkspaceRuns(registry: RunRegistry, output: vscode.LogOutputChannel): vscode.Disposable {
  if (vscode.workspace.isTrusted) {
    void takeOver(registry, output);
    return new vscode.Disposable(() => undefined);
  }
  return vscode.workspace.onDidGrantWorkspaceTrust(() => void takeOver(registry, output));
}

async function takeOver(registry: RunRegistry, output: vscode.LogOutputChannel): Promise<void> {
  try {
    const { runs, failures } = await takeOverDockerRuns({ dockerHost: settings.dockerHost(), accept: (origin) => sourceForThisWorkspace(origin) !== undefined });
    for (const { handle, origin } of runs) {
      const source = sourceForThisWorkspace(origin);
      if (source) registry.add(handle, source);
      output.info(`Took over local run ${handle.id} of job/${handle.snapshot().jobName}`);
    }
    for (const failure of failures) output.warn(`Local run ${failure.runId} could not be taken over: ${failure.message}`);
  } catch (error) {
    // No engine now: the runs wait on it for the next session (or `kube-jobs runs attach`).
    if (error instanceof DockerEngineUnavailable) output.info(`Local runs of earlier sessions were not looked for: ${error.message}`);
    else output.error(`Local runs of earlier sessions could not be taken over: ${String(error)}`);
  }
}

/** On the way out (reload, window closed): local runs are left tidy for the next session to take over. */
export async function detachLocalRuns(registry: RunRegistry): Promise<void> {
  await Promise.all(
    registry
      .all()
      .map((entry) => entry.handle)
      .filter(isLocalRunHandle)
      .map((handle) => handle.detach()),
  );
}
