// package.json contributes the settings the editor shows and checks; the editor, the CLI and the
// language server read them through shared/settings.ts. Each must say the same of every setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTINGS_SECTION } from '@shared/protocol';
import { boundsText, isKubernetesVersion, SETTINGS, withinBounds } from '@shared/settings';
import { lint } from '../../client/src/cli/lint';
import { UsageError } from '../../client/src/cli/exit-codes';

interface ContributedSetting {
  type: string;
  default: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  enum?: string[];
  pattern?: string;
  scope?: string;
  additionalProperties?: { type: string; enum: string[] };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, ContributedSetting> } };
};
const contributed = manifest.contributes.configuration.properties;

test('package.json contributes exactly the settings of the shared table', () => {
  assert.deepEqual(Object.keys(contributed).sort(), Object.keys(SETTINGS).map((name) => `${SETTINGS_SECTION}.${name}`).sort());
});

test('every contributed setting has the type, default, bounds, values and scope of the table', () => {
  for (const [name, setting] of Object.entries(SETTINGS)) {
    const declared = contributed[`${SETTINGS_SECTION}.${name}`];
    const { type, default: defaultValue, ...rest } = setting as typeof setting & Record<string, unknown>;
    assert.equal(declared.type, type, name);
    assert.deepEqual(declared.default, defaultValue, name);
    for (const key of ['minimum', 'exclusiveMinimum', 'maximum', 'pattern', 'scope'] as const) assert.deepEqual(declared[key], rest[key], `${name}: ${key}`);
    assert.deepEqual(declared.enum, rest.enum, `${name}: enum`);
    if (setting.type === 'object') assert.deepEqual(declared.additionalProperties?.enum?.slice().sort(), [...setting.values].sort(), `${name}: values`);
  }
});

test('a back-off scale is allowed in (0, 1], as package.json, the editor and the CLI say', () => {
  const scale = SETTINGS['docker.backoffScale'];
  assert.equal(boundsText(scale), '(0, 1]');
  assert.deepEqual([0, 0.1, 1, 1.5, Number.NaN].map((value) => withinBounds(scale, value)), [false, true, true, false, false]);
});

test('a Kubernetes version is 1.N, N of up to three digits, as package.json and `kube-jobs lint --kubernetes-version` say', () => {
  assert.deepEqual(['1.30', '1.7', '1.100', '1.1000', '2.0', '1.', 'v1.30', ' 1.30', 'latest', ''].map(isKubernetesVersion), [true, true, true, false, false, false, false, false, false, false]);
  assert.equal(contributed[`${SETTINGS_SECTION}.kubernetesVersion`].pattern, '^1\\.\\d{1,3}$');
  assert.throws(() => lint(['--kubernetes-version', '1.1000', 'job.yaml'], () => undefined), (error: unknown) => error instanceof UsageError && /must look like 1\.34, not "1\.1000"/.test(error.message));
  assert.throws(() => lint(['--kubernetes-version', '1.34'], () => undefined), (error: unknown) => error instanceof UsageError && /at least one file/.test(error.message), 'the version passes, the missing file is the problem');
});
