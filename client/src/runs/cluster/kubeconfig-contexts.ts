// The contexts of plain, well-formed kubeconfig files, read with the `yaml` package alone: the
// target picker and the CodeLens label need them while authoring, and the Kubernetes client
// (a bundle of its own, see scripts/build.mjs) is then not loaded. Anything this reader is not
// sure of — a file missing, YAML it warns about, an entry @kubernetes/client-node refuses or
// reads further (a token file) — gives undefined, and the client reads the files instead.
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';

export interface PlainContexts {
  /** Each context by name, the first file to name it winning (as kubectl merges them). */
  contexts: Map<unknown, { namespace?: unknown }>;
  current: unknown;
}

type Entry = Record<string, unknown>;

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The entries of a list, or none when it is not a list (as the client takes it). */
function entries(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

// The client's own checks (config_types.js): each one it would throw on sends the read to it.
function plainCluster(elt: unknown): boolean {
  return isEntry(elt) && Boolean(elt.name) && isEntry(elt.cluster) && typeof elt.cluster.server === 'string' && elt.cluster.server !== '';
}

function plainUser(elt: unknown): boolean {
  // A token file is read (and may be missing) by the client.
  return isEntry(elt) && Boolean(elt.name) && !(isEntry(elt.user) && !elt.user.token && elt.user['token-file']);
}

function plainContext(elt: unknown): elt is Entry & { context: Entry } {
  return isEntry(elt) && Boolean(elt.name) && isEntry(elt.context) && Boolean(elt.context.cluster);
}

export function readPlainContexts(files: readonly string[]): PlainContexts | undefined {
  const contexts = new Map<unknown, { namespace?: unknown }>();
  let current: unknown = '';
  if (!files.some((file) => existsSync(file))) return undefined;
  for (const file of files) {
    if (!existsSync(file)) continue;
    let config: unknown;
    try {
      // The client's reader (js-yaml) takes `<<` merge keys.
      const document = parseDocument(readFileSync(file, 'utf8'), { merge: true, logLevel: 'error' });
      if (document.errors.length > 0 || document.warnings.length > 0) return undefined;
      config = document.toJS();
    } catch {
      return undefined;
    }
    if (!isEntry(config)) return undefined;
    if (!entries(config.clusters).every(plainCluster) || !entries(config.users).every(plainUser)) return undefined;
    const listed = entries(config.contexts);
    if (!listed.every(plainContext)) return undefined;
    for (const context of listed as (Entry & { context: Entry })[]) {
      if (!contexts.has(context.name)) contexts.set(context.name, { namespace: context.context.namespace || undefined });
    }
    current ||= config['current-context'] ?? '';
  }
  return { contexts, current };
}
