// Reads a manifest file into the objects a run needs: its Jobs and CronJobs, and the
// ConfigMaps and Secrets beside them (env and volumes may refer to those). The documents are
// split and parsed as the language server does, with the same limits, and a broken one is
// reported where `kube-jobs lint` reports it.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from '../../../server/src/service/diagnostics';
import { parseFile, parseYamlDocument } from '../../../server/src/service/parse/parse';
import { MAX_ALIAS_COUNT } from '../../../server/src/service/parse/parse-limits';
import { syntaxFindings } from '../../../server/src/service/rules/syntax';

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
  for (const document of parseFile(text).documents) {
    const doc = parseYamlDocument(document.text);
    const error = syntaxFindings(doc, document.start).find((finding) => finding.severity === 'error');
    if (error) throw new ManifestError(`${where(file, text, error.start)}: ${error.message}`);
    let value: unknown;
    try {
      // The alias limit was checked with the parse; yaml's own check of it stays as a backstop.
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (failure) {
      throw new ManifestError(`${where(file, text, document.start)}: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const object = value as KubeObject;
    if (object.kind === 'Job' || object.kind === 'CronJob') workloads.push(object);
    else if (object.kind === 'ConfigMap') configMaps.push(object);
    else if (object.kind === 'Secret') secrets.push(object);
  }
  return { file, workloads, configMaps, secrets };
}

/** `file:line:column` of an offset, as `kube-jobs lint` and the editor count lines (1-based). */
function where(file: string, text: string, offset: number): string {
  const { line, character } = toRange(TextDocument.create(file, 'yaml', 1, text), offset, offset).start;
  return `${file}:${line + 1}:${character + 1}`;
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
