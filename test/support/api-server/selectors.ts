// Label and field selectors as the API server parses them: `a=b,c!=d,e in (f,g),!h,i`.
import { badRequest } from './status';
import type { StoredObject } from './store';

type Requirement = (labels: Record<string, string>) => boolean;

export function parseLabelSelector(text: string | null): (object: StoredObject) => boolean {
  if (!text) return () => true;
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (object) => requirements.every((r) => r(object.metadata.labels ?? {}));
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function parseRequirement(part: string): Requirement {
  let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
  if (match) {
    const [, label, op, list] = match;
    const values = list.split(',').map((v) => v.trim());
    return op === 'in' ? (l) => label in l && values.includes(l[label]) : (l) => !(label in l) || !values.includes(l[label]);
  }
  match = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(part);
  if (match) {
    const [, label, op, value] = match;
    return op === '!=' ? (l) => l[label] !== value : (l) => l[label] === value;
  }
  match = /^(!?)([\w./-]+)$/.exec(part);
  if (match) {
    const [, not, label] = match;
    return not ? (l) => !(label in l) : (l) => label in l;
  }
  throw badRequest(`unable to parse requirement: "${part}"`);
}

/** Field selectors on the fields this server supports (metadata.name, involvedObject.*). */
export function parseFieldSelector(text: string | null): (object: StoredObject) => boolean {
  if (!text) return () => true;
  const checks = text.split(',').map((part) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(part.trim());
    if (!match) throw badRequest(`invalid field selector: "${part}"`);
    const [, field, op, value] = match;
    return (object: StoredObject) => {
      const actual = field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), object);
      const equal = String(actual ?? '') === value;
      return op === '!=' ? !equal : equal;
    };
  });
  return (object) => checks.every((c) => c(object));
}
