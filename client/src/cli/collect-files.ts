// Expands the CLI's file and folder arguments into the YAML files to read.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './exit-codes';

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

export function collectYamlFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new UsageError(`cannot read ${path}: no such file or folder`);
    }
    if (stats.isDirectory()) for (const found of walk(path)) files.push(found);
    else files.push(path); // a file named explicitly is linted whatever its extension
  }
  return files;
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : walk(path);
      return entry.isFile() && YAML_FILE.test(entry.name) ? [path] : [];
    });
}
