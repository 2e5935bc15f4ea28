// The order of a run's log channel on the real engine: each container's lines as written
// (stdout and stderr interleaved), a pod's final line after its output, the Job's after all.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { RunTranscript } from '../../client/src/logs/run-transcript';
import { DockerPodRuntime } from '../../client/src/runs/docker/docker-pod-runtime';
import { deleteAndCheck, example, runScenario, scriptJob } from '../support/docker/local-scenario';

const runtime = new DockerPodRuntime({ sandboxIdleMs: 500 });
after(() => runtime.dispose());

/** Runs the manifest to its end and resolves with its transcript, every line in. */
async function transcriptOf(manifest: string): Promise<string[]> {
  const { handle } = runScenario(runtime, manifest);
  const lines: string[] = [];
  const transcript = new RunTranscript(handle, 'Local Docker', (text) => lines.push(text));
  try {
    await handle.finished();
    await transcript.drained();
    return lines;
  } finally {
    transcript.dispose();
    await deleteAndCheck(runtime, handle);
  }
}

/** Where each line matching one of `patterns` is, in the order of the patterns. */
function positions(lines: string[], patterns: RegExp[]): number[] {
  return patterns.map((pattern) => {
    const at = lines.findIndex((line) => pattern.test(line));
    assert.ok(at >= 0, `no line ${String(pattern)} in:\n${lines.join('\n')}`);
    return at;
  });
}

describe('log order on the local engine', { concurrency: true }, () => {
  test('stdout and stderr in the order written; "✘ pod Failed" after the pod\'s lines, "✘ job Failed" last', async () => {
    // The engine reads stdout and stderr in two goroutines and stamps each line as it reads it: on a
    // busy machine lines 10 ms apart were stamped out of order, so these are 200 ms apart.
    const script = 'echo out-1; sleep 0.2; echo err-2 >&2; sleep 0.2; echo out-3; sleep 0.2; echo err-4 >&2; sleep 0.2; echo out-5; exit 3';
    const lines = await transcriptOf(scriptJob('order-fails', script));
    const at = positions(lines, [/\] out-1$/, /stderr\] err-2$/, /\] out-3$/, /stderr\] err-4$/, /\] out-5$/, /^=== ✘ pod\/order-fails-\S+ Failed/, /^=== ✘ job\/order-fails Failed/]);
    assert.deepEqual([...at].sort((a, b) => a - b), at, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /^=== ✘ job\/order-fails Failed \(BackoffLimitExceeded\)/);
  });

  test('a container that writes to the last moment still has every line before its pod\'s final line', async () => {
    const script = 'i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done; echo last >&2; exit 1';
    const lines = await transcriptOf(scriptJob('order-burst', script));
    const [last, podLine] = positions(lines, [/stderr\] last$/, /^=== ✘ pod\/order-burst-\S+ Failed/]);
    assert.ok(last < podLine, lines.slice(-6).join('\n'));
    assert.equal(lines.filter((line) => /\] line-\d+$/.test(line)).length, 200);
  });

  test('a long line filed in parts around a stderr line: every line once, the long one whole, and the last output without a line break', async () => {
    // A line longer than the engine's 16 KiB buffer is filed in parts that all carry the first
    // part's time, so the stderr line written between them is stamped after a part filed later.
    // As on a cluster (kubectl logs), the parts read as the one line written.
    const script = 'head -c 40000 /dev/zero | tr "\\0" a; sleep 0.3; echo err >&2; sleep 0.3; echo rest; printf tail';
    const lines = await transcriptOf(scriptJob('order-parts', script));
    const text = (pattern: RegExp): string[] => lines.filter((line) => pattern.test(line)).map((line) => line.replace(/^\[[^\]]*\] /, ''));
    assert.deepEqual(text(/^\[order-parts-\S+\/main stderr\] /), ['err'], lines.join('\n').slice(-2000));
    assert.deepEqual(text(/^\[order-parts-\S+\/main\] /), [`${'a'.repeat(40000)}rest`, 'tail'], lines.map((line) => line.slice(0, 80)).join('\n'));
  });

  test('a CronJob run now: its output, then "✔ pod Succeeded", then "✔ job Complete"', async () => {
    const lines = await transcriptOf(example('hello-cronjob.yaml'));
    const at = positions(lines, [/\] Hello from the Kubernetes cluster$/, /^=== ✔ pod\/\S+ Succeeded$/, /^=== ✔ job\/\S+ Complete/]);
    assert.deepEqual([...at].sort((a, b) => a - b), at, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /^=== ✔ job\/\S+ Complete/);
  });
});
