// Reads a manifest file into the objects a run needs: its Jobs and CronJobs, and the
// ConfigMaps and Secrets beside them (env and volumes may refer to those). The documents are
// split and parsed as the language server does, with the same limits, and a broken one is
// reported where `kube-jobs lint` reports it.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { manifestDocuments } from '@language-service/manifest-documents';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ManifestObjects {
  readonly file: string;
  /** Jobs and CronJobs, in file order. */
  readonly workloads: readonly KubeObject[];
  readonly configMaps: readonly KubeObject[];
  readonly secrets: readonly KubeObject[];
}

export class ManifestError extends Error {}

/** Where a document lies in its text: offsets [start, end). */
export interface DocumentSpan {
  start: number;
  end: number;
}

export function readManifest(file: string, text: string): ManifestObjects {
  return readPlacedManifest(file, text).manifest;
}

/** readManifest, with where each object lies in the text (for the editor's cursor and diagnostics). */
export function readPlacedManifest(file: string, text: string): { manifest: ManifestObjects; places: ReadonlyMap<KubeObject, DocumentSpan> } {
  const workloads: KubeObject[] = [];
  const configMaps: KubeObject[] = [];
  const secrets: KubeObject[] = [];
  const places = new Map<KubeObject, DocumentSpan>();
  for (const document of manifestDocuments(text)) {
    const content = document.read();
    if ('problem' in content) throw new ManifestError(`${where(file, text, content.problem.offset)}: ${content.problem.message}`);
    const { value } = content;
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object = value as KubeObject;
    if (object.kind === 'Job' || object.kind === 'CronJob') workloads.push(object);
    else if (object.kind === 'ConfigMap') configMaps.push(object);
    else if (object.kind === 'Secret') secrets.push(object);
    else continue;
    places.set(object, { start: document.start, end: document.end });
  }
  return { manifest: { file, workloads, configMaps, secrets }, places };
}

/** `file:line:column` of an offset, as `kube-jobs lint` and the editor count lines (1-based). */
function where(file: string, text: string, offset: number): string {
  const { line, character } = TextDocument.create(file, 'yaml', 1, text).positionAt(offset);
  return `${file}:${line + 1}:${character + 1}`;
}

/** The Job or CronJob to run: the one named, or the only one in the file. */
export function selectWorkload(manifest: ManifestObjects, name?: string): KubeObject {
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
