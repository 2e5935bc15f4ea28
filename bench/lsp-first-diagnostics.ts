// First diagnostics from a fresh server process, ours against yaml-language-server: the time from
// spawning the process to its first publishDiagnostics for a big file opened at once, as an editor
// opening that file does. Rounds alternate between the servers; medians are printed.
//   npm run build && node --import tsx bench/lsp-first-diagnostics.ts [--rounds 7] [--documents 2000] [--baseline OLD/server.js] [--node-option=--cpu-prof …]
// --baseline adds another build of the server (a copy of an earlier dist/server.js) to the rounds.
// --node-option (repeatable) is passed to node when it starts our servers, not yaml-language-server:
// `--node-option=--cpu-prof --node-option=--cpu-prof-dir=/tmp/prof` profiles each round.
// yaml-language-server is looked up in node_modules, else at $YAML_LANGUAGE_SERVER (its
// bin/yaml-language-server): `npm install --prefix /tmp/yls yaml-language-server@1` (1.x runs on
// Node 20) and YAML_LANGUAGE_SERVER=/tmp/yls/node_modules/yaml-language-server/bin/yaml-language-server.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { SERVER } from '../test/lsp/lsp-client';
import { generateFile } from './lsp-manifests';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, documents: { type: 'string', default: '2000' }, baseline: { type: 'string' }, 'node-option': { type: 'string', multiple: true, default: [] } } });

interface Server {
  readonly name: string;
  readonly script: string;
  /** The answer to workspace/configuration, per section. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Options for node before the script. */
  readonly nodeOptions: readonly string[];
}

function yamlLanguageServer(): string | undefined {
  if (process.env.YAML_LANGUAGE_SERVER) return process.env.YAML_LANGUAGE_SERVER;
  try {
    return createRequire(import.meta.url).resolve('yaml-language-server/bin/yaml-language-server');
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, which, unlike wall time, does not grow with other load. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface FirstDiagnostics {
  /** From spawning the process to its first diagnostics for the file. */
  readonly ms: number;
  /** The server's CPU time until then. */
  readonly cpuMs: number;
  readonly count: number;
}

async function firstDiagnostics(server: Server, uri: string, text: string): Promise<FirstDiagnostics> {
  const started = performance.now();
  const child = spawn(process.execPath, [...server.nodeOptions, server.script, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => server.settings[item.section ?? ''] ?? null));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  const published = new Promise<FirstDiagnostics>((resolve) => {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.uri === uri) resolve({ ms: performance.now() - started, cpuMs: cpuMs(child.pid ?? 0), count: params.diagnostics.length });
    });
  });
  connection.listen();
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const result = await published;
    // A clean exit, so that a profile asked for with --node-option=--cpu-prof is written.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await exited;
    return result;
  } finally {
    connection.dispose();
    child.kill();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const file = generateFile(Number(values.documents), true);
  const nodeOptions = values['node-option'];
  const servers: Server[] = [{ name: 'kube-jobs', script: SERVER, settings: { kubeJobs: {} }, nodeOptions }];
  if (values.baseline) servers.push({ name: 'baseline', script: values.baseline, settings: { kubeJobs: {} }, nodeOptions });
  const yls = yamlLanguageServer();
  // yaml-language-server checks syntax and YAML rules only: it is given no schema (it would fetch one).
  if (yls) servers.push({ name: 'yaml-language-server', script: yls, settings: { yaml: { validate: true, hover: true, completion: true, schemaStore: { enable: false } } }, nodeOptions: [] });
  else console.log('yaml-language-server not found: see the comment at the top of this file');
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${file.startLines.length} documents, ${file.lines} lines`);
  const results = new Map<string, FirstDiagnostics[]>(servers.map((s) => [s.name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const server of round % 2 === 0 ? servers : [...servers].reverse()) {
      const result = await firstDiagnostics(server, `file:///bench/jobs-${round}.yaml`, file.text);
      results.get(server.name)?.push(result);
      console.log(`round ${round + 1} ${server.name}: ${Math.round(result.ms)} ms (CPU ${result.cpuMs} ms), ${result.count} diagnostics`);
    }
  }
  const medians = (name: string): { ms: number; cpuMs: number } => ({
    ms: median((results.get(name) ?? []).map((r) => r.ms)),
    cpuMs: median((results.get(name) ?? []).map((r) => r.cpuMs)),
  });
  const ours = medians('kube-jobs');
  if (values.baseline) console.log(JSON.stringify({ 'baseline median ms': Math.round(medians('baseline').ms), 'baseline median CPU ms': medians('baseline').cpuMs }));
  const theirs = yls ? medians('yaml-language-server') : undefined;
  console.log(
    JSON.stringify({
      'kube-jobs median ms': Math.round(ours.ms),
      'kube-jobs median CPU ms': ours.cpuMs,
      ...(theirs === undefined
        ? {}
        : {
            'yaml-language-server median ms': Math.round(theirs.ms),
            'yaml-language-server median CPU ms': theirs.cpuMs,
            'ratio wall': +(theirs.ms / ours.ms).toFixed(2),
            'ratio CPU': +(theirs.cpuMs / ours.cpuMs).toFixed(2),
          }),
      'load average after': loadavg()[0].toFixed(1),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
