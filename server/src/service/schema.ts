// The Kubernetes schema for Job and CronJob, generated at build time (scripts/generate-schema.mjs)
// from @kubernetes/client-node and kubernetes-models. Read-only lookups, nothing typed by hand.
import generated from '../../generated/kubernetes-schema.json';

export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date-time' | 'int-or-string' | 'any' | 'map' | 'object';

export interface SchemaField {
  readonly type: FieldType;
  /** The model the field holds (type `object`), or the model of each item when `array`. */
  readonly ref?: string;
  readonly array?: boolean;
  readonly format?: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly enum?: readonly string[];
  readonly default?: string;
}

export interface SchemaModel {
  readonly description: string;
  readonly properties: Readonly<Record<string, SchemaField>>;
}

export type ResourceKind = 'Job' | 'CronJob';

interface GeneratedSchema {
  readonly kubernetesVersion: string;
  readonly roots: Readonly<Record<ResourceKind, string>>;
  readonly types: Readonly<Record<string, SchemaModel>>;
}

const schema = generated as unknown as GeneratedSchema;

/** The Kubernetes version the bundled schema describes, "1.33" say. */
export const SCHEMA_KUBERNETES_VERSION = schema.kubernetesVersion;

export function rootModelName(kind: ResourceKind): string {
  return schema.roots[kind];
}

// Looked up for every object of every document: a Map, built once, beats the JSON's large object.
const models = new Map(Object.entries(schema.types));

export function model(name: string): SchemaModel | undefined {
  return models.get(name);
}

const requiredByModel = new Map<string, readonly string[]>();

/** The required fields of a model, computed once per model. */
export function requiredFields(modelName: string): readonly string[] {
  let required = requiredByModel.get(modelName);
  if (!required) {
    required = Object.entries(model(modelName)?.properties ?? {})
      .filter(([, field]) => field.required)
      .map(([name]) => name);
    requiredByModel.set(modelName, required);
  }
  return required;
}

export function allModelNames(): string[] {
  return Object.keys(schema.types);
}

// Lookups run for every key of every document: Maps, built once, beat the JSON's large objects.
const fieldsByModel = new Map(Object.entries(schema.types).map(([name, found]) => [name, new Map(Object.entries(found.properties))]));

/** A field of a model, never an inherited property of Object. */
export function fieldOf(modelName: string, key: string): SchemaField | undefined {
  return fieldsByModel.get(modelName)?.get(key);
}

/** The fields of a model by name: for checking all keys of an object with one model lookup. */
export function fieldsOf(modelName: string): ReadonlyMap<string, SchemaField> | undefined {
  return fieldsByModel.get(modelName);
}

/** What a path segment leads to: a field of a model, or an item of an array field. */
export interface SchemaPosition {
  /** The model whose fields are valid here, when the position is an object of a known model. */
  readonly modelName?: string;
  /** The field the position is the value of (for an array item: the array field). */
  readonly field?: SchemaField;
  readonly fieldName?: string;
  /** True when the position is one item of an array field. */
  readonly isItem?: boolean;
}

/**
 * Walks the schema along a path of keys and item indexes from a Job or CronJob root.
 * Returns undefined when the path leaves the schema (an unknown field, a map's entries).
 */
export function resolvePath(kind: ResourceKind, path: readonly (string | number)[]): SchemaPosition | undefined {
  let position: SchemaPosition = { modelName: rootModelName(kind) };
  for (const segment of path) {
    if (typeof segment === 'number') {
      const field = position.field;
      if (!field?.array || position.isItem) return undefined;
      position = { modelName: field.ref, field, fieldName: position.fieldName, isItem: true };
      continue;
    }
    if (!position.modelName || (position.field?.array && !position.isItem)) return undefined;
    const field = fieldOf(position.modelName, segment);
    if (!field) return undefined;
    position = { modelName: field.array ? undefined : field.ref, field, fieldName: segment };
  }
  return position;
}

/** "integer", "list of Container", "map of string to string": for hovers and messages. */
export function describeType(field: SchemaField): string {
  const single = field.ref ? field.ref.replace(/^V\d+/, '') : field.type === 'map' ? 'map of string to string' : field.type;
  return field.array ? `list of ${single}` : single;
}
