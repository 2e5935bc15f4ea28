// Every request goes through here: an exception becomes a logged, neutral answer, so that one
// bug never takes the server down or leaves the editor waiting.
import type { Connection } from 'vscode-languageserver';

export function runSafe<T>(connection: Connection, what: string, neutral: T, work: () => T): T {
  try {
    return work();
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    connection.console.error(`${what} failed: ${detail}`);
    return neutral;
  }
}
