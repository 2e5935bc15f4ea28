// Hover: the field's description, type and default, what it means for this Job, and the
// Kubernetes version the schema describes.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Hover } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { documentAt } from './completion';
import type { PathSegment } from './cursor-context';
import { toRange } from '../diagnostics';
import { explain } from './job-explain';
import { asJobDocument } from '../parse/job-document';
import type { ParsedFile } from '../parse/parse';
import { describeType, resolvePath, SCHEMA_KUBERNETES_VERSION } from '../schema';
import { keyText } from '../parse/yaml-nodes';

interface Target {
  readonly path: PathSegment[];
  readonly span: [number, number];
}

const MAX_DEPTH = 64;

export function hover(document: TextDocument, file: ParsedFile, offset: number, now: Date): Hover | null {
  const parsed = documentAt(file, offset);
  const manifest = parsed ? asJobDocument(parsed) : undefined;
  if (!parsed || !manifest) return null;
  const target = targetAt(manifest.root, offset - parsed.start, [], 0);
  if (!target || target.path.length === 0) return null;
  const position = resolvePath(manifest.kind, target.path);
  const field = position?.field;
  if (!field) return null;
  const name = String(target.path.filter((segment) => typeof segment === 'string').pop());
  const header = [`**${name}**`, `\`${describeType(field)}\``];
  if (field.required) header.push('required');
  if (field.default !== undefined) header.push(`default \`${field.default}\``);
  const sections = [header.join(' · ')];
  const meaning = explain(manifest, target.path, now);
  if (meaning) sections.push(meaning);
  if (field.enum) sections.push(`Allowed: ${field.enum.filter((v) => v !== '').map((v) => `\`${v}\``).join(', ')}`);
  if (field.description) sections.push(sentence(field.description, name));
  sections.push(`_Kubernetes ${SCHEMA_KUBERNETES_VERSION} API_`);
  return {
    contents: { kind: 'markdown', value: sections.join('\n\n') },
    range: toRange(document, parsed.start + target.span[0], parsed.start + target.span[1]),
  };
}

/** The schema's text as a sentence: a leading field name becomes code, a leading lowercase word gets its capital. */
function sentence(description: string, name: string): string {
  if (description.startsWith(`${name} `)) return `\`${name}\`${description.slice(name.length)}`;
  return description.charAt(0).toUpperCase() + description.slice(1);
}

/** The key or scalar under the offset, with its path. */
function targetAt(node: unknown, offset: number, path: PathSegment[], depth: number): Target | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair);
      const keyRange = (pair.key as Node | null)?.range;
      if (key === undefined || !keyRange) continue;
      if (offset >= keyRange[0] && offset <= keyRange[1]) return { path: [...path, key], span: [keyRange[0], keyRange[1]] };
      const value = pair.value as Node | null;
      if (value?.range && offset >= value.range[0] && offset <= value.range[1]) {
        if (isScalar(value)) return { path: [...path, key], span: [value.range[0], value.range[1]] };
        return targetAt(value, offset, [...path, key], depth + 1);
      }
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const range = (item as Node | null)?.range;
      if (!range || offset < range[0] || offset > range[1]) continue;
      if (isScalar(item)) return { path: [...path, index], span: [range[0], range[1]] };
      return targetAt(item, offset, [...path, index], depth + 1);
    }
  }
  return undefined;
}
