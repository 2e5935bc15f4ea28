// The engine going away and coming back, and what crashed runners leave behind.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, test } from 'node:test';
import Docker from 'dockerode';
import { findRuns, removeOrphans, removeRun } from '../../client/src/runs/docker/cleanup';
import { DockerEngineUnavailable, pingEngine, createDockerClient } from '../../client/src/runs/docker/docker-client';
import { packTar } from '../../client/src/runs/docker/tar-archive';
import { EngineProxy } from '../support/docker/engine-proxy';
import { RuntimeHarness, sh, uniqueId } from '../support/docker/runtime-harness';
import { defaultJournalDir, journalPath, removeJournal } from '../../client/src/runs/journal/run-journal';

// Journals of this file's runs never go to the user's folder, even when it is run alone.
process.env.KUBE_JOBS_STATE_DIR ??= mkdtempSync(join(tmpdir(), 'kube-jobs-engine-test-'));

const docker = new Docker({ socketPath: '/var/run/docker.sock' });

describe('the engine and its leftovers', { concurrency: true }, () => {
  test('engineLost when the event stream drops, engineRestored when it is back, and exits meanwhile are still reported', async () => {
    const proxy = new EngineProxy();
    await proxy.listen();
    const h = new RuntimeHarness({ host: proxy.host, reconnectDelayMs: 100 });
    after(() => proxy.close());
    try {
      const launch = h.launch({
        volumes: [{ name: 'shared', emptyDir: {} }],
        containers: [{ ...sh('worker', 'until [ -f /shared/go ]; do sleep 0.05; done; exit 7'), volumeMounts: [{ name: 'shared', mountPath: '/shared' }] }],
      });
      await h.runtime.createPod(launch);
      await h.runtime.startContainer(launch.podName, 'worker');
      await h.next('containerStarted', (e) => e.pod === launch.podName);
      proxy.cut();
      const lost = await h.next('engineLost');
      assert.ok(lost.message.length > 0);
      // While the runtime cannot see the engine, the container ends (released through the real engine).
      const worker = docker.getContainer(`${launch.podName}_worker_0`);
      await docker.getContainer(`${launch.podName}_POD`).putArchive(packTar([{ path: 'go', mode: 0o644, content: Buffer.from('go') }]), { path: '/kube-jobs/volumes/shared' });
      await worker.wait();
      assert.equal(h.events.some((e) => e.type === 'containerExited'), false, 'nothing can be reported while the engine is lost');
      proxy.restore();
      await h.next('engineRestored');
      const exited = await h.exited(launch.podName, 'worker');
      assert.equal(exited.exitCode, 7);
      const order = h.events.map((e) => e.type).filter((t) => t === 'engineLost' || t === 'engineRestored' || t === 'containerExited');
      assert.deepEqual(order, ['engineLost', 'engineRestored', 'containerExited']);
    } finally {
      await h.close();
    }
  });

  test('no engine at the configured host: a clear error that says how to start one', async () => {
    const client = createDockerClient('unix:///tmp/kube-jobs-no-such-engine.sock');
    await assert.rejects(pingEngine(client, 'unix:///tmp/kube-jobs-no-such-engine.sock'), (error: unknown) => {
      assert.ok(error instanceof DockerEngineUnavailable);
      assert.match(error.message, /no Docker engine answers at unix:\/\/\/tmp\/kube-jobs-no-such-engine\.sock.*Start one/);
      // Advice a user of the packaged extension or CLI can follow: nothing from this repository.
      assert.match(error.message, /sudo dockerd.*DOCKER_HOST.*kubeJobs\.docker\.host/);
      assert.doesNotMatch(error.message, /scripts\//);
      return true;
    });
  });

  test('removeOrphans removes the runs of a runner that died, and leaves live runs alone', async () => {
    const crashedRun = uniqueId('kjo');
    const journaledRun = uniqueId('kjj');
    const live = new RuntimeHarness();
    try {
      const livePod = live.launch({ containers: [sh('c', 'true')] });
      await live.runPod(livePod);
      await promisify(execFile)(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'docker', 'crashing-runner.ts'), crashedRun]);
      const [crashed] = await findRuns(docker, crashedRun);
      assert.equal(crashed.running, 2, 'the dead runner left its sandbox and container running');
      assert.equal(crashed.volumeNames.length, 2);
      // Another dead runner's run, with a journal: detached (another process can take it over), not orphaned.
      await promisify(execFile)(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'docker', 'crashing-runner.ts'), journaledRun]);
      const journalDir = defaultJournalDir();
      mkdirSync(journalDir, { recursive: true });
      writeFileSync(journalPath(journalDir, journaledRun), '');
      const removed = await removeOrphans(docker);
      assert.ok(removed.includes(crashedRun));
      assert.ok(!removed.includes(live.runId));
      assert.ok(!removed.includes(journaledRun), 'a journaled run is left for a takeover');
      assert.deepEqual(await findRuns(docker, crashedRun), []);
      assert.equal((await findRuns(docker, live.runId)).length, 1);
      assert.equal((await findRuns(docker, journaledRun)).length, 1);
    } finally {
      await removeRun(docker, crashedRun);
      await removeRun(docker, journaledRun);
      removeJournal(defaultJournalDir(), journaledRun);
      await live.close();
    }
  });
});
