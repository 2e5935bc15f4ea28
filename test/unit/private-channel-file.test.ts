// VS Code writes each output channel to <logs>/output_logging_<time>/<n>-<name>.log with the
// default umask; a run's channel file must end up 0600 in a 0700 folder. Here the files are made
// as VS Code makes them, with the modes a umask of 022 gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { keepChannelFilePrivate } from '../../client/src/logs/private-channel-file';
import { folderWithMode, modeOf } from '../support/file-modes';

/** A logs folder with one output_logging folder (0755), as the extension host makes them. */
function logsFolder(): { logs: string; outputs: string } {
  const logs = mkdtempSync(join(tmpdir(), 'kube-jobs-channel-file-'));
  const outputs = folderWithMode(join(logs, 'output_logging_20261204T101010'), 0o755);
  return { logs, outputs };
}

function channelFile(outputs: string, fileName: string): string {
  const path = join(outputs, fileName);
  writeFileSync(path, '');
  chmodSync(path, 0o644);
  return path;
}

test("a run's channel file becomes 0600 and its folder 0700; other channels' files are left alone", async () => {
  const { logs, outputs } = logsFolder();
  const other = channelFile(outputs, '1-Git.log');
  const mine = channelFile(outputs, '2-Kube Jobs jobhello (Local Docker).log');
  assert.equal(await keepChannelFilePrivate(logs, 'Kube Jobs: job/hello (Local Docker)'), mine);
  assert.equal(modeOf(mine), '600');
  assert.equal(modeOf(outputs), '700');
  assert.equal(modeOf(other), '644');
});

test('the file VS Code makes a moment after the channel is waited for', async () => {
  const { logs, outputs } = logsFolder();
  const secured = keepChannelFilePrivate(logs, 'Kube Jobs: job/late (Local Docker)');
  await delay(100);
  const file = channelFile(outputs, '1-Kube Jobs joblate (Local Docker).log');
  assert.equal(await secured, file);
  assert.equal(modeOf(file), '600');
});

test('two channels of the same name each make their own file private', async () => {
  const { logs, outputs } = logsFolder();
  const first = channelFile(outputs, '3-Kube Jobs jobtwice (Local Docker).log');
  const second = channelFile(outputs, '4-Kube Jobs jobtwice (Local Docker).log');
  const found = [await keepChannelFilePrivate(logs, 'Kube Jobs: job/twice (Local Docker)'), await keepChannelFilePrivate(logs, 'Kube Jobs: job/twice (Local Docker)')];
  assert.deepEqual(found.sort(), [first, second]);
  assert.deepEqual([modeOf(first), modeOf(second)], ['600', '600']);
});

test('no file for the channel: it gives up after the time allowed, touching nothing', async () => {
  const { logs, outputs } = logsFolder();
  const other = channelFile(outputs, '1-Kube Jobs jobother (Local Docker).log');
  assert.equal(await keepChannelFilePrivate(logs, 'Kube Jobs: job/missing (Local Docker)', 100), undefined);
  assert.equal(modeOf(other), '644');
  assert.equal(modeOf(dirname(other)), '755');
});
