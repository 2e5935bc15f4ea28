// Folders of files only the user may read (run journals hold Secrets; run logs hold what the
// containers printed). A folder made by hand, by an older version or by another tool may let
// others in: it is made private when it is the user's, and said once when it cannot be.
import { chmodSync, mkdirSync, statSync } from 'node:fs';

const PRIVATE = 0o700;
const warned = new Set<string>();

/**
 * Creates `dir` (mode 0700) when missing, and takes group and other access away from it when it
 * belongs to the user `me` (default: this process's user). When others keep access, returns why,
 * the first time for that folder in this process. A folder that cannot be made or read is left
 * to whoever writes into it: their error says why.
 */
export function keepFolderPrivate(dir: string, me: number | undefined = process.getuid?.()): string | undefined {
  let stat;
  try {
    mkdirSync(dir, { recursive: true, mode: PRIVATE });
    stat = statSync(dir);
  } catch {
    return undefined;
  }
  if ((stat.mode & 0o077) === 0) return undefined;
  const mine = me === undefined || stat.uid === me;
  let refused = '';
  if (mine) {
    try {
      chmodSync(dir, PRIVATE);
      return undefined;
    } catch (error) {
      refused = (error as NodeJS.ErrnoException).code ?? String(error);
    }
  }
  if (warned.has(dir)) return undefined;
  warned.add(dir);
  const mode = (stat.mode & 0o777).toString(8).padStart(4, '0');
  const why = mine ? `could not be made private (${refused})` : `belongs to user ${stat.uid}, not to you`;
  return `${dir} is open to other users (mode ${mode}) and ${why}`;
}
