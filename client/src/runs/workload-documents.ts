// Where each Job and CronJob of a manifest sits in its text, for CodeLens and "the document
// under the cursor". Broken documents are skipped: the language server reports them.
import { parseAllDocuments, isMap, isScalar } from 'yaml';

export interface WorkloadDocument {
  kind: 'Job' | 'CronJob';
  name: string;
  /** Offsets of the document in the text: [start, end). */
  start: number;
  end: number;
  /** Offset of the `kind:` line, where a CodeLens belongs. */
  anchor: number;
}

export function workloadDocuments(text: string): WorkloadDocument[] {
  const found: WorkloadDocument[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: false })) {
    if (doc.errors.length > 0 || !isMap(doc.contents)) continue;
    const kindPair = doc.contents.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind');
    const kind = kindPair && isScalar(kindPair.value) ? kindPair.value.value : undefined;
    if (kind !== 'Job' && kind !== 'CronJob') continue;
    const metadata: unknown = doc.get('metadata');
    const name = isMap(metadata) ? metadata.get('name') : undefined;
    const [start, , end] = doc.range;
    const keyRange = isScalar(kindPair?.key) ? kindPair.key.range : undefined;
    found.push({ kind, name: typeof name === 'string' ? name : '', start, end, anchor: keyRange?.[0] ?? start });
  }
  return found;
}

/** The workload whose document holds the offset, else the only one of the text. */
export function workloadAt(text: string, offset: number): WorkloadDocument | undefined {
  const all = workloadDocuments(text);
  return all.find((w) => offset >= w.start && offset <= w.end) ?? (all.length === 1 ? all[0] : undefined);
}
