// What the API server does to a ConfigMap or Secret on create and update: the decoder's type
// checks (400), a Secret's stringData folded into base64 data and its type defaulted, key, name
// and size validation (422, messages as in pkg/apis/core/validation), and `immutable`.
import { badRequest, invalid, type StatusCause } from './status';
import type { StoredObject } from './store';

type Entries = Record<string, unknown>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const MAX_SIZE = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Like Go's json decoder into map[string]string / map[string][]byte. */
function stringMap(object: StoredObject, field: string, base64: boolean): Entries | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go struct field ${object.kind}.${field} of type map[string]${base64 ? '[]uint8' : 'string'}`);
  for (const [key, entry] of Object.entries(value as Entries)) {
    if (typeof entry !== 'string') throw badRequest(`json: cannot unmarshal ${typeof entry} into Go struct field ${object.kind}.${field} of type ${base64 ? '[]uint8' : 'string'}`);
    if (base64 && !BASE64.test(entry)) throw badRequest(`illegal base64 data in ${object.kind}.${field}[${key}]`);
  }
  return value as Entries;
}

function keyCauses(field: string, entries: Entries | undefined): StatusCause[] {
  return Object.keys(entries ?? {})
    .filter((key) => !CONFIG_KEY.test(key) || key === '.' || key === '..' || key.length > 253)
    .map((key) => ({
      reason: 'FieldValueInvalid',
      field: `${field}[${key}]`,
      message: `Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    }));
}

function bytes(entries: Entries | undefined, base64: boolean): number {
  return Object.entries(entries ?? {}).reduce((sum, [key, value]) => sum + key.length + (base64 ? Buffer.from(value as string, 'base64').length : Buffer.byteLength(value as string)), 0);
}

/** Decodes, normalizes and validates a ConfigMap or Secret about to be written. */
export function prepareConfigObject(object: StoredObject): void {
  const causes: StatusCause[] = [];
  if (!DNS_SUBDOMAIN.test(object.metadata.name) || object.metadata.name.length > 253) {
    causes.push({ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: "${object.metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` });
  }
  if (object.kind === 'ConfigMap') {
    const data = stringMap(object, 'data', false);
    const binary = stringMap(object, 'binaryData', true);
    causes.push(...keyCauses('data', data), ...keyCauses('binaryData', binary));
    for (const key of Object.keys(binary ?? {})) {
      if (data && key in data) causes.push({ reason: 'FieldValueInvalid', field: `binaryData[${key}]`, message: `Invalid value: "${key}": duplicate of key present in data` });
    }
    if (bytes(data, false) + bytes(binary, true) > MAX_SIZE) causes.push({ reason: 'FieldValueTooLong', field: '', message: `Too long: must have at most ${MAX_SIZE} bytes` });
  } else {
    const data = { ...(stringMap(object, 'data', true) ?? {}) };
    for (const [key, value] of Object.entries(stringMap(object, 'stringData', false) ?? {})) data[key] = Buffer.from(value as string, 'utf8').toString('base64');
    delete object.stringData;
    if (Object.keys(data).length > 0) object.data = data;
    else delete object.data;
    object.type ??= 'Opaque';
    causes.push(...keyCauses('data', data));
    if (bytes(data, true) > MAX_SIZE) causes.push({ reason: 'FieldValueTooLong', field: 'data', message: `Too long: must have at most ${MAX_SIZE} bytes` });
  }
  if (causes.length > 0) throw invalid(object.kind, '', object.metadata.name, causes);
}

/** An immutable ConfigMap or Secret keeps its data; a Secret keeps its type. */
export function refuseImmutableConfigChanges(current: StoredObject, next: StoredObject): void {
  const causes: StatusCause[] = [];
  const same = (field: string) => JSON.stringify(current[field] ?? {}) === JSON.stringify(next[field] ?? {});
  if (current.immutable === true) {
    if (next.immutable !== true) causes.push({ reason: 'FieldValueForbidden', field: 'immutable', message: 'Forbidden: field is immutable when `immutable` is set' });
    for (const field of current.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data']) {
      if (!same(field)) causes.push({ reason: 'FieldValueForbidden', field, message: 'Forbidden: field is immutable when `immutable` is set' });
    }
  }
  if (current.kind === 'Secret' && current.type !== next.type) causes.push({ reason: 'FieldValueInvalid', field: 'type', message: `Invalid value: "${String(next.type)}": field is immutable` });
  if (causes.length > 0) throw invalid(current.kind, '', current.metadata.name, causes);
}
