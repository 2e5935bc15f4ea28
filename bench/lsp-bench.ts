// Drives the built language server (dist/server.js) over LSP on big generated files and prints
// first-diagnostics time, edit-to-diagnostics time, completion and hover latency, peak memory,
// and whether every planted mistake was found. Run: npm run build && node --import tsx bench/lsp-bench.ts
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { CompletionRequest, DidChangeTextDocumentNotification, HoverRequest } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/service';
import { startServer, type TestClient } from '../test/lsp/lsp-client';
import { generateFile, type GeneratedFile } from './lsp-manifests';

const SIZES = [
  { documents: 500, rich: false },
  { documents: 2000, rich: true },
];
const REQUESTS = 200;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The server's peak resident memory, from the kernel's high-water mark. */
function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kilobytes / 1024;
}

/** CPU time the server has used so far: unlike wall time, it does not grow with other load. */
function serverCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // utime and stime are fields 14 and 15 of stat, counted in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function linesMatching(file: GeneratedFile, pattern: RegExp): number[] {
  return file.text
    .split('\n')
    .map((line, index) => (pattern.test(line) ? index : -1))
    .filter((index) => index >= 0);
}

async function timeRequests(count: number, lines: number[], request: (line: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const line = lines[(i * 7919) % lines.length];
    const started = performance.now();
    await request(line);
    times.push(performance.now() - started);
  }
  return times;
}

async function measure(client: TestClient, file: GeneratedFile, uri: string): Promise<void> {
  const textLines = file.text.split('\n');
  const pid = client.process.pid ?? 0;
  const cpuBefore = serverCpuMs(pid);
  const openStarted = performance.now();
  const first = await client.open(uri, file.text);
  const firstMs = performance.now() - openStarted;
  const firstCpuMs = serverCpuMs(pid) - cpuBefore;
  // The same size again under another name: the server's code is warm, as after the first file.
  const warmCpuBefore = serverCpuMs(pid);
  const warmStarted = performance.now();
  await client.open(`${uri}.copy.yaml`, file.text.replace(/^ {2}name: /m, '  name: copy-'));
  const warmMs = performance.now() - warmStarted;
  const warmCpuMs = serverCpuMs(pid) - warmCpuBefore;
  const linesOf = (documentIndex: number): [number, number] => [file.startLines[documentIndex], file.startLines[documentIndex + 1] ?? Infinity];
  const missed = file.planted.filter(({ documentIndex, code }) => {
    const [from, to] = linesOf(documentIndex);
    return !first.diagnostics.some((d) => d.code === code && d.range.start.line >= from && d.range.start.line < to);
  });
  // The other documents are clean: anything reported there is a false alarm.
  const unexpected = first.diagnostics.filter((d) => !file.planted.some(({ documentIndex }) => {
    const [from, to] = linesOf(documentIndex);
    return d.range.start.line >= from && d.range.start.line < to;
  }));

  // One-line edits in the middle of the file: a backoffLimit value changes each time.
  const editLines = linesMatching(file, /^ {2}backoffLimit: \d+$/);
  const editTimes: number[] = [];
  for (let version = 2; version <= 21; version++) {
    const line = editLines[Math.floor(editLines.length / 2) + version];
    const started = performance.now();
    const fresh = client.diagnostics(uri, version);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 16 }, end: { line, character: textLines[line].length } }, text: String(version) }],
    });
    await fresh;
    editTimes.push(performance.now() - started);
  }

  const keyLines = linesMatching(file, /^ {2}backoffLimit:/);
  const valueLines = linesMatching(file, /^ {6,10}restartPolicy: /);
  const completionTimes = [
    ...(await timeRequests(REQUESTS / 2, keyLines, (line) => client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: 4 } }))),
    ...(await timeRequests(REQUESTS / 2, valueLines, (line) =>
      client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: textLines[line].indexOf(':') + 2 } }),
    )),
  ];
  const hoverLines = [...keyLines, ...linesMatching(file, /^ {2}schedule:/)];
  const hoverTimes = await timeRequests(REQUESTS, hoverLines, (line) => client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 4 } }));

  const row = {
    documents: file.startLines.length,
    lines: file.lines,
    'first diagnostics ms': Math.round(firstMs),
    'first diagnostics server CPU ms': firstCpuMs,
    'first diagnostics, warm server ms': Math.round(warmMs),
    'first diagnostics, warm server CPU ms': warmCpuMs,
    'edit → diagnostics p50 ms': Math.round(percentile(editTimes, 50)),
    'edit → diagnostics p95 ms': Math.round(percentile(editTimes, 95)),
    'completion p50 ms': +percentile(completionTimes, 50).toFixed(1),
    'completion p95 ms': +percentile(completionTimes, 95).toFixed(1),
    'hover p95 ms': +percentile(hoverTimes, 95).toFixed(1),
    'peak memory MB': Math.round(peakMemoryMb(client.process.pid ?? 0)),
    'planted found': `${file.planted.length - missed.length}/${file.planted.length}`,
    'diagnostics in clean documents': unexpected.length,
  };
  console.log(JSON.stringify(row));
  if (missed.length > 0) console.log('missed:', JSON.stringify(missed));
  if (unexpected.length > 0) console.log('in clean documents:', JSON.stringify(unexpected.slice(0, 10)));
}

/** The language service alone, in this process: full validation from a cold cache, best and median of 7. */
function measureService(file: GeneratedFile): void {
  const times: number[] = [];
  for (let run = 0; run < 7; run++) {
    const document = TextDocument.create(`file:///bench/service-${run}.yaml`, 'yaml', 1, file.text);
    const started = performance.now();
    createLanguageService().validate(document);
    times.push(performance.now() - started);
  }
  console.log(JSON.stringify({ 'service only, lines': file.lines, 'validation best ms': Math.round(Math.min(...times)), 'validation median ms': Math.round(percentile(times, 50)) }));
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}; validation delay 0 ms (edit times are beyond the configured delay)`);
  for (const size of SIZES) measureService(generateFile(size.documents, size.rich));
  for (const size of SIZES) {
    // A fresh server per size, so that peak memory belongs to that size alone.
    const client = await startServer({ validation: { delay: 0 } });
    try {
      await measure(client, generateFile(size.documents, size.rich), `file:///bench/jobs-${size.documents}.yaml`);
    } finally {
      await client.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
