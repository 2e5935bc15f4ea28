// Completion: keys not yet present (required first, with value skeletons), enum values, booleans,
// apiVersion/kind pairs, container names and ConfigMap/Secret names and keys from the same file.
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cursorContext, type KeyContext, type PathSegment, type ValueContext } from './cursor-context';
import { fileResources } from './file-resources';
import { isResourceKind, podSpecPath } from '../parse/job-document';
import type { ParsedDocument, ParsedFile } from '../parse/parse';
import { describeType, model, resolvePath, type ResourceKind, type SchemaField } from '../schema';
import { nodeAt, nodeAtPath, seqItems, stringAt } from '../parse/yaml-nodes';

// Jobs need an image in every container, though the generic Container type leaves it optional.
const SKELETON_EXTRA: Readonly<Record<string, readonly string[]>> = { V1Container: ['image'] };
const JOB_RESTART_POLICIES = ['Never', 'OnFailure'];
const KIND_PAIRS: readonly { kind: ResourceKind; body: string }[] = [
  {
    kind: 'Job',
    body: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${1:my-job}\nspec:\n  ttlSecondsAfterFinished: 3600\n  template:\n    spec:\n      containers:\n        - name: ${2:main}\n          image: ${3:busybox:1.36}\n      restartPolicy: Never\n',
  },
  {
    kind: 'CronJob',
    body: 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: ${1:my-cronjob}\nspec:\n  schedule: "${2:*/5 * * * *}"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: ${3:main}\n              image: ${4:busybox:1.36}\n          restartPolicy: OnFailure\n',
  },
];

export function completions(document: TextDocument, file: ParsedFile, offset: number): CompletionItem[] {
  const parsed = documentAt(file, offset);
  if (!parsed) return [];
  const context = cursorContext(parsed.text, offset - parsed.start);
  if (!context) return [];
  const range: Range = { start: document.positionAt(parsed.start + context.replaceStart), end: document.positionAt(parsed.start + context.replaceEnd) };
  const kind = /^kind:[ \t]*["']?(\w+)/m.exec(parsed.text)?.[1];
  if (!isResourceKind(kind)) {
    // A document still being written: offer the Job and CronJob skeletons at its top level only.
    if (kind !== undefined || context.path.length !== (context.kind === 'key' ? 0 : 1)) return [];
    if (context.kind === 'key') return kindPairs(range);
    return rootValues(context.key).map((value) => valueItem(value, range));
  }
  return context.kind === 'key' ? keyItems(kind, context, range, file, parsed) : valueItems(kind, context, range, file, parsed);
}

export function documentAt(file: ParsedFile, offset: number): ParsedDocument | undefined {
  let found: ParsedDocument | undefined;
  for (const document of file.documents) {
    if (document.start > offset) break;
    found = document;
  }
  return found;
}

function kindPairs(range: Range): CompletionItem[] {
  return KIND_PAIRS.map(({ kind, body }) => ({
    label: `${kind} (batch/v1)`,
    kind: CompletionItemKind.Module,
    detail: `apiVersion: batch/v1, kind: ${kind}`,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.asIs,
    textEdit: { range, newText: body },
    sortText: `0_${kind}`,
  }));
}

function keyItems(kind: ResourceKind, context: KeyContext, range: Range, file: ParsedFile, parsed: ParsedDocument): CompletionItem[] {
  const position = resolvePath(kind, context.path);
  if (!position) return [];
  if (position.isItem && !position.modelName && position.field) {
    // A list of scalars: the item being typed is a value.
    return valueChoices(kind, context.path, position.field, file, parsed, new Map()).map((value) => valueItem(value, range));
  }
  const found = position.modelName ? model(position.modelName) : undefined;
  if (!found) return [];
  const required = new Set([
    ...Object.entries(found.properties).filter(([, field]) => field.required).map(([name]) => name),
    ...(SKELETON_EXTRA[position.modelName ?? ''] ?? []),
  ]);
  const items: CompletionItem[] = [];
  for (const [name, field] of Object.entries(found.properties)) {
    if (context.existing.has(name) || (context.path.length === 0 && name === 'status')) continue;
    items.push({
      label: name,
      kind: CompletionItemKind.Property,
      detail: `${describeType(field)}${required.has(name) ? ' (required)' : ''}`,
      documentation: field.description ? { kind: 'markdown', value: field.description } : undefined,
      sortText: `${required.has(name) ? '0' : '1'}_${name}`,
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.asIs,
      textEdit: { range, newText: keyInsertText(kind, context, name, field) },
    });
  }
  return items;
}

function keyInsertText(kind: ResourceKind, context: KeyContext, name: string, field: SchemaField): string {
  const path = [...context.path, name];
  if (context.hasValue) return name;
  return context.flow ? flowKeySnippet(kind, path, name, field) : keySnippet(kind, path, name, field, context.column);
}

function keySnippet(kind: ResourceKind, path: PathSegment[], name: string, field: SchemaField, column: number): string {
  const child = ' '.repeat(column + 2);
  if (field.array) {
    const keys = field.ref ? skeletonKeys(field.ref) : [];
    if (keys.length === 0) return `${name}:\n${child}- $0`;
    return `${name}:\n${keys.map((key, i) => `${child}${i === 0 ? '- ' : '  '}${key}: $${i + 1}`).join('\n')}`;
  }
  if (field.type === 'object' || field.type === 'map') return `${name}:\n${child}$0`;
  const choices = scalarChoices(kind, path, field);
  if (choices.length > 0) return `${name}: \${1|${choices.map(escapeChoice).join(',')}|}`;
  return `${name}: $0`;
}

/** Inside `{…}` everything stays on the line. */
function flowKeySnippet(kind: ResourceKind, path: PathSegment[], name: string, field: SchemaField): string {
  if (field.array) return `${name}: [$0]`;
  if (field.type === 'object' || field.type === 'map') return `${name}: {$0}`;
  const choices = scalarChoices(kind, path, field);
  return choices.length > 0 ? `${name}: \${1|${choices.map(escapeChoice).join(',')}|}` : `${name}: $0`;
}

function skeletonKeys(modelName: string): string[] {
  const found = model(modelName);
  if (!found) return [];
  const required = Object.entries(found.properties).filter(([, field]) => field.required).map(([name]) => name);
  return [...new Set([...required, ...(SKELETON_EXTRA[modelName] ?? [])])];
}

function escapeChoice(value: string): string {
  return value.replace(/[\\,|$}]/g, (c) => `\\${c}`);
}

