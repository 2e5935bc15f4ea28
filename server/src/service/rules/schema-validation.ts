// Checks a Job/CronJob document against the generated schema: unknown fields (with "did you
// mean"), wrong types, missing required fields, enum values, and fields newer than the target.
import { isAlias, isScalar, type Pair, type Scalar } from 'yaml';
import { keyPlace, keyWithoutJson } from './json-keys';
import { isYaml11Boolean, quantityProblem } from './api-formats';
import type { FindingCollector } from './findings';
import type { JobDocument } from '../parse/job-document';
import { describeType, fieldsOf, model, requiredFields, rootModelName, type SchemaField } from '../schema';
import { wrongScalarFixes, type ExpectedScalar } from './scalar-fixes';
import { closest } from './suggest';
import { fieldTooNew, hasVersionedFields, type KubeVersion } from './versions';
import { asMap, asSeq, isNullNode, keyText, scalarValue } from '../parse/yaml-nodes';

// Kubernetes quantities are strings in the API types but accept plain numbers (`cpu: 1`).
const QUANTITY_FIELDS = new Set(['limits', 'requests', 'overhead', 'sizeLimit', 'divisor']);
// The root's apiVersion and kind are checked by the API-version rule, which knows removed versions.
const ROOT_FIELDS_CHECKED_ELSEWHERE = new Set(['apiVersion', 'kind']);
const MAX_DEPTH = 64;
// The field types whose wrong scalars have a quick fix (int-or-string takes numbers and strings alike).
const SCALAR_KINDS: Partial<Record<SchemaField['type'], ExpectedScalar>> = { string: 'string', 'date-time': 'string', integer: 'integer', number: 'number', boolean: 'boolean' };
// Required in the OpenAPI schema, yet filled in by the API server's defaults or never checked.
const REQUIRED_NOT_ENFORCED = new Set(['V1PodFailurePolicy.rules', 'V1PodFailurePolicyOnPodConditionsPattern.status']);
// Enums whose empty value the API server does not default: "" is refused like any other value.
const EMPTY_NOT_DEFAULTED = new Set(['V1JobSpec.podReplacementPolicy', 'V1PodFailurePolicyRule.action', 'V1PodFailurePolicyOnExitCodesRequirement.operator']);
// Fields behind a feature gate that is off by default: the API server drops them unread.
// By model, then field: looked up for every key, where building "Model.field" would cost a string each.
const GATED_FIELDS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['V1Lifecycle', new Map([['stopSignal', 'ContainerStopSignals']])],
  ['V1VolumeSource', new Map([['image', 'ImageVolume']])],
  ['V1Volume', new Map([['image', 'ImageVolume']])],
]);
const INT32_MAX = 2_147_483_647;

export function checkSchema(manifest: JobDocument, collector: FindingCollector, target: KubeVersion): void {
  new SchemaChecker(collector, target).checkObject(manifest.root, rootModelName(manifest.kind), manifest.root.items[0]?.key, 0);
}

class SchemaChecker {
  /** Above 0 inside a field the API server drops (a feature gate that is off). */
  private gatedDepth = 0;
  /** The model whose field is being checked; set before each field, read only for its scalars. */
  private owner = '';

  constructor(
    private readonly collector: FindingCollector,
    private readonly target: KubeVersion,
  ) {}

