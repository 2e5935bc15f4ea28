// Small, non-throwing accessors over yaml's AST. Aliases are never followed, so an alias bomb
// costs nothing; everything that is not the expected shape reads as undefined.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

export type AnyNode = Node | null | undefined;

/** The key of a pair as text, when it is a plain scalar. */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key) || key.value === null || key.value === undefined) return undefined;
  return typeof key.value === 'object' ? undefined : String(key.value);
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

export function asSeq(node: unknown): YAMLSeq | undefined {
  return isSeq(node) ? node : undefined;
}

export function pairOf(map: unknown, key: string): Pair | undefined {
  const found = asMap(map);
  if (!found) return undefined;
  // Index loops: a fresh server runs these before V8 optimises them, when each for…of step allocates.
  const items = found.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const itemKey = item.key;
    // Rules look keys up all the time, and almost every key is a string: compared as it is.
    if (isScalar(itemKey) && typeof itemKey.value === 'string' ? itemKey.value === key : keyText(item) === key) return item;
  }
  return undefined;
}

type PathSegment = string | number;

/**
 * Follows keys and item indexes; undefined as soon as the shape does not match. Rules look up
 * one to three steps all the time: fixed parameters, where a rest parameter would allocate an
 * array for each lookup until V8 optimises the caller.
 */
export function nodeAt(root: unknown, first: PathSegment, second?: PathSegment, third?: PathSegment): AnyNode {
  const node = step(root, first);
  if (second === undefined || node === undefined) return node;
  const next = step(node, second);
  return third === undefined || next === undefined ? next : step(next, third);
}

/** nodeAt along a path held in an array (a kind's spec path, say). */
export function nodeAtPath(root: unknown, path: readonly PathSegment[]): AnyNode {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    node = step(node, path[i]);
    if (node === undefined) return undefined;
  }
  return node as Node;
}

function step(node: unknown, segment: PathSegment): AnyNode {
  const next: unknown = typeof segment === 'number' ? asSeq(node)?.items[segment] : pairOf(node, segment)?.value;
  return next === undefined || next === null ? undefined : (next as Node);
}

/** A scalar's value, or undefined for collections, aliases and null. */
export function scalarValue(node: unknown): string | number | boolean | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

export function stringAt(root: unknown, first: PathSegment, second?: PathSegment, third?: PathSegment): string | undefined {
  const value = scalarValue(nodeAt(root, first, second, third));
  return typeof value === 'string' ? value : undefined;
}

export function numberAt(root: unknown, first: PathSegment, second?: PathSegment, third?: PathSegment): number | undefined {
  const value = scalarValue(nodeAt(root, first, second, third));
  return typeof value === 'number' ? value : undefined;
}

export function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === undefined));
}

export function seqItems(node: unknown): readonly unknown[] {
  return asSeq(node)?.items ?? [];
}

/** Start and end of a node (its value, not trailing comments), relative to its document. */
export function nodeSpan(node: unknown): [number, number] | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? [range[0], Math.max(range[1], range[0])] : undefined;
}
