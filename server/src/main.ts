// The language server's entry point: a connection over whatever transport the client chose
// (IPC from the extension, --stdio from other editors and the tests).
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// Parsing a big file allocates many short-lived nodes; a larger young generation spends far
// less time collecting them.
setFlagsFromString('--max-semi-space-size=32');

startServer(createConnection(ProposedFeatures.all));
