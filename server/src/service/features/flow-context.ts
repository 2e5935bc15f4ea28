// The cursor inside a flow collection on one line (`resources: {limits: {mem|`): the path within
// it, and whether a key or a value is being typed.
import type { PathSegment } from './cursor-context';

interface Frame {
  readonly kind: 'map' | 'seq';
  key?: string;
  afterColon: boolean;
  readonly keys: Set<string>;
}

export interface FlowPosition {
  readonly kind: 'key' | 'value';
  /** Path below the block key that holds the flow collection. */
  readonly path: PathSegment[];
  readonly key?: string;
  /** What has been typed of the key or value so far. */
  readonly typed: string;
  readonly existing: Set<string>;
}

/** Reads flow text from its opening bracket up to the cursor; undefined when it cannot say. */
export function flowPosition(flow: string): FlowPosition | undefined {
  const stack: Frame[] = [];
  let token = '';
  for (let i = 0; i < flow.length; i++) {
    const c = flow[i];
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") {
      const close = flow.indexOf(c, i + 1);
      if (close < 0) return undefined; // inside a quoted scalar
      token += flow.slice(i + 1, close);
      i = close;
    } else if (c === '{' || c === '[') {
      if (top?.kind === 'map' && !top.afterColon) return undefined; // a collection as a key
      stack.push({ kind: c === '{' ? 'map' : 'seq', afterColon: false, keys: new Set() });
      token = '';
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return undefined; // the cursor is after the collection
      token = '';
    } else if (c === ',') {
      if (top?.kind === 'map') {
        top.key = undefined;
        top.afterColon = false;
      }
      token = '';
    } else if (c === ':' && top?.kind === 'map' && !top.afterColon && /[\s,{}[\]]|^$/.test(flow[i + 1] ?? '')) {
      top.key = token.trim();
      top.keys.add(top.key);
      top.afterColon = true;
      token = '';
    } else {
      token += c;
    }
  }
  const top = stack[stack.length - 1];
  if (!top) return undefined;
  const path: PathSegment[] = [];
  for (const frame of stack.slice(0, -1)) {
    if (frame.kind === 'seq') path.push(0);
    else if (frame.key !== undefined) path.push(frame.key);
    else return undefined;
  }
  const typed = token.trimStart();
  if (top.kind === 'seq') return undefined;
  if (!top.afterColon) return { kind: 'key', path, typed, existing: top.keys };
  return { kind: 'value', path: [...path, top.key as string], key: top.key, typed, existing: top.keys };
}
