// Kubeconfig read as kubectl reads it: KUBECONFIG's files merged with the first one winning,
// else ~/.kube/config; the context's namespace unless one is given; clear errors otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { kubeconfigText } from '../support/api-server/kubeconfig-file';
import { loadKubeConfig } from '../../client/src/runs/cluster/kube-config';
import { ClusterError } from '../../client/src/runs/cluster/cluster-errors';

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const dir = mkdtempSync(join(tmpdir(), 'kube-jobs-kubeconfig-test-'));
const first = file(dir, 'first', kubeconfigText([
  { name: 'dev', server: 'https://dev.example:6443', token: 't1', namespace: 'team-a' },
  { name: 'shared', server: 'https://first.example:6443', token: 't2' },
], 'dev'));
const second = file(dir, 'second', kubeconfigText([
  { name: 'prod', server: 'https://prod.example:6443', token: 't3', namespace: 'batch' },
  { name: 'shared', server: 'https://second.example:6443', token: 't4' },
], 'prod'));

test('KUBECONFIG with several files: the first file wins for current-context and same-named entries', () => {
  const env = { KUBECONFIG: [first, join(dir, 'missing'), second].join(delimiter) };
  const resolved = loadKubeConfig({ env });
  assert.equal(resolved.context, 'dev');
  assert.equal(resolved.namespace, 'team-a');
  assert.equal(resolved.server, 'https://dev.example:6443');
  assert.deepEqual(resolved.files, [first, second], 'a missing file is skipped, as kubectl does');
  assert.equal(loadKubeConfig({ env, context: 'shared' }).server, 'https://first.example:6443');
  const prod = loadKubeConfig({ env, context: 'prod' });
  assert.equal(prod.namespace, 'batch');
  assert.equal(prod.config.getCurrentUser()?.token, 't3');
});

test('--namespace overrides the context namespace; a context without one means "default"', () => {
  const env = { KUBECONFIG: first };
  assert.equal(loadKubeConfig({ env, namespace: 'override' }).namespace, 'override');
  assert.equal(loadKubeConfig({ env, context: 'shared' }).namespace, 'default');
});

test('without KUBECONFIG, ~/.kube/config is read', () => {
  const home = mkdtempSync(join(tmpdir(), 'kube-jobs-home-'));
  mkdirSync(join(home, '.kube'));
  file(join(home, '.kube'), 'config', kubeconfigText([{ name: 'home', server: 'https://home.example', token: 'x' }]));
  const resolved = loadKubeConfig({ env: {}, homeDir: home });
  assert.equal(resolved.context, 'home');
});

test('explicit kubeconfig paths take precedence over KUBECONFIG', () => {
  const resolved = loadKubeConfig({ env: { KUBECONFIG: first }, kubeconfigPaths: [second] });
  assert.equal(resolved.context, 'prod');
});

test('an unknown context, no kubeconfig at all, or a broken file: one clear message each', () => {
  const expectConfigError = (run: () => unknown, pattern: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof ClusterError && error.kind === 'config' && pattern.test(error.message) && !/\n\s+at /.test(error.message));
  expectConfigError(() => loadKubeConfig({ env: { KUBECONFIG: first }, context: 'nope' }), /^context "nope" is not in the kubeconfig \(contexts: dev, shared\)$/);
  expectConfigError(() => loadKubeConfig({ env: {}, homeDir: join(dir, 'no-home') }), /^no kubeconfig found \(looked at .*\.kube\/config\)/);
  const broken = file(dir, 'broken', 'clusters: [unclosed');
  expectConfigError(() => loadKubeConfig({ kubeconfigPaths: [broken] }), new RegExp(`^cannot read kubeconfig ${broken}: `));
  const noCurrent = file(dir, 'no-current', kubeconfigText([{ name: 'a', server: 'https://a', token: 'x' }]).replace(/^current-context:.*$/m, ''));
  expectConfigError(() => loadKubeConfig({ kubeconfigPaths: [noCurrent] }), /sets no current-context; pick one with --context \(contexts: a\)/);
});
