// The Kubernetes client is the larger part of the extension's code: activating, authoring and
// running a Job locally never load it (it is loaded on the first use of a cluster). Runs before
// the specs that use a cluster (specs run in file-name order).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { KubeJobsApi } from '../../../client/src/extension';
import type { RunEntry } from '../../../client/src/editor/run-registry';
import { extensionId, openEditor } from './vscode-helpers';

// esbuild marks each bundled module with a comment naming its source file.
const CLIENT_MARK = '// node_modules/@kubernetes/client-node/';

/** The loaded modules of the extension (its bundles under dist/) that hold @kubernetes/client-node's code. */
function loadedWithKubernetesClient(): { bundles: string[]; withClient: string[] } {
  const bundles = Object.keys(require.cache).filter((file) => file.includes(`${sep}dist${sep}`) && !file.includes(`${sep}node_modules${sep}`));
  return { bundles, withClient: bundles.filter((file) => readFileSync(file, 'utf8').includes(CLIENT_MARK)) };
}

suite('the Kubernetes client is loaded on first cluster use', () => {
  let entry: RunEntry | undefined;

  test('activating, authoring a Job and running it locally do not load it', async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension<KubeJobsApi>(extensionId);
    assert.ok(extension, `${extensionId} is not loaded`);
    await extension.activate();
    const editor = await openEditor('quick-job.yaml');
    const uri = editor.document.uri;
    // The CodeLens titles name the kube context a run would go to: the kubeconfig is read.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    assert.ok(lenses.some((lens) => lens.command?.title), 'no CodeLens above the Job');
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(7, 2));
    assert.ok(completions.items.length > 0, 'no completion in the Job spec');

    entry = await vscode.commands.executeCommand<RunEntry | undefined>('kubeJobs.runJobLocally', uri);
    assert.ok(entry, 'Run Job Locally started no run (its error is in a notification)');
    const run = await entry.handle.finished();
    assert.equal(run.status.succeeded, 1, `conditions: ${JSON.stringify(run.status.conditions)}`);

    const { bundles, withClient } = loadedWithKubernetesClient();
    assert.ok(bundles.some((file) => file.endsWith(`${sep}extension.js`)), `the extension's bundle is not among the loaded modules (${bundles.join(', ')}): this check would prove nothing`);
    // A build without esbuild's comments would find no client anywhere: the client's own bundle must show the mark.
    assert.ok(readFileSync(join(extension.extensionPath, 'dist', 'kubernetes-client.js'), 'utf8').includes(CLIENT_MARK), 'the client bundle carries no mark: this check would prove nothing');
    assert.deepEqual(withClient, []);
  });

  suiteTeardown(async () => {
    await entry?.handle.delete();
  });
});
