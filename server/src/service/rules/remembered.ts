// A big file repeats the same few label keys and values, quantities, schedules and time zones in
// every document: the checks work each one out once. The bound keeps a file of ever-new texts
// from growing a memo without end.
const MAX_REMEMBERED = 1000;

/** `work(text)`, from `memo` when that text was seen before. */
export function remembered<T>(memo: Map<string, T>, text: string, work: (text: string) => T): T {
  if (memo.has(text)) return memo.get(text) as T;
  const result = work(text);
  if (memo.size < MAX_REMEMBERED) memo.set(text, result);
  return result;
}
