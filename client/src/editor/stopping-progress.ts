// Stop, Delete and Suspend wait for the pods' grace period (terminationGracePeriodSeconds, 30 s
// by default; `sh` as PID 1 ignores SIGTERM and uses all of it): say so while it lasts, and let
// the user kill the pods at once (grace 0, as `kubectl delete --grace-period=0 --force`).
import * as vscode from 'vscode';
import { isLocalRunHandle } from '../runs/local-runner';
import type { RunEntry } from './run-registry';
import { gracePeriodSeconds, hasRunningContainers } from './run-offers';

/** Runs `action` under a progress notification that counts the grace period down; Cancel kills the pods now. */
export async function whileStopping<T>(entry: RunEntry, verb: 'Stopping' | 'Deleting' | 'Suspending', action: () => Promise<T>): Promise<T> {
  const run = entry.handle.snapshot();
  const grace = gracePeriodSeconds(run);
  const title = `${verb} job/${run.jobName}`;
  const handle = entry.handle;
  const killable = isLocalRunHandle(handle) ? handle : undefined;
  if (entry.gone || grace === 0 || !hasRunningContainers(run)) {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, action);
  }
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: killable !== undefined }, async (progress, token) => {
    const started = Date.now();
    const tell = (): void => {
      const left = Math.max(0, grace - Math.floor((Date.now() - started) / 1000));
      const kill = killable ? ' — Cancel kills them now' : '';
      progress.report({ message: `waiting up to ${grace} s for its pods to stop (terminationGracePeriodSeconds), ${left} s left${kill}` });
    };
    tell();
    const ticker = setInterval(tell, 1000);
    const cancel = token.onCancellationRequested(() => {
      void killable?.kill();
    });
    try {
      return await action();
    } finally {
      clearInterval(ticker);
      cancel.dispose();
    }
  });
}
