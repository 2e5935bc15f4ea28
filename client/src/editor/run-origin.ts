// What a local run started in the editor records about itself (in its journal), so that the
// editor of the same workspace can show it again after a reload.
import * as vscode from 'vscode';
import type { RunSource } from './run-registry';

export interface EditorOrigin {
  /** The workspace that started the run: only it takes the run over. */
  workspace: string;
  source: RunSource;
}

/** The open workspace's identity: its .code-workspace file, else its first folder; undefined with none open. */
export function workspaceKey(): string | undefined {
  return (vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri)?.toString();
}

export function editorOrigin(source: RunSource): EditorOrigin | undefined {
  const workspace = workspaceKey();
  return workspace ? { workspace, source } : undefined;
}

/** The run's source, when the run was started by this workspace's editor. */
export function sourceForThisWorkspace(origin: unknown): RunSource | undefined {
  const candidate = origin as Partial<EditorOrigin> | undefined;
  if (!candidate || typeof candidate.workspace !== 'string' || candidate.workspace !== workspaceKey()) return undefined;
  const source = candidate.source;
  if (!source || typeof source.workloadName !== 'string' || typeof source.targetLabel !== 'string') return undefined;
  return source;
}
