// ConfigMaps and Secrets defined in the same file, for completing `*KeyRef` names and keys.
import type { ParsedFile } from '../parse/parse';
import { asMap, keyText, nodeAt, stringAt } from '../parse/yaml-nodes';

export interface FileResource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly keys: readonly string[];
}

export function fileResources(file: ParsedFile): FileResource[] {
  const resources: FileResource[] = [];
  for (const document of file.documents) {
    const root = document.yaml.contents;
    const kind = stringAt(root, 'kind');
    const name = stringAt(root, 'metadata', 'name');
    if ((kind !== 'ConfigMap' && kind !== 'Secret') || name === undefined) continue;
    const keys: string[] = [];
    for (const section of ['data', 'stringData', 'binaryData']) {
      for (const pair of asMap(nodeAt(root, section))?.items ?? []) {
        const key = keyText(pair);
        if (key !== undefined) keys.push(key);
      }
    }
    resources.push({ kind, name, keys });
  }
  return resources;
}
