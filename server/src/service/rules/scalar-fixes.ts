// Quick fixes for a scalar of the wrong type whose meant value is beyond doubt: a quoted number
// in a number field (`completions: "4"` → `4`), a quoted boolean in a boolean field, and a
// number or boolean where a string belongs (`name: 123` → `name: "123"`). Anything else (a
// float in an integer field, "yes" for a boolean, "04") is left for the author to decide.
import { isScalar } from 'yaml';
import type { Fix, OffsetEdit } from '../diagnostics';

export type ExpectedScalar = 'string' | 'integer' | 'number' | 'boolean';

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;
const BOOLEAN = /^(true|false)$/;

/** The fix for `node` (holding `value`) where a scalar of type `expected` belongs; `replace` makes the edit. */
export function wrongScalarFixes(node: unknown, value: unknown, expected: ExpectedScalar, replace: (node: unknown, text: string) => OffsetEdit): Fix[] | undefined {
  if (expected === 'string') {
    if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    // The text as written (`1.0`, not `1`): quoting must not change what the author typed.
    const written = isScalar(node) && typeof node.source === 'string' && node.source !== '' ? node.source : String(value);
    return [{ title: `Quote the value: "${written}"`, edits: [replace(node, `"${written}"`)], preferred: true }];
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const fits = expected === 'boolean' ? BOOLEAN.test(text) : expected === 'integer' ? INTEGER.test(text) : NUMBER.test(text);
  if (!fits) return undefined;
  return [{ title: `Remove the quotes: ${text}`, edits: [replace(node, text)], preferred: true }];
}
