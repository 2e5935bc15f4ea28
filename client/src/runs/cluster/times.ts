// client-node turns times into Date objects in typed answers, while watch events keep the
// JSON strings: one function gives RFC 3339 either way.
export function rfc3339(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString().replace(/\.000Z$/, 'Z');
}
