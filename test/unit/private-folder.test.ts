import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepFolderPrivate } from '../../client/src/runs/journal/private-folder';
import { folderWithMode, modeOf } from '../support/file-modes';

const root = mkdtempSync(join(tmpdir(), 'kube-jobs-private-folder-'));
const folder = (name: string, mode: number): string => folderWithMode(join(root, name), mode);

test('a missing folder is made with its parents, readable by the user only', () => {
  const dir = join(root, 'state', 'kube-jobs', 'runs');
  assert.equal(keepFolderPrivate(dir), undefined);
  assert.equal(modeOf(dir), '700');
});

test("the user's own folder open to everyone (0777) or to the group (0750) becomes 0700, without a warning", () => {
  for (const [name, mode] of [['world', 0o777], ['group', 0o750]] as const) {
    const dir = folder(name, mode);
    assert.equal(keepFolderPrivate(dir), undefined);
    assert.equal(modeOf(dir), '700', name);
  }
});

test("another user's open folder is left as it is, with one warning that names it and its mode", () => {
  const dir = folder('foreign', 0o777);
  const someoneElse = statSync(dir).uid + 1;
  const warning = keepFolderPrivate(dir, someoneElse);
  assert.ok(warning, 'no warning for a folder others can read');
  assert.ok(warning.includes(dir), warning);
  assert.match(warning, /mode 0777/);
  assert.match(warning, new RegExp(`belongs to user ${someoneElse - 1}, not to you`));
  assert.equal(modeOf(dir), '777', "another user's folder is not changed");
  assert.equal(keepFolderPrivate(dir, someoneElse), undefined, 'the warning is given once');
});

test('a private folder of another user needs no warning', () => {
  const dir = folder('foreign-private', 0o700);
  assert.equal(keepFolderPrivate(dir, statSync(dir).uid + 1), undefined);
});
