// Which process controls a local run: a file beside its journal holding "host/pid". A run is
// taken over only when that process is gone, and only by one process (an exclusive link).
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ownerIsGone } from '../docker/cleanup';
import { ownerLabel } from '../docker/labels';
import { ownerPath } from './run-journal';

/** The process controlling the run, if one is recorded. */
export function runOwner(dir: string, runId: string): string | undefined {
  try {
    return readFileSync(ownerPath(dir, runId), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** True when a live process controls the run (this one included). */
export function isControlled(dir: string, runId: string): boolean {
  const owner = runOwner(dir, runId);
  return owner !== undefined && !ownerIsGone(owner);
}

/**
 * Makes this process the run's controller. False when another live process controls it, or
 * another process claimed it at the same moment.
 */
export function claimRun(dir: string, runId: string): boolean {
  const path = ownerPath(dir, runId);
  const me = ownerLabel();
  const current = runOwner(dir, runId);
  if (current === me) return true;
  if (current !== undefined && !ownerIsGone(current)) return false;
  const staged = `${path}.${process.pid}`;
  writeFileSync(staged, me, { mode: 0o600 });
  try {
    if (current !== undefined) rmSync(path, { force: true });
    linkSync(staged, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(staged, { force: true });
  }
}

/** This process lets go of the run (it stays, for the next one to take over). */
export function releaseRun(dir: string, runId: string): void {
  if (runOwner(dir, runId) === ownerLabel()) rmSync(ownerPath(dir, runId), { force: true });
}
