// Where each Job and CronJob of a manifest sits in its text, for CodeLens and "the document
// under the cursor". The documents are read as `kube-jobs run` and the language server read them;
// broken ones are skipped: the server reports them.
import { manifestDocuments } from '@language-service/manifest-documents';

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
  for (const document of manifestDocuments(text)) {
    const kind = document.kind;
    if (document.broken || (kind !== 'Job' && kind !== 'CronJob')) continue;
    found.push({ kind, name: document.name ?? '', start: document.start, end: document.end, anchor: document.anchor });
  }
  return found;
}

/** The workload whose document holds the offset, else the only one of the text. */
export function workloadAt(text: string, offset: number): WorkloadDocument | undefined {
  return documentAt(workloadDocuments(text), offset);
}

/** Of the workloads' documents, the one that holds the offset, else the only one. */
export function documentAt<T extends { start: number; end: number }>(all: readonly T[], offset: number): T | undefined {
  return all.find((w) => offset >= w.start && offset <= w.end) ?? (all.length === 1 ? all[0] : undefined);
}

/** The editor's line of an offset, to compare with diagnostics: VS Code ends a line at \r\n, \n or a lone \r. */
export function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}
