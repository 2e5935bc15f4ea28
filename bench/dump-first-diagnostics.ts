// Writes a server's first publishDiagnostics for the 2,000-document benchmark file, as JSON, so two
// builds can be compared by diff. node --import tsx bench/dump-first-diagnostics.ts SERVER.js OUT.json [node flags…]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as protocol from 'vscode-languageserver-protocol/node';
import { generateFile } from './lsp-manifests';

const [script, out, ...flags] = process.argv.slice(2);
const uri = 'file:///bench/jobs.yaml';
const child = spawn(process.execPath, [...flags, script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = protocol.createProtocolConnection(new protocol.StreamMessageReader(child.stdout), new protocol.StreamMessageWriter(child.stdin));
connection.onRequest(protocol.ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'kubeJobs' ? {} : null)));
connection.onRequest(protocol.RegistrationRequest.type, () => undefined);
connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
  if (params.uri !== uri) return;
  writeFileSync(out, JSON.stringify(params.diagnostics, null, 1));
  // shutdown and exit let the process end normally (and write a --cpu-prof profile).
  void connection.sendRequest('shutdown').then(() => connection.sendNotification('exit'));
});
connection.listen();
void (async () => {
  await connection.sendRequest(protocol.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } } });
  await connection.sendNotification(protocol.InitializedNotification.type, {});
  await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: generateFile(2000, true).text } });
})();
