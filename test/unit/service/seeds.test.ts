// Every YAML manifest in the seed notes is a test case: each yields exactly the diagnostics written
// down here. Only seed 001's batch/v1beta1 CronJob has a real mistake; the others get the
// best-practice information only (no ttl, :latest without a pull policy, no limits).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { service, yamlDocument } from './support';

const SEEDS = new URL('../../fixtures/seeds/', import.meta.url).pathname;

/** Fenced blocks that hold a manifest, without the fence's own indentation. */
function manifestBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(/^( *)(`{3,})[^\n]*\n([\s\S]*?)^\1\2 *$/gm)) {
    const indent = match[1].length;
    const body = match[3]
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n');
    if (/^apiVersion:/m.test(body)) blocks.push(body);
  }
  return blocks;
}

// "line:code" of every diagnostic, by seed file prefix and manifest block, in the order reported.
const EXPECTED: Record<string, string[][]> = {
  '000': [['6:missing-ttl', '14:latest-image', '13:missing-resource-limits']],
  '001': [
    ['6:missing-ttl', '11:latest-image', '10:missing-resource-limits'],
    ['6:missing-ttl', '12:latest-image', '11:missing-resource-limits'],
    ['6:missing-ttl', '10:missing-resource-limits', '13:missing-resource-limits'],
    ['2:api-version', '7:missing-starting-deadline', '14:latest-image', '13:missing-resource-limits'],
  ],
  '002': [
    ['5:missing-ttl', '9:missing-resource-limits'],
    ['5:missing-ttl', '9:missing-resource-limits'],
    ['7:missing-ttl', '16:missing-resource-limits'],
    [], // ReplicaSet: not ours
    [], // Service: not ours
    ['9:missing-ttl', '19:missing-resource-limits'],
  ],
  '003': [], // its manifests are includes of files the notes do not carry
  '004': [],
};

const seedFiles = readdirSync(SEEDS).filter((name) => name.endsWith('.txt')).sort();

test('the seed notes are all covered by an expectation', () => {
  assert.deepEqual(seedFiles.map((name) => name.slice(0, 3)), Object.keys(EXPECTED).sort());
});

for (const name of seedFiles) {
  test(`seed ${name}: every manifest yields exactly the expected diagnostics`, () => {
    const blocks = manifestBlocks(readFileSync(join(SEEDS, name), 'utf8'));
    const expected = EXPECTED[name.slice(0, 3)];
    assert.equal(blocks.length, expected.length, 'number of manifests');
    blocks.forEach((block, index) => {
      const diagnostics = service().validate(yamlDocument(block));
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}:${String(d.code)}`), expected[index], `manifest ${index}`);
    });
  });
}

test('seed 001: the batch/v1beta1 CronJob is the only error of all seeds', () => {
  const errors = seedFiles.flatMap((name) =>
    manifestBlocks(readFileSync(join(SEEDS, name), 'utf8')).flatMap((block) =>
      service()
        .validate(yamlDocument(block))
        .filter((d) => d.severity === 1 || d.severity === 2)
        .map((d) => `${name.slice(0, 3)} ${String(d.message)}`),
    ),
  );
  assert.deepEqual(errors, ['001 batch/v1beta1 CronJob was removed in Kubernetes 1.25: use batch/v1.']);
});
