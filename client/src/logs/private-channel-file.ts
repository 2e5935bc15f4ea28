// VS Code keeps each output channel's text in a file of the extension host's logs folder
// (<logs>/output_logging_<time>/<n>-<channel name>.log), made with the default umask: 0644 in a
// 0755 folder. A run's channel holds whatever its containers printed (tokens, Secrets echoed by a
// script), so, like the run journals, its file is the user's alone: 0600 in a 0700 folder.
import { chmodSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { keepFolderPrivate } from '../runs/journal/private-folder';

const POLL_MS = 20;
/** Files made private already: another channel of the same name has its own. */
const claimed = new Set<string>();

/** The file name VS Code gives a channel, without its "<n>-" prefix. */
function fileNameOf(channelName: string): string {
  return `${channelName.trim().replace(/[\\/:*?"<>|]/g, '')}.log`;
}

/** The channel's file not yet claimed, if VS Code has made it. */
function findChannelFile(logsDir: string, channelName: string): string | undefined {
  const suffix = `-${fileNameOf(channelName)}`;
  let folders: string[];
  try {
    folders = readdirSync(logsDir).filter((name) => name.startsWith('output_logging_'));
  } catch {
    return undefined;
  }
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(join(logsDir, folder));
    } catch {
      continue;
    }
    const name = names.find((candidate) => candidate.endsWith(suffix) && /^\d+$/.test(candidate.slice(0, -suffix.length)) && !claimed.has(join(logsDir, folder, candidate)));
    if (name) return join(logsDir, folder, name);
  }
  return undefined;
}

/**
 * Waits for the file VS Code made for the output channel `channelName` under `logsDir` (the
 * extension host's logs folder: the parent of ExtensionContext.logUri), then makes it 0600 and
 * its folder 0700. Resolves with its path, or undefined when no such file showed within
 * `timeoutMs` (an editor that keeps channels elsewhere) or it could not be changed.
 */
export async function keepChannelFilePrivate(logsDir: string, channelName: string, timeoutMs = 5_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = findChannelFile(logsDir, channelName);
    if (file) {
      claimed.add(file);
      keepFolderPrivate(dirname(file));
      try {
        chmodSync(file, 0o600);
        return file;
      } catch {
        return undefined;
      }
    }
    if (Date.now() >= deadline) return undefined;
    // The file is made a moment after the channel, by the extension host's own promise.
    await delay(POLL_MS);
  }
}
