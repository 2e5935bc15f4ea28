// The manifests of the agreement suite: each valid base, mutated field by field (types, ranges,
// enums, names, labels, required fields, unknown fields), every field of the schema given a value
// of the wrong type, and the rules that span fields (selectors, Indexed jobs, policies, schedules).
// The API server is the judge of each; nothing here says what the answer should be.
import { stringify } from 'yaml';
import { resolvePath, rootModelName, model, type SchemaField } from '../../../server/src/service/schema';
import { BASES, type Base, type Manifest } from './bases';
import { schedulePolicyMutations } from './schedule-policy-mutations';
import { schedulingSecurityMutations } from './scheduling-security-mutations';
import { semanticMutations } from './semantic-mutations';

export type Path = readonly (string | number)[];

export interface AgreementCase {
  readonly id: string;
  readonly base: string;
  readonly kind: 'Job' | 'CronJob';
  /** What kind of change this is, to count misses by: type, range, enum, name, label… */
  readonly category: string;
  readonly what: string;
  readonly yaml: string;
}

export interface Mutation {
  readonly category: string;
  readonly what: string;
  readonly apply: (manifest: Manifest) => void;
}

const LONG_64 = 'a'.repeat(64);
const LONG_254 = 'a'.repeat(254);
const UNKNOWN_KEY = 'bogusField';

