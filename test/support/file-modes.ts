// Permission bits as `ls -l` shows them, and folders made with exact ones: tests of what only
// the user may read.
import { chmodSync, mkdirSync, statSync } from 'node:fs';

/** The permission bits of `path` in octal, like "700". */
export function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

/** Makes the folder `path` with exactly `mode`, whatever the umask. */
export function folderWithMode(path: string, mode: number): string {
  mkdirSync(path, { recursive: true });
  chmodSync(path, mode);
  return path;
}
