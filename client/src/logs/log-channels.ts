// One output channel per run, made when the run appears and closed when it is deleted here (not
// when its target removes it: its TTL must not take the logs away).
import type * as vscode from 'vscode';
import { RunLogChannel } from './run-log-channel';
import type { RunRegistry } from '../editor/run-registry';
import { goneText } from '../editor/run-gone';
import { settings } from '../editor/settings';

export class RunLogChannels implements vscode.Disposable {
  private readonly channels = new Map<string, RunLogChannel>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly registry: RunRegistry,
    /** The extension host's logs folder (the parent of ExtensionContext.logUri): channels' files are kept private there. */
    private readonly logsDir?: string,
  ) {
    for (const entry of registry.all()) this.open(entry.handle.id);
    this.subscription = registry.onDidChange(({ entry, change }) => {
      if (change.kind === 'added') this.open(entry.handle.id);
      else if (change.kind === 'removed') this.close(entry.handle.id);
      // Removed by its target (its TTL): the channel stays, with the outcome, until the run is deleted here.
      else if (change.kind === 'gone') this.channels.get(entry.handle.id)?.note(`job/${entry.handle.snapshot().jobName} ${goneText(entry.handle.snapshot(), entry.source.targetLabel, entry.gone?.cause ?? 'deletedElsewhere')}; these logs stay until you delete the run`);
    });
  }

  private open(runId: string): RunLogChannel | undefined {
    const known = this.channels.get(runId);
    if (known) return known;
    const entry = this.registry.get(runId);
    if (!entry) return undefined;
    const channel = new RunLogChannel(entry, settings.logTimestamps, this.logsDir);
    this.channels.set(runId, channel);
    return channel;
  }

  private close(runId: string): void {
    this.channels.get(runId)?.dispose();
    this.channels.delete(runId);
  }

  get(runId: string): RunLogChannel | undefined {
    return this.open(runId);
  }

  show(runId: string): void {
    this.open(runId)?.show();
  }

  dispose(): void {
    this.subscription.dispose();
    for (const channel of this.channels.values()) channel.dispose();
    this.channels.clear();
  }
}
