// Activation only: build the pieces, register them, nothing else.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { createLanguageClient } from './language-client';
import { registerCommands } from './commands';
import { RunRegistry } from './editor/run-registry';
import { JobsTreeProvider } from './views/jobs-tree';
import { ClusterBrowser } from './views/cluster-browser';
import { RunLogChannels } from './logs/log-channels';
import { ActiveRunsStatus } from './editor/status-bar';
import { notifyRunEnds } from './editor/run-notifications';
import { DESCRIBE_SCHEME, DescribeDocuments } from './editor/describe-documents';
import { TargetMemory } from './editor/target-memory';
import { RunLauncher } from './editor/run-launcher';
import { RunCodeLensProvider } from './editor/run-codelens';
import { ClusterCheck } from './editor/cluster-check';
import { TimelinePanels } from './editor/timeline-panel';
import { createTarget, listNamespaces } from './runs/create-target';
import { settings } from './editor/settings';
import { detachLocalRuns, takeOverWorkspaceRuns } from './editor/run-takeover';
import { warnAboutWorkspaceDockerHost } from './editor/docker-host-scope';

/** What the extension hands to its integration tests: the runs it knows about, and their log channels. */
export interface KubeJobsApi {
  readonly registry: RunRegistry;
  readonly logs: RunLogChannels;
}

export async function activate(context: vscode.ExtensionContext): Promise<KubeJobsApi> {
  const output = vscode.window.createOutputChannel('Kube Jobs', { log: true });
  const registry = new RunRegistry();
  const logs = new RunLogChannels(registry, dirname(context.logUri.fsPath));
  const targets = new TargetMemory(context.workspaceState);
  const describe = new DescribeDocuments(registry);
  const timelines = new TimelinePanels(registry);
  const browser = new ClusterBrowser(() => {
    const choice = targets.clusterChoice();
    return choice.context ? choice : undefined;
  });
  const tree = new JobsTreeProvider(registry, browser);
  const launcher = new RunLauncher(registry, logs, (choice) => createTarget(choice, { dockerHost: settings.dockerHost(), backoffScale: settings.backoffScale() }));
  const codeLens = new RunCodeLensProvider(registry, targets);
  const check = new ClusterCheck();
  // Made now for its commands; started last.
  const client = createLanguageClient(context, output);
  context.subscriptions.push(
    output,
    registry,
    logs,
    targets,
    describe,
    timelines,
    tree,
    codeLens,
    check,
    new ActiveRunsStatus(registry),
    notifyRunEnds(registry),
    tree.createView('kubeJobs.jobs'),
    vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, describe),
    vscode.languages.registerCodeLensProvider([{ language: 'yaml', scheme: 'file' }, { language: 'yaml', scheme: 'untitled' }], codeLens),
    ...registerCommands({
      registry,
      launcher,
      check,
      targets,
      logs,
      describe,
      browser,
      tree,
      extensionUri: context.extensionUri,
      listNamespaces,
      showTimeline: (runId) => timelines.show(runId),
      languageClient: client,
      output,
    }),
    // A new target or namespace lists another cluster.
    targets.onDidChange(() => tree.refresh()),
    takeOverWorkspaceRuns(registry, output),
    warnAboutWorkspaceDockerHost(),
  );
  activeRegistry = registry;

  // The language server comes last: runs and views work even if it fails to start.
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (error) {
    output.error(`The Kube Jobs language server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage('The Kube Jobs language server did not start.', 'Show Output').then((choice) => {
      if (choice) output.show();
    });
  }
  return { registry, logs };
}

let activeRegistry: RunRegistry | undefined;

export async function deactivate(): Promise<void> {
  // Local runs go on without the editor; the next session takes them over. The rest is disposed through context.subscriptions.
  if (activeRegistry) await detachLocalRuns(activeRegistry);
  activeRegistry = undefined;
}
