// The outline: each Job or CronJob of a file, with its containers below it.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toRange } from '../diagnostics';
import { asJobDocument, podSpecPath } from '../parse/job-document';
import type { ParsedFile } from '../parse/parse';
import { nodeAt, nodeAtPath, nodeSpan, seqItems, stringAt } from '../parse/yaml-nodes';

export function documentSymbols(document: TextDocument, file: ParsedFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const parsed of file.documents) {
    const manifest = asJobDocument(parsed);
    if (!manifest) continue;
    const whole = nodeSpan(manifest.root);
    if (!whole) continue;
    const range = toRange(document, parsed.start + whole[0], parsed.start + whole[1]);
    const nameNode = nodeAt(manifest.root, 'metadata', 'name');
    const nameSpan = nodeSpan(nameNode);
    const selection = nameSpan ? toRange(document, parsed.start + nameSpan[0], parsed.start + nameSpan[1]) : range;
    const children: DocumentSymbol[] = [];
    const podSpec = nodeAtPath(manifest.root, podSpecPath(manifest.kind));
    for (const list of ['initContainers', 'containers']) {
      for (const container of seqItems(nodeAt(podSpec, list))) {
        const span = nodeSpan(container);
        if (!span) continue;
        const name = stringAt(container, 'name') ?? '(unnamed)';
        const containerRange = toRange(document, parsed.start + span[0], parsed.start + span[1]);
        const image = stringAt(container, 'image');
        children.push({
          name,
          detail: list === 'initContainers' ? `init container${image ? ` · ${image}` : ''}` : (image ?? ''),
          kind: SymbolKind.Object,
          range: containerRange,
          selectionRange: containerRange,
        });
      }
    }
    const schedule = manifest.kind === 'CronJob' ? stringAt(manifest.root, 'spec', 'schedule') : undefined;
    symbols.push({
      name: stringAt(manifest.root, 'metadata', 'name') ?? `(unnamed ${manifest.kind})`,
      detail: schedule ? `CronJob · ${schedule}` : manifest.kind,
      kind: manifest.kind === 'Job' ? SymbolKind.Class : SymbolKind.Event,
      range,
      selectionRange: selection,
      children,
    });
  }
  return symbols;
}
