// kubectl turns a manifest's YAML into JSON before anything else, and refuses a key that JSON
// cannot have: a map, a list or null ("error converting YAML to JSON: invalid map key").
import { isAlias, isMap, isNode, isSeq, visit, type Document, type Pair } from 'yaml';
import { isNullNode } from '../parse/yaml-nodes';

/** Why kubectl refuses this key, or undefined for a string, number or boolean. */
export function keyWithoutJson(key: unknown): string | undefined {
  if (isAlias(key)) return undefined;
  const what = isMap(key) ? 'a map' : isSeq(key) ? 'a list' : isNullNode(key) ? 'null' : undefined;
  return what && `A key must be a string, number or boolean, not ${what}: kubectl cannot convert the file to JSON and refuses it.`;
}

/** The node to report at: the key, or the value of a key left out (`? ` alone, `: value`). */
export function keyPlace(pair: Pair): unknown {
  const key: unknown = pair.key;
  return isNode(key) && key.range && key.range[1] > key.range[0] ? key : pair.value;
}

/** The first key of a document kubectl refuses, with its offset in the document. */
export function firstKeyWithoutJson(doc: Document): { offset: number; message: string } | undefined {
  let found: { offset: number; message: string } | undefined;
  visit(doc, {
    Pair(_, pair) {
      const message = keyWithoutJson(pair.key);
      if (!message) return undefined;
      const place = keyPlace(pair);
      found = { offset: isNode(place) && place.range ? place.range[0] : 0, message };
      return visit.BREAK;
    },
  });
  return found;
}
