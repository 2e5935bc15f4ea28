// What commands work with: the editor's pieces, built once at activation and handed to every
// command's factory.
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ClusterCheck } from '../editor/cluster-check';
import type { DescribeDocuments } from '../editor/describe-documents';
import type { RunLauncher } from '../editor/run-launcher';
import type { RunRegistry } from '../editor/run-registry';
import type { TargetMemory } from '../editor/target-memory';
import type { RunLogChannels } from '../logs/log-channels';
import type { ClusterBrowser } from '../views/cluster-browser';
import type { JobsTreeProvider } from '../views/jobs-tree';

export interface CommandContext {
  registry: RunRegistry;
  launcher: RunLauncher;
  check: ClusterCheck;
  targets: TargetMemory;
  logs: RunLogChannels;
  describe: DescribeDocuments;
  browser: ClusterBrowser;
  tree: JobsTreeProvider;
  extensionUri: vscode.Uri;
  listNamespaces: (context: string) => Promise<string[]>;
  showTimeline: (runId: string) => void;
  languageClient: LanguageClient;
  output: vscode.LogOutputChannel;
}

/** Makes one command's handler; VS Code calls it with whatever arguments its caller passed. */
export type CommandFactory = (ctx: CommandContext) => (...args: never[]) => unknown;
