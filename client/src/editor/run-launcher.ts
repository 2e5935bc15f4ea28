// Starting a run from the editor: the checks a user expects before anything runs (trusted
// workspace, no errors in the manifest, consent for host access), then the target, with progress.
import * as vscode from 'vscode';
import { ManifestError, readPlacedManifest, selectWorkload, type DocumentSpan, type KubeObject, type ManifestObjects } from '../runs/manifest';
import { hostAccessNeeds } from '../runs/host-access';
import type { RunEntry, RunRegistry, RunSource } from './run-registry';
import { editorOrigin } from './run-origin';
import { documentAt, lineOf } from './workload-documents';
import type { RunTarget, TargetChoice } from '../runs/run-target';
import type { RunLogChannels } from '../logs/log-channels';
import { DockerEngineUnavailable } from '../runs/docker/docker-client';
import { openDockerHostSetting } from './docker-host-scope';

export type CreateTarget = (choice: TargetChoice) => Promise<RunTarget>;

export interface LaunchRequest {
  /** The manifest's text and where it came from. */
  text: string;
  uri?: vscode.Uri;
  /** The Job or CronJob to run, by name; else the one under the cursor or the only one. */
  workloadName?: string;
  cursorOffset?: number;
  choice: TargetChoice;
}

export class RunLauncher {
  constructor(
    private readonly registry: RunRegistry,
    private readonly logs: RunLogChannels,
    private readonly createTarget: CreateTarget,
  ) {}

  /** Starts a run; user-facing problems are shown and give undefined, never a throw. */
  async launch(request: LaunchRequest): Promise<RunEntry | undefined> {
    if (!vscode.workspace.isTrusted) {
      const choice = await vscode.window.showErrorMessage('Kube Jobs runs containers only in a trusted workspace.', 'Manage Workspace Trust');
      if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
      return undefined;
    }
    const file = request.uri ? (request.uri.scheme === 'file' ? request.uri.fsPath : request.uri.toString()) : 'manifest';
    let workload: KubeObject;
    let manifest: ManifestObjects;
    let place: DocumentSpan | undefined;
    try {
      // Read once: the objects to run, and where each lies for the cursor and the diagnostics.
      const placed = readPlacedManifest(file, request.text);
      manifest = placed.manifest;
      const name = request.workloadName ?? (request.cursorOffset !== undefined ? nameAt(placed.places, request.cursorOffset) : undefined);
      workload = selectWorkload(manifest, name);
      place = placed.places.get(workload);
    } catch (error) {
      if (error instanceof ManifestError) {
        void vscode.window.showErrorMessage(`Kube Jobs: ${error.message}`);
        return undefined;
      }
      throw error;
    }
    const kind = workload.kind ?? 'Job';
    const name = workload.metadata?.name ?? '';
    if (request.uri && !(await this.checkDiagnostics(request.uri, request.text, name, place))) return undefined;
    const needs = hostAccessNeeds(workload);
    if (needs.length > 0) {
      const answer = await vscode.window.showWarningMessage(
        `${kind}/${name} reaches outside its containers:\n• ${needs.join('\n• ')}\nRun it anyway?`,
        { modal: true },
        'Run with host access',
      );
      if (answer !== 'Run with host access') return undefined;
    }
    try {
      const target = await this.createTarget(request.choice);
      const warnings: string[] = [];
      const source: RunSource = {
        uri: request.uri?.toString(),
        workloadName: name,
        targetLabel: target.label,
        manifestText: request.text,
        choice: request.choice,
        warnings,
      };
      const handle = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Starting ${kind.toLowerCase()}/${name} on ${target.label}`, cancellable: false },
        (progress) =>
          target.start({
            manifest,
            workload,
            allowHostAccess: needs.length > 0,
            report: (message) => progress.report({ message }),
            warn: (message) => {
              warnings.push(message);
              void vscode.window.showWarningMessage(`Kube Jobs: ${message}`);
            },
            resolveConflict: (jobName, reason) => this.askConflict(jobName, reason),
            origin: editorOrigin(source),
          }),
      );
      const entry = this.registry.add(handle, source);
      this.logs.show(handle.id);
      return entry;
    } catch (error) {
      const message = `Kube Jobs: could not run ${kind.toLowerCase()}/${name}: ${error instanceof Error ? error.message : String(error)}`;
      if (error instanceof DockerEngineUnavailable) {
        void vscode.window.showErrorMessage(message, 'Open Setting').then((choice) => {
          if (choice) void openDockerHostSetting();
        });
      } else {
        void vscode.window.showErrorMessage(message);
      }
      return undefined;
    }
  }

  /** Errors the language server found in this workload's document stop the run. */
  private async checkDiagnostics(uri: vscode.Uri, text: string, name: string, place: DocumentSpan | undefined): Promise<boolean> {
    const lines = place ? [lineOf(text, place.start), lineOf(text, place.end)] : [0, Number.MAX_SAFE_INTEGER];
    const errors = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.severity === vscode.DiagnosticSeverity.Error && d.range.start.line >= lines[0] && d.range.start.line <= lines[1]);
    if (errors.length === 0) return true;
    const first = errors[0];
    const choice = await vscode.window.showErrorMessage(
      `Kube Jobs: ${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first. Line ${first.range.start.line + 1}: ${first.message}`,
      'Show Problems',
    );
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return false;
  }

  private async askConflict(jobName: string, reason: string): Promise<'replace' | 'copy' | undefined> {
    const choice = await vscode.window.showWarningMessage(
      `job/${jobName} ${reason}`,
      { modal: true, detail: '"Delete and re-run" deletes the Job and its pods, waits until they are gone, and creates it again. "Run a copy" creates a new Job with a generated name.' },
      'Delete and re-run',
      'Run a copy',
    );
    return choice === 'Delete and re-run' ? 'replace' : choice === 'Run a copy' ? 'copy' : undefined;
  }
}

/**
 * The name of the Job or CronJob whose document holds the offset, else of the only one ('' when
 * it has none, so that selecting it by name says so).
 */
function nameAt(places: ReadonlyMap<KubeObject, DocumentSpan>, offset: number): string | undefined {
  const found = documentAt([...places].map(([workload, span]) => ({ ...span, workload })), offset);
  if (!found) return undefined;
  const name = found.workload.metadata?.name;
  return typeof name === 'string' ? name : '';
}
