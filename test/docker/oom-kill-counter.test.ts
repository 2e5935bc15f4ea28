// The kernel's count of OOM kills in a container's memory cgroup, read while the container lives:
// what tells an OOM kill when the engine's "oom" event is lost (cgroup v1).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Docker from 'dockerode';
import { findRuns, removeRun } from '../../client/src/runs/docker/cleanup';
import { readOomKills, watchOomKills } from '../../client/src/runs/docker/oom-kill-counter';
import { uniqueId } from '../support/docker/runtime-harness';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const cgroupV1 = existsSync('/sys/fs/cgroup/memory/memory.oom_control');

describe('OOM kills counted by the kernel', { skip: !cgroupV1 && 'the engine host has no cgroup v1 memory controller' }, () => {
  test('a process killed for the container\'s memory limit is seen while the container still runs; none before', { timeout: 60_000 }, async () => {
    // The shell outlives the process the kernel kills, so the container (and its count) stays a while.
    const container = await docker.createContainer({
      name: uniqueId('kjt-oom'),
      Image: 'busybox:latest',
      Cmd: ['sh', '-c', 'read go < /dev/stdin; tail /dev/zero; sleep 30'],
      OpenStdin: true,
      StdinOnce: true,
      HostConfig: { Memory: 16 * 1024 * 1024, MemorySwap: 16 * 1024 * 1024 },
    });
    try {
      let exited = false;
      const killed = new Promise<void>((resolve) => watchOomKills(container.id, () => exited, resolve));
      const stdin = (await container.attach({ stream: true, stdin: true, hijack: true })) as NodeJS.WritableStream;
      await container.start();
      assert.equal(await readOomKills(container.id), 0);
      stdin.end('go\n');
      await killed;
      assert.equal((await container.inspect()).State.Running, true);
      assert.ok(((await readOomKills(container.id)) ?? 0) >= 1);
      exited = true;
    } finally {
      await container.remove({ force: true });
    }
  });

  test('a disposed runtime stops watching: a process that leaves a memory-limited container running ends', { timeout: 60_000 }, async () => {
    const runId = uniqueId('kjd');
    try {
      const runner = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'docker', 'disposing-runner.ts'), runId], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(runner.signal, null, 'the runner was still alive 20 s after disposing its runtime, its container having 10 minutes to run');
      assert.equal(runner.status, 0, runner.stderr);
      const [left] = await findRuns(docker, runId);
      assert.ok((left?.running ?? 0) >= 1, 'the container was not left running: this check would prove nothing');
    } finally {
      await removeRun(docker, runId);
    }
  });

  test('a container that is not on this host (or not there any more) has no count', async () => {
    assert.equal(await readOomKills('0'.repeat(64)), undefined);
  });
});