  checkObject(node: unknown, modelName: string, anchor: unknown, depth: number): void {
    const map = asMap(node);
    const fields = fieldsOf(modelName);
    if (!fields || depth > MAX_DEPTH) return;
    if (!map) {
      this.collector.report('wrong-type', `Expected an object (${modelName.replace(/^V\d+/, '')}), got ${describeValue(node)}.`, node);
      return;
    }
    const gated = GATED_FIELDS.get(modelName);
    const versioned = hasVersionedFields(modelName);
    // Index loops: this runs for every object of every document, first before V8 optimises it,
    // when each for…of step would allocate.
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      const key = keyText(pair);
      if (key === undefined) {
        this.keyWithoutJson(pair);
        continue;
      }
      const field = fields.get(key);
      if (!field) {
        this.unknownField(pair, key, modelName, map.items);
        continue;
      }
      const gate = gated?.get(key);
      if (gate) {
        // Decoded (so its types count) and then dropped (so nothing else about it does).
        this.collector.report('field-version', `\`${key}\` is dropped by the API server unless the ${gate} feature gate is on.`, pair.key);
        this.gatedDepth++;
        this.owner = modelName;
        this.checkValue(pair.value, field, key, pair.key, depth + 1);
        this.gatedDepth--;
        continue;
      }
      const tooNew = versioned ? fieldTooNew(modelName, key, this.target) : undefined;
      if (tooNew) this.collector.report('field-version', `${tooNew}.`, pair.key);
      if (depth === 0 && ROOT_FIELDS_CHECKED_ELSEWHERE.has(key)) continue;
      this.owner = modelName;
      this.checkValue(pair.value, field, key, pair.key, depth + 1);
    }
    const required = requiredFields(modelName);
    // Most objects have no required field; the others have one or two, looked for among few keys.
    if (this.gatedDepth > 0 || required.length === 0) return;
    // A volume of a gated source is dropped whole.
    if (modelName === 'V1Volume' && hasValue(items, 'image')) return;
    let missing: string[] | undefined;
    for (let i = 0; i < required.length; i++) {
      const name = required[i];
      if (!hasValue(items, name) && !REQUIRED_NOT_ENFORCED.has(`${modelName}.${name}`)) (missing ??= []).push(name);
    }
    if (missing) {
      const names = missing.map((name) => `\`${name}\``).join(', ');
      this.collector.report('missing-required', `Missing required field${missing.length > 1 ? 's' : ''} ${names}.`, anchor ?? node);
    }
  }

  private unknownField(pair: Pair, key: string, modelName: string, siblings: readonly Pair[]): void {
    const candidates = Object.keys(model(modelName)?.properties ?? {});
    const meant = closest(key, candidates);
    const taken = meant !== undefined && siblings.some((other) => keyText(other) === meant);
    const where = modelName.replace(/^V\d+/, '');
    const message = meant ? `Unknown field "${key}" in ${where}. Did you mean "${meant}"?` : `Unknown field "${key}" in ${where}.`;
    const fixes = meant && !taken ? [{ title: `Change "${key}" to "${meant}"`, edits: [this.collector.replace(pair.key, meant)], preferred: true }] : undefined;
    this.collector.report('unknown-field', message, pair.key, { fixes });
  }

  private checkValue(node: unknown, field: SchemaField, name: string, anchor: unknown, depth: number): void {
    if (isAlias(node) || isNullNode(node)) return;
    if (!field.array) {
      this.checkSingle(node, field, name, anchor, depth);
      return;
    }
    const seq = asSeq(node);
    if (!seq) {
      this.collector.report('wrong-type', `\`${name}\` must be a ${describeType(field)}, got ${describeValue(node)}.`, node);
      return;
    }
    const items = seq.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!isAlias(item) && !isNullNode(item)) this.checkSingle(item, field, name, item, depth);
    }
  }

  private checkSingle(node: unknown, field: SchemaField, name: string, anchor: unknown, depth: number): void {
    if (field.type === 'object' && field.ref) {
      const map = asMap(node);
      this.checkObject(node, field.ref, map && anchor === node ? (map.items[0]?.key ?? node) : anchor, depth);
      return;
    }
    if (field.type === 'map') {
      this.checkStringMap(node, name);
      return;
    }
    const value = scalarValue(node);
    const expected = this.expectedScalar(field, name, value);
    if (expected) {
      const kind = SCALAR_KINDS[field.type];
      const fixes = kind ? wrongScalarFixes(node, value, kind, (at, text) => this.collector.replace(at, text)) : undefined;
      this.collector.report('wrong-type', `\`${name}\` must be ${expected}, got ${describeValue(node)}.`, node, { fixes });
      return;
    }
    if (this.readAsBoolean(node, field.type === 'string', name)) return;
    if (QUANTITY_FIELDS.has(name) && typeof value === 'string') this.checkQuantity(node, value, name);
    // An empty string is mostly the API's "unset": the server's defaults fill it in.
    const emptyIsUnset = value === '' && !EMPTY_NOT_DEFAULTED.has(`${this.owner}.${name}`);
    if (field.enum && this.gatedDepth === 0 && typeof value === 'string' && !emptyIsUnset && !field.enum.includes(value)) this.enumViolation(node, value, field.enum, name);
    // A 32-bit field cannot hold more: the API server fails to decode the whole manifest.
    if (field.format === 'int32' && typeof value === 'number' && (value > INT32_MAX || value < -INT32_MAX - 1)) {
      this.collector.report('out-of-range', `\`${name}\` must fit in 32 bits (at most ${INT32_MAX}); got ${value}.`, node);
    }
  }

  /** What the value should have been, or undefined when it fits. */
  private expectedScalar(field: SchemaField, name: string, value: string | number | boolean | undefined): string | undefined {
    switch (field.type) {
      case 'string':
      case 'date-time':
        return typeof value === 'string' || (QUANTITY_FIELDS.has(name) && typeof value === 'number') ? undefined : 'a string';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value) ? undefined : 'an integer';
      case 'number':
        return typeof value === 'number' ? undefined : 'a number';
      case 'boolean':
        return typeof value === 'boolean' ? undefined : 'true or false';
      case 'int-or-string':
        return typeof value === 'number' || typeof value === 'string' ? undefined : 'an integer or a string';
      default:
        return undefined;
    }
  }

  /** A plain yes/no/on/off where a string belongs: kubectl and the API server read a boolean (YAML 1.1). */
  private readAsBoolean(node: unknown, wantsString: boolean, name: string): boolean {
    if (!wantsString || !isScalar(node) || (node as Scalar).type !== 'PLAIN' || typeof node.value !== 'string' || !isYaml11Boolean(node.value)) return false;
    const text = node.value;
    this.collector.report('wrong-type', `\`${name}\` must be a string, but kubectl and the API server read a plain ${text} as a boolean (YAML 1.1): quote it.`, node, {
      fixes: [{ title: `Quote the value: "${text}"`, edits: [this.collector.replace(node, `"${text}"`)], preferred: true }],
    });
    return true;
  }

  private checkQuantity(node: unknown, value: string, name: string): void {
    const problem = quantityProblem(value);
    if (problem) this.collector.report('wrong-type', `\`${name}\` "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" ${problem}.`, node);
  }

  private enumViolation(node: unknown, value: string, allowed: readonly string[], name: string): void {
    const meant = closest(value, allowed);
    const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ');
    const fixes = meant ? [{ title: `Change to "${meant}"`, edits: [this.collector.replace(node, meant)], preferred: true }] : undefined;
    this.collector.report('enum-value', `\`${name}\` must be one of ${list}; got "${value}".${meant ? ` Did you mean "${meant}"?` : ''}`, node, { fixes });
  }

  /** A map, a list or null as a key: kubectl stops at it, before any API server. */
  private keyWithoutJson(pair: Pair): void {
    const message = keyWithoutJson(pair.key);
    if (message) this.collector.report('wrong-type', message, keyPlace(pair));
  }

  private checkStringMap(node: unknown, name: string): void {
    const map = asMap(node);
    if (!map) {
      this.collector.report('wrong-type', `\`${name}\` must be a map of strings, got ${describeValue(node)}.`, node);
      return;
    }
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      if (keyText(pair) === undefined) this.keyWithoutJson(pair);
      const value = pair.value;
      if (isAlias(value) || isNullNode(value)) continue;
      const scalar = scalarValue(value);
      if (this.readAsBoolean(value, true, name)) continue;
      if (QUANTITY_FIELDS.has(name) && typeof scalar === 'string') this.checkQuantity(value, scalar, `${name}.${keyText(pair) ?? ''}`);
      if (typeof scalar === 'string' || (QUANTITY_FIELDS.has(name) && typeof scalar === 'number')) continue;
      const fixes = wrongScalarFixes(value, scalar, 'string', (at, text) => this.collector.replace(at, text));
      this.collector.report('wrong-type', `Values of \`${name}\` must be strings, got ${describeValue(value)}.`, value, { fixes });
    }
  }
}

/** Whether a key is there with a value that is not null: a scan, as objects are small and required fields few. */
function hasValue(items: readonly Pair[], key: string): boolean {
  for (let i = 0; i < items.length; i++) if (keyText(items[i]) === key && !isNullNode(items[i].value)) return true;
  return false;
}

export function describeValue(node: unknown): string {
  if (asMap(node)) return 'an object';
  if (asSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    if (typeof value === 'number') return `the number ${value}`;
    if (typeof value === 'boolean') return `the boolean ${value}`;
  }
  return 'a value of another type';
}

