// What `kube-jobs run` reads before anything starts: the manifest, checked as `kube-jobs lint`
// checks it, and the Job or CronJob to run. Every problem here is in the input: an InputError
// (exit 2) with the place, never a stack trace.
import { readFileSync } from 'node:fs';
import { ManifestError, readManifest, selectWorkload, type KubeObject, type ManifestObjects } from '../runs/manifest';
import { InputError } from './exit-codes';
import { lintText } from './lint-text';

export function readRunInput(file: string, job: string | undefined): { manifest: ManifestObjects; workload: KubeObject } {
  const text = readInputFile(file);
  refuseInvalid(file, text);
  try {
    // Documents lint does not check (ConfigMaps, Secrets) are read with the same parser and limits.
    const manifest = readManifest(file, text);
    return { manifest, workload: selectWorkload(manifest, job) };
  } catch (error) {
    if (error instanceof ManifestError) throw new InputError(error.message);
    throw error;
  }
}

/** A manifest file's text; one that cannot be read is an InputError naming it. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The language server's errors stop a run before anything is created, as `kube-jobs lint` shows them. */
function refuseInvalid(file: string, text: string): void {
  const errors = lintText(file, text).filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const lines = errors.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message} [${p.code}]`);
  if (lines.length === 1) throw new InputError(`${lines[0]}; nothing was run`);
  throw new InputError(`the manifest has ${errors.length} errors; nothing was run:\n${lines.join('\n')}`);
}
