// Where each Job and CronJob of a manifest sits in its text, for CodeLens and "the document
// under the cursor". The documents are split and parsed as the language server does (lone
// carriage returns, byte-order marks, limits); broken ones are skipped: the server reports them.
import { parseFile } from '../../../server/src/service/parse';
import { asMap, nodeSpan, pairOf, stringAt } from '../../../server/src/service/yaml-nodes';

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
  for (const document of parseFile(text).documents) {
    const parse = document.source.parseOnce();
    const root = asMap(parse.contents);
    if (parse.errors.length > 0 || !root) continue;
    const kind = stringAt(root, 'kind');
    if (kind !== 'Job' && kind !== 'CronJob') continue;
    const start = document.start;
    const anchor = start + (nodeSpan(pairOf(root, 'kind')?.key)?.[0] ?? 0);
    found.push({ kind, name: stringAt(root, 'metadata', 'name') ?? '', start, end: start + document.text.length, anchor });
  }
  return found;
}

/** The workload whose document holds the offset, else the only one of the text. */
export function workloadAt(text: string, offset: number): WorkloadDocument | undefined {
  const all = workloadDocuments(text);
  return all.find((w) => offset >= w.start && offset <= w.end) ?? (all.length === 1 ? all[0] : undefined);
}
