// How fast the runtime starts pods and how much log it carries. Prints the figures (run with
// --test-reporter=spec to see them) and fails on a gross regression.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { RuntimeHarness, sh } from '../support/docker/runtime-harness';

const h = new RuntimeHarness();
after(() => h.close());

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('runtime throughput', () => {
  test('pod create → container started → exited latencies', async () => {
    const createToExit: number[] = [];
    const startToStarted: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const launch = h.launch({ containers: [sh('c', 'true')] });
      const began = performance.now();
      await h.runtime.createPod(launch);
      const starting = performance.now();
      const started = h.next('containerStarted', (e) => e.pod === launch.podName);
      await h.runtime.startContainer(launch.podName, 'c');
      await started;
      startToStarted.push(performance.now() - starting);
      const exited = await h.exited(launch.podName, 'c');
      createToExit.push(performance.now() - began);
      assert.equal(exited.exitCode, 0);
      await h.runtime.removePod(launch.podName);
    }
    console.log(`# container start (startContainer → containerStarted), median of 5: ${median(startToStarted).toFixed(0)} ms`);
    console.log(`# pod create → exit (one container running \`true\`; its sandbox is created, never started), median of 5: ${median(createToExit).toFixed(0)} ms`);
    assert.ok(median(createToExit) < 5000, `a pod of one container took ${median(createToExit).toFixed(0)} ms from create to exit`);
  });

  test('every line of a chatty container reaches the reader, in order', async () => {
    const count = 50_000;
    const launch = h.launch({ containers: [sh('chatty', `seq 1 ${count}`)] });
    await h.runtime.createPod(launch);
    await h.runtime.startContainer(launch.podName, 'chatty');
    await h.next('containerStarted', (e) => e.pod === launch.podName);
    const began = performance.now();
    let expected = 1;
    for await (const line of h.runtime.logs(launch.podName, 'chatty', { follow: true })) {
      assert.equal(line.text, String(expected));
      expected += 1;
    }
    console.log(`# ${count} log lines followed in ${(performance.now() - began).toFixed(0)} ms`);
    assert.equal(expected - 1, count);
  });
});
