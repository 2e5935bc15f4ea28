// The language server itself (dist/server-bundle.js, which main.ts runs): a connection over
// whatever transport the client chose (IPC from the extension, --stdio from other editors and the tests).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** `checksCompiled` is called once the checks have run on a file or on the warm-up sample. */
export function start(checksCompiled: () => void): void {
  startServer(createConnection(ProposedFeatures.all), { checksCompiled });
}
