// Settings the server reads from the client's "kubeJobs" section: target version and severities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lsp-client';

const INDEXED_WITH_SUCCESS_POLICY = `apiVersion: batch/v1
kind: Job
metadata:
  name: indexed
spec:
  completionMode: Indexed
  completions: 3
  successPolicy:
    rules:
      - succeededCount: 1
  template:
    spec:
      containers:
        - name: main
          image: busybox:1.36
`;

test('kubeJobs.kubernetesVersion and kubeJobs.rules change what is reported', async () => {
  const client = await startServer({ kubernetesVersion: '1.30', rules: { 'restart-policy': 'warning', 'missing-ttl': 'off', 'missing-resource-limits': 'hint' } });
  try {
    const published = await client.open('file:///work/indexed.yaml', INDEXED_WITH_SUCCESS_POLICY);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity]).sort(),
      [
        ['field-version', 2],
        ['missing-resource-limits', 4],
        ['restart-policy', 2],
      ],
    );
    assert.match(String(published.diagnostics.find((d) => d.code === 'field-version')?.message), /needs Kubernetes 1\.31/);
  } finally {
    await client.stop();
  }
});

test('settings of the wrong type fall back to their defaults with one warning each, and the server keeps working', async () => {
  const client = await startServer({ kubernetesVersion: 1.3, rules: { 'missing-ttl': 0 }, validation: { delay: 'soon' } });
  try {
    const published = await client.open('file:///work/indexed.yaml', INDEXED_WITH_SUCCESS_POLICY);
    // Checked against the schema's version (no field-version), missing-ttl at its default severity.
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]).sort(), [
      ['missing-resource-limits', 3],
      ['missing-ttl', 3],
      ['restart-policy', 1],
    ]);
    const warnings = client.logs.filter((line) => line.startsWith('settings: '));
    assert.deepEqual(
      warnings.map((line) => line.split(' must ')[0]),
      ['settings: kubeJobs.kubernetesVersion', 'settings: kubeJobs.rules: "missing-ttl"', 'settings: kubeJobs.validation.delay'],
    );
    assert.ok(!client.logs.some((line) => /failed|is not a function/.test(line)), client.logs.join('\n'));
  } finally {
    await client.stop();
  }
});
