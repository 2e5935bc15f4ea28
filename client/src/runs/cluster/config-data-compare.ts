// What a ConfigMap or Secret holds, as bytes per key, so that the manifest's object and the
// cluster's compare as the kubelet would see them (a Secret's stringData is data, base64 is
// only an encoding); and the secret values to keep out of any message.
import type { KubeObject } from '../manifest';
import type { ConfigKind } from './config-references';

type Entries = Record<string, unknown> | undefined;

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** key → base64 of the bytes; ConfigMap binary keys are kept apart from its text keys. */
export function dataOf(kind: ConfigKind, object: KubeObject | Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const put = (prefix: string, record: Entries, decode: (value: string) => Buffer) => {
    for (const [key, value] of Object.entries(record ?? {})) out.set(`${prefix}${key}`, decode(text(value)).toString('base64'));
  };
  if (kind === 'ConfigMap') {
    put('data:', object.data as Entries, (v) => Buffer.from(v, 'utf8'));
    put('binaryData:', object.binaryData as Entries, (v) => Buffer.from(v, 'base64'));
  } else {
    put('', object.data as Entries, (v) => Buffer.from(v, 'base64'));
    put('', object.stringData as Entries, (v) => Buffer.from(v, 'utf8'));
  }
  return out;
}

export function sameData(kind: ConfigKind, a: KubeObject | Record<string, unknown>, b: KubeObject | Record<string, unknown>): boolean {
  const left = dataOf(kind, a);
  const right = dataOf(kind, b);
  return left.size === right.size && [...left].every(([key, value]) => right.get(key) === value);
}

/** A Secret's values as they could appear in a message: decoded, and as written in the file. */
export function secretValues(secret: KubeObject): string[] {
  const values = new Set<string>();
  for (const value of Object.values((secret.stringData as Entries) ?? {})) values.add(text(value));
  for (const value of Object.values((secret.data as Entries) ?? {})) {
    values.add(text(value));
    values.add(Buffer.from(text(value), 'base64').toString('utf8'));
  }
  return [...values].filter((v) => v.length > 0);
}

const SHORT = 4;

/** The message with every secret value replaced (short ones only where quoted, not to mangle numbers and words). */
export function redact(message: string, values: readonly string[]): string {
  let out = message;
  for (const value of [...values].sort((x, y) => y.length - x.length)) {
    if (value.length >= SHORT) out = out.split(value).join('[redacted]');
    else out = out.split(`"${value}"`).join('"[redacted]"');
  }
  return out;
}
