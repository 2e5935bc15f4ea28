// The language server's entry point: a connection over whatever transport the client chose
// (IPC from the extension, --stdio from other editors and the tests).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
