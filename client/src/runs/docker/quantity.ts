// Kubernetes resource quantities ("64Mi", "250m", "1.5", "2e3") turned into Docker's units.

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

export class QuantityError extends Error {}

/** The quantity as a plain number (bytes for memory, cores for cpu). */
export function parseQuantity(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(text);
  if (!match) throw new QuantityError(`"${String(value)}" is not a Kubernetes quantity (like 64Mi, 250m or 2)`);
  const number = Number(match[1]);
  if (match[2]) return number * BINARY[match[2]];
  if (match[3]) return number * 10 ** Number(match[3].slice(1));
  return number * DECIMAL[match[4] ?? ''];
}

export function memoryBytes(value: unknown): number {
  return Math.ceil(parseQuantity(value));
}

export function cpuNanos(value: unknown): number {
  return Math.round(parseQuantity(value) * 1e9);
}

/** As the kubelet maps cpu requests to cgroup shares: 1024 per core, at least 2. */
export function cpuShares(value: unknown): number {
  return Math.max(2, Math.floor(parseQuantity(value) * 1024));
}
