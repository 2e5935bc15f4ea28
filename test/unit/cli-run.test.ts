import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseRunArgs, run, type StartRun } from '../../client/src/cli/run';
import { UsageError } from '../../client/src/cli/exit-codes';
import { ScriptedRun, terminatedPod } from '../support/scripted-run';

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-cli-run-'));

function manifest(name: string, extraPodSpec = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
  template:
    spec:
      restartPolicy: Never
${extraPodSpec}      containers:
        - name: main
          image: busybox
`,
  );
  return file;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function runWith(argv: string[], story: (handle: ScriptedRun) => void, handle = new ScriptedRun('hello')) {
  const stdout = collect();
  const stderr = collect();
  const start: StartRun = () => {
    // The story goes on once the CLI follows the handle.
    setImmediate(() => story(handle));
    return Promise.resolve(handle);
  };
  const code = await run(argv, () => undefined, start, { stdout: stdout.stream, stderr: stderr.stream, interactive: false });
  return { code, stdout: stdout.text(), stderr: stderr.text(), handle };
}

function complete(handle: ScriptedRun, type: 'Complete' | 'Failed', reason: string): void {
  handle.status({ conditions: [{ type, status: 'True', reason, lastTransitionTime: new Date().toISOString() }] });
}

test('bad flags are usage errors with the reason', () => {
  const file = manifest('flags');
  assert.throws(() => parseRunArgs([file, '--target', 'k8s']), /--target must be docker or cluster/);
  assert.throws(() => parseRunArgs([file, '--output', 'xml']), /--output must be text or json/);
  assert.throws(() => parseRunArgs([file, '--timeout=-1']), /--timeout must be a positive number/);
  assert.throws(() => parseRunArgs([file, '--backoff-scale', '0']), /--backoff-scale must be a number in \(0, 1\]/);
  assert.throws(() => parseRunArgs([file, '--context', 'prod']), /--context applies to --target cluster only/);
  assert.throws(() => parseRunArgs([file, '--on-conflict', 'merge']), /--on-conflict must be fail, replace or copy/);
  assert.throws(() => parseRunArgs([]), UsageError);
  assert.equal(parseRunArgs(['--help']), 'help');
});

test('a completed Job: prefixed logs, the summary, exit 0, and the run is deleted', async () => {
  const result = await runWith([manifest('hello')], (handle) => {
    handle.pod(terminatedPod('hello-abcde', 'main', 0));
    handle.log('hello-abcde', 'main', 'hello world');
    handle.closeLogs('hello-abcde', 'main');
    handle.status({ succeeded: 1 });
    complete(handle, 'Complete', 'CompletionsReached');
  });
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^\[hello-abcde\/main\] hello world$/m);
  assert.match(result.stdout, /^job\/hello Complete \(CompletionsReached\): 1 succeeded, 0 failed, 0 active$/m);
  assert.ok(result.handle.deleted, 'the docker run is removed after the summary');
});

test('a failed Job exits 1 and says why; --output json prints the final status only on stdout', async () => {
  const result = await runWith([manifest('hello'), '--output', 'json', '--keep'], (handle) => {
    handle.pod(terminatedPod('hello-xyz12', 'main', 3));
    handle.log('hello-xyz12', 'main', 'boom', 'stderr');
    handle.closeLogs('hello-xyz12', 'main');
    handle.status({ failed: 1 });
    complete(handle, 'Failed', 'BackoffLimitExceeded');
  });
  assert.equal(result.code, 1);
  const summary = JSON.parse(result.stdout) as { name: string; failed: number; conditions: { reason: string }[]; pods: { containers: { exitCode: number }[] }[] };
  assert.equal(summary.name, 'hello');
  assert.equal(summary.failed, 1);
  assert.equal(summary.conditions[0].reason, 'BackoffLimitExceeded');
  assert.equal(summary.pods[0].containers[0].exitCode, 3);
  assert.match(result.stderr, /^\[hello-xyz12\/main stderr\] boom$/m);
  assert.equal(result.handle.deleted, false, '--keep leaves the run');
});

test('--timeout stops waiting with exit 3 and the current status', async () => {
  const result = await runWith([manifest('hello'), '--timeout', '0.2', '--keep'], (handle) => handle.status({ active: 1 }));
  assert.equal(result.code, 3);
  assert.match(result.stdout, /job\/hello still running: 0 succeeded, 0 failed, 1 active/);
  assert.match(result.stderr, /timed out after 0.2 s/);
});

test('host paths are refused before anything starts unless --allow-host-path is given', async () => {
  const file = manifest('hostpath', '      volumes:\n        - name: data\n          hostPath: { path: /etc }\n');
  let started = false;
  const start: StartRun = () => {
    started = true;
    return Promise.reject(new Error('not reached'));
  };
  const sink = { stdout: new PassThrough(), stderr: new PassThrough(), interactive: false };
  await assert.rejects(run([file], () => undefined, start, sink), /reaches outside its containers \(volume "data" mounts the host path \/etc\); run again with --allow-host-path/);
  assert.equal(started, false);
  const allowed = await runWith([file, '--allow-host-path'], (handle) => complete(handle, 'Complete', 'CompletionsReached'));
  assert.equal(allowed.code, 0);
});

test('a status line comes after the output it sums up, as in the editor\'s log channel: the pod\'s last line before "1 succeeded"', async () => {
  // stdout and stderr into one stream, as a terminal shows them.
  const both = collect();
  const handle = new ScriptedRun('hello');
  const start: StartRun = () => {
    setImmediate(() => {
      handle.pod(terminatedPod('hello-abcde', 'main', 0));
      handle.log('hello-abcde', 'main', 'first');
      handle.log('hello-abcde', 'main', 'last');
      handle.status({ succeeded: 1 });
      handle.closeLogs('hello-abcde', 'main');
      complete(handle, 'Complete', 'CompletionsReached');
    });
    return Promise.resolve(handle);
  };
  const code = await run([manifest('hello')], () => undefined, start, { stdout: both.stream, stderr: both.stream, interactive: false });
  assert.equal(code, 0);
  const lines = both.text().split('\n');
  const last = lines.indexOf('[hello-abcde/main] last');
  const counted = lines.findIndex((line) => line.startsWith('job/hello: 0 active, 1 succeeded'));
  assert.ok(last >= 0 && counted >= 0, both.text());
  assert.ok(last < counted, `the status line counting the pod came before its output:\n${both.text()}`);
});
