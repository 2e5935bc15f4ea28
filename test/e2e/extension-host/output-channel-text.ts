// The text of an output channel as the Output view shows it: VS Code keeps each channel in a
// file under the server's logs (output_logging), which the extension host can read and watch.
import { readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';

/** Output-channel files whose name mentions `needle`, under the server's scratch folder. */
export function channelFiles(needle: string): string[] {
  // The harness puts XDG_DATA_HOME two levels under the server's scratch folder.
  const dataHome = process.env.XDG_DATA_HOME;
  if (!dataHome) throw new Error('XDG_DATA_HOME is not set for the server');
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'workspace' && name !== 'extensions') visit(path);
      } else if (dir.includes('output_logging') && name.includes(needle)) found.push(path);
    }
  };
  visit(dirname(dirname(dataHome)));
  return found;
}

/** Resolves with the file's text once `done` holds for it: checked now and whenever the file changes. */
export function channelTextWhen(path: string, done: (text: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const watcher = watch(path, () => check());
    const timer = setTimeout(() => {
      watcher.close();
      // The end of the text tells most; a burst of lines would drown the message.
      const lines = text.split('\n');
      reject(new Error(`timed out waiting for ${what} in ${path}; it has ${lines.length} lines, ending:\n${lines.slice(-20).join('\n')}`));
    }, timeoutMs);
    const check = (): void => {
      text = readFileSync(path, 'utf8');
      if (!done(text)) return;
      clearTimeout(timer);
      watcher.close();
      resolve(text);
    };
    check();
  });
}
