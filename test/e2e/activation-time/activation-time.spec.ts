// Not a test: bench/activation-bench.ts runs this in a fresh code-server to time the extension's
// activation, split into loading its bundle and its activate() (which starts the language
// server), and writes the figures to KUBE_JOBS_ACTIVATION_TIMES.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { extensionId } from '../extension-host/vscode-helpers';

suite('activation time', () => {
  test('loading the bundle and activate()', async function () {
    this.timeout(60_000);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    assert.equal(extension.isActive, false, 'the extension was active before the bench: no YAML file may be open');
    const main = join(extension.extensionPath, 'dist', 'extension.js');
    const loadStarted = performance.now();
    // The same module the extension host then activates: required once, it is taken from the cache.
    createRequire(main)(main);
    const loadMs = performance.now() - loadStarted;
    const activateStarted = performance.now();
    await extension.activate();
    const activateMs = performance.now() - activateStarted;
    const file = process.env.KUBE_JOBS_ACTIVATION_TIMES;
    if (file) writeFileSync(file, JSON.stringify({ loadMs, activateMs }));
  });
});
