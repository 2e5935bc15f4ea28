// A run whose target can suspend and resume it (spec.suspend): local runs and cluster runs.
import type { RunHandle } from './model';

export interface SuspendableRunHandle extends RunHandle {
  /** Sets spec.suspend, as `kubectl patch job … suspend`: true stops the active pods (not counted as failures), false resumes. */
  setSuspended(suspended: boolean): Promise<void>;
}

export function isSuspendable(handle: RunHandle): handle is SuspendableRunHandle {
  return typeof (handle as Partial<SuspendableRunHandle>).setSuspended === 'function';
}