/** Enum and boolean values of a field; only Never and OnFailure for a Job's pod restartPolicy. */
function scalarChoices(kind: ResourceKind, path: readonly PathSegment[], field: SchemaField): string[] {
  if (isPodRestartPolicy(kind, path)) return JOB_RESTART_POLICIES;
  if (field.enum) return [...field.enum].filter((value) => value !== '');
  if (field.type === 'boolean') return ['true', 'false'];
  return [];
}

function isPodRestartPolicy(kind: ResourceKind, path: readonly PathSegment[]): boolean {
  const podPath = [...podSpecPath(kind), 'restartPolicy'];
  return path.length === podPath.length && podPath.every((segment, i) => segment === path[i]);
}

function valueItems(kind: ResourceKind, context: ValueContext, range: Range, file: ParsedFile, parsed: ParsedDocument): CompletionItem[] {
  if (context.path.length === 1 && (context.key === 'apiVersion' || context.key === 'kind')) return rootValues(context.key).map((value) => valueItem(value, range));
  const position = resolvePath(kind, context.path);
  if (!position?.field || position.field.array) return [];
  return valueChoices(kind, context.path, position.field, file, parsed, context.siblings).map((value) => valueItem(value, range));
}

function rootValues(key: string): string[] {
  if (key === 'apiVersion') return ['batch/v1'];
  return key === 'kind' ? ['Job', 'CronJob'] : [];
}

function valueChoices(kind: ResourceKind, path: PathSegment[], field: SchemaField, file: ParsedFile, parsed: ParsedDocument, siblings: Map<string, string>): string[] {
  const name = path[path.length - 1];
  const parent = resolvePath(kind, path.slice(0, -1))?.modelName ?? '';
  if (name === 'containerName' && parent === 'V1PodFailurePolicyOnExitCodesRequirement') return containerNames(kind, parsed);
  const reference = referencedKind(parent, String(name));
  if (reference === 'name') return fileResources(file).filter((r) => r.kind === resourceKindOf(parent)).map((r) => r.name);
  if (reference === 'key') {
    const chosen = siblings.get('name')?.replace(/^["']|["']$/g, '');
    return fileResources(file)
      .filter((r) => r.kind === resourceKindOf(parent) && (chosen === undefined || r.name === chosen))
      .flatMap((r) => r.keys);
  }
  return scalarChoices(kind, path, field);
}

function resourceKindOf(modelName: string): 'ConfigMap' | 'Secret' {
  return modelName.includes('Secret') ? 'Secret' : 'ConfigMap';
}

/** Whether a field names a ConfigMap/Secret ("name") or one of its keys ("key"). */
function referencedKind(modelName: string, field: string): 'name' | 'key' | undefined {
  if (!/^V1(ConfigMap|Secret)(KeySelector|EnvSource|VolumeSource|Projection)$/.test(modelName)) return undefined;
  if (field === 'name' || (field === 'secretName' && modelName === 'V1SecretVolumeSource')) return 'name';
  if (field === 'key' && modelName.endsWith('KeySelector')) return 'key';
  return undefined;
}

function containerNames(kind: ResourceKind, parsed: ParsedDocument): string[] {
  const podSpec = nodeAtPath(parsed.yaml.contents, podSpecPath(kind));
  return ['containers', 'initContainers'].flatMap((list) => seqItems(nodeAt(podSpec, list)).map((c) => stringAt(c, 'name')).filter((n): n is string => n !== undefined));
}

function valueItem(value: string, range: Range): CompletionItem {
  return { label: value, kind: CompletionItemKind.Value, textEdit: { range, newText: value } };
}
