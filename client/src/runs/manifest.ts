// Reads a manifest file into the objects a run needs: its Jobs and CronJobs, and the
// ConfigMaps and Secrets beside them (env and volumes may refer to those).
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Manifest {
  readonly file: string;
  /** Jobs and CronJobs, in file order. */
  readonly workloads: readonly KubeObject[];
  readonly configMaps: readonly KubeObject[];
  readonly secrets: readonly KubeObject[];
}

export class ManifestError extends Error {}

export function readManifest(file: string, text: string): Manifest {
  const workloads: KubeObject[] = [];
  const configMaps: KubeObject[] = [];
  const secrets: KubeObject[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: false })) {
    const error = doc.errors[0];
    if (error) {
      const { line, col } = error.linePos?.[0] ?? { line: 0, col: 0 };
      throw new ManifestError(`${file}:${line}:${col}: ${error.message.split('\n')[0]}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object = value as KubeObject;
    if (object.kind === 'Job' || object.kind === 'CronJob') workloads.push(object);
    else if (object.kind === 'ConfigMap') configMaps.push(object);
    else if (object.kind === 'Secret') secrets.push(object);
  }
  return { file, workloads, configMaps, secrets };
}

/** The Job or CronJob to run: the one named, or the only one in the file. */
export function selectWorkload(manifest: Manifest, name?: string): KubeObject {
  const { workloads, file } = manifest;
  if (name !== undefined) {
    const found = workloads.find((w) => w.metadata?.name === name);
    if (!found) throw new ManifestError(`${file} has no Job or CronJob named "${name}"${describe(workloads)}`);
    return found;
  }
  if (workloads.length === 0) throw new ManifestError(`${file} has no Job or CronJob`);
  if (workloads.length > 1) throw new ManifestError(`${file} has ${workloads.length} Jobs and CronJobs; pick one with --job NAME${describe(workloads)}`);
  return workloads[0];
}

function describe(workloads: readonly KubeObject[]): string {
  if (workloads.length === 0) return '';
  return ` (it has: ${workloads.map((w) => `${w.kind}/${w.metadata?.name ?? '<unnamed>'}`).join(', ')})`;
}