export function clone(manifest: Manifest): Manifest {
  return structuredClone(manifest);
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** Sets a value, creating the objects and lists on the way (a list where the next segment is an index). */
export function setAt(root: Manifest, path: Path, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  path.slice(0, -1).forEach((segment, i) => {
    const next = node[segment];
    if (next === null || typeof next !== 'object') node[segment] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
  node[path[path.length - 1]] = value;
}

export function deleteAt(root: Manifest, path: Path): void {
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
}

export function pathText(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function set(category: string, path: Path, value: unknown, what = `${pathText(path)}: ${JSON.stringify(value)}`): Mutation {
  return { category, what, apply: (m) => setAt(m, path, value) };
}

/** A value of another type than the field's: what a typo or a missing quote gives. */
function wrongTypeValue(field: SchemaField | undefined, value: unknown): unknown {
  if (Array.isArray(value) || field?.array) return 'not-a-list';
  switch (field?.type) {
    case 'integer':
    case 'number':
      return 'twelve';
    case 'boolean':
      return 'sometimes';
    case 'string':
    case 'date-time':
      return 12345;
    case 'int-or-string':
      return true;
    case 'map':
    case 'object':
      return 'not-an-object';
    default:
      return typeof value === 'string' ? 12345 : 'text';
  }
}

/** Mutations of one field present in a base, from its value and its schema. */
function fieldMutations(kind: 'Job' | 'CronJob', path: Path, value: unknown): Mutation[] {
  const position = resolvePath(kind, path);
  const field = position?.isItem ? { ...position.field!, array: false } : position?.field;
  const at = pathText(path);
  const out: Mutation[] = [
    { category: 'required', what: `without ${at}`, apply: (m) => deleteAt(m, path) },
    set('type', path, wrongTypeValue(field, value)),
  ];
  if (typeof value === 'string') {
    const category = /name$/i.test(String(path[path.length - 1])) ? 'name' : 'string';
    for (const text of ['', 'Invalid Value!', LONG_64, LONG_254, ' padded ']) out.push(set(category, path, text, `${at}: "${text.length > 20 ? `${text.slice(0, 8)}…(${text.length})` : text}"`));
    if (field?.enum) {
      for (const allowed of field.enum) if (allowed !== value) out.push(set('enum', path, allowed));
      out.push(set('enum', path, 'Bogus'), set('enum', path, value.toLowerCase()));
    }
  } else if (typeof value === 'number') {
    for (const n of [-1, 0, 1, 100_001, 2_147_483_648, 1.5]) out.push(set('range', path, n));
  } else if (typeof value === 'boolean') {
    out.push(set('type', path, !value));
  } else if (Array.isArray(value)) {
    out.push(set('list', path, []));
    if (value.length > 0) {
      out.push({ category: 'list', what: `${at} with its first item twice`, apply: (m) => (getAt(m, path) as unknown[]).push(structuredClone(value[0])) });
      if (typeof value[0] === 'object') out.push(set('type', [...path, 0], 'not-an-object'));
      else out.push(set('list', [...path, value.length], ''));
    }
  } else if (value && typeof value === 'object') {
    out.push(set('list', path, {}));
    if (field?.type === 'map') out.push(...mapMutations(path));
    else if (position?.modelName && model(position.modelName)) out.push(set('unknown-field', [...path, UNKNOWN_KEY], 1));
  }
  return out;
}

// Label and annotation keys and values as the API server checks them: qualified names, 63/253.
const MAP_KEYS = ['Bad Key!', 'example.com/ok', '-leading', `${LONG_64}`, 'a/b/c', `${'d'.repeat(254)}/x`, 'kubernetes.io/custom', 'UPPER_case.ok'];
const MAP_VALUES: unknown[] = ['', LONG_64, 'bad value!', 'fine-value', 5, true, 'x'.repeat(300)];

function mapMutations(path: Path): Mutation[] {
  const at = pathText(path);
  return [
    ...MAP_KEYS.map((key) => ({ category: 'label', what: `${at} key "${key.length > 20 ? `${key.slice(0, 8)}…(${key.length})` : key}"`, apply: (m: Manifest) => setAt(m, [...path, key], 'v') })),
    ...MAP_VALUES.map((value) => ({
      category: typeof value === 'string' ? 'label' : 'type',
      what: `${at} value ${typeof value === 'string' && value.length > 20 ? `…(${value.length})` : JSON.stringify(value)}`,
      apply: (m: Manifest) => setAt(m, [...path, 'added'], value),
    })),
  ];
}

/** Every (path, value) of a manifest, depth first, except the root's apiVersion and kind. */
function* fieldsOf(node: unknown, path: Path = []): Generator<[Path, unknown]> {
  if (path.length > 0) yield [path, node];
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* fieldsOf(item, [...path, i]);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (path.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
      yield* fieldsOf(value, [...path, key]);
    }
  }
}

/** Every field path of the schema from a root (each model once per branch), with its field. */
function* schemaFields(modelName: string, path: Path = [], stack: readonly string[] = []): Generator<[Path, SchemaField]> {
  for (const [key, field] of Object.entries(model(modelName)?.properties ?? {})) {
    const here = [...path, key];
    yield [here, field];
    if (field.ref && !stack.includes(field.ref)) yield* schemaFields(field.ref, field.array ? [...here, 0] : here, [...stack, field.ref]);
  }
}

/** Every field of the schema, given a value of the wrong type in a minimal manifest of that kind. */
function schemaTypeMutations(kind: 'Job' | 'CronJob'): Mutation[] {
  const out: Mutation[] = [];
  for (const [path, field] of schemaFields(rootModelName(kind))) {
    if (field.type === 'any' || (path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind'))) continue;
    out.push(set('type', path, wrongTypeValue(field, undefined)));
    if (field.enum && !field.array) out.push(set('enum', path, 'Bogus'));
  }
  return out;
}

function caseOf(base: Base, mutation: Mutation, index: number): AgreementCase {
  const manifest = clone(base.manifest);
  mutation.apply(manifest);
  return {
    id: `${base.name}#${index}`,
    base: base.name,
    kind: base.kind,
    category: mutation.category,
    what: mutation.what,
    yaml: stringify(manifest, { lineWidth: 0 }),
  };
}

/** All cases: the bases themselves, then every mutation of each; the same list on every call. */
export function agreementCases(): AgreementCase[] {
  const cases: AgreementCase[] = [];
  const seen = new Set<string>();
  const add = (base: Base, mutation: Mutation) => {
    const built = caseOf(base, mutation, cases.length);
    const key = `${base.kind}\n${built.yaml}`;
    if (seen.has(key)) return;
    seen.add(key);
    cases.push(built);
  };
  for (const base of BASES) {
    add(base, { category: 'base', what: 'the base as it is', apply: () => undefined });
    for (const [path, value] of fieldsOf(base.manifest)) for (const mutation of fieldMutations(base.kind, path, value)) add(base, mutation);
    for (const mutation of [...semanticMutations(base), ...schedulingSecurityMutations(base), ...schedulePolicyMutations(base)]) add(base, mutation);
  }
  for (const base of BASES.filter((b) => b.name === 'minimal-job' || b.name === 'cronjob')) {
    for (const mutation of schemaTypeMutations(base.kind)) add(base, mutation);
  }
  return cases;
}
