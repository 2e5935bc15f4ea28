// The target picker's and CodeLens' kubeconfig contexts: plain files are read without the
// Kubernetes client, and give what the client reads from them; the rest is left to the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readKubeContexts, type KubeContexts } from '../../../client/src/runs/cluster/kube-contexts';
import { readPlainContexts } from '../../../client/src/runs/cluster/kubeconfig-contexts';
import { readKubeConfig } from '../../../client/src/runs/cluster/kube-config';

const folder = mkdtempSync(join(tmpdir(), 'kube-contexts-'));
let written = 0;

function kubeconfig(text: string): string {
  const file = join(folder, `config-${written++}`);
  writeFileSync(file, text);
  return file;
}

const cluster = (name: string) => `  - name: ${name}\n    cluster:\n      server: https://127.0.0.1:6443\n`;
const user = (name: string) => `  - name: ${name}\n    user:\n      token: abc\n`;
const context = (name: string, namespace?: string) => `  - name: ${name}\n    context:\n      cluster: one\n      user: me\n${namespace ? `      namespace: ${namespace}\n` : ''}`;

/** What the Kubernetes client reads from the files, in the same shape. */
function clientContexts(files: string[]): Omit<KubeContexts, 'namespaceOf'> & { namespaces: string[] } {
  try {
    const { config } = readKubeConfig({ kubeconfigPaths: files });
    const names = config.getContexts().map((c) => c.name);
    const current = config.getCurrentContext();
    return {
      names,
      current: names.includes(current) ? current : undefined,
      namespaces: config.getContexts().map((c) => c.namespace ?? 'default'),
      problem: names.length === 0 ? 'the kubeconfig has no context' : undefined,
    };
  } catch (error) {
    return { names: [], current: undefined, namespaces: [], problem: (error as Error).message };
  }
}

function contextsOf(files: string[]): Omit<KubeContexts, 'namespaceOf'> & { namespaces: string[] } {
  const saved = process.env.KUBECONFIG;
  process.env.KUBECONFIG = files.join(delimiter);
  try {
    const found = readKubeContexts();
    return { names: found.names, current: found.current, namespaces: found.names.map((name) => found.namespaceOf(name)), problem: found.problem };
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
}

const plainCases: Record<string, string[]> = {
  'two files, the first to name a context or current-context wins': [
    kubeconfig(`clusters:\n${cluster('one')}users:\n${user('me')}contexts:\n${context('dev', 'batch')}${context('prod')}`),
    kubeconfig(`current-context: prod\ncontexts:\n${context('prod', 'ignored')}${context('staging', 'jobs')}`),
  ],
  'a current-context naming no context': [kubeconfig(`current-context: gone\ncontexts:\n${context('dev')}`)],
  'a context that takes its namespace through a merge key': [
    kubeconfig(`base: &base\n  cluster: one\n  namespace: merged\ncontexts:\n  - name: dev\n    context:\n      <<: *base\n      user: me\n`),
  ],
  'no contexts at all': [kubeconfig(`clusters:\n${cluster('one')}`)],
  'a file that does not exist next to one that does': [join(folder, 'missing'), kubeconfig(`current-context: dev\ncontexts:\n${context('dev', 'a')}`)],
};

const otherCases: Record<string, string[]> = {
  'no file at all': [join(folder, 'nowhere')],
  'an empty file': [kubeconfig('')],
  'a cluster without a server': [kubeconfig(`clusters:\n  - name: one\n    cluster: {}\ncontexts:\n${context('dev')}`)],
  'a context without a cluster': [kubeconfig(`contexts:\n  - name: dev\n    context:\n      user: me\n`)],
  'a user whose token file is missing': [kubeconfig(`users:\n  - name: me\n    user:\n      token-file: ${join(folder, 'no-token')}\ncontexts:\n${context('dev')}`)],
  'YAML that does not parse': [kubeconfig('contexts: [\n')],
  'a duplicate key': [kubeconfig(`contexts:\n${context('dev')}contexts:\n${context('prod')}`)],
};

for (const [name, files] of Object.entries(plainCases)) {
  test(`kubeconfig contexts without the Kubernetes client: ${name}`, () => {
    assert.ok(readPlainContexts(files), 'the plain reader left these files to the client');
    assert.deepEqual(contextsOf(files), clientContexts(files));
  });
}

for (const [name, files] of Object.entries(otherCases)) {
  test(`kubeconfig contexts read by the Kubernetes client: ${name}`, () => {
    assert.equal(readPlainContexts(files), undefined);
    assert.deepEqual(contextsOf(files), clientContexts(files));
  });
}
