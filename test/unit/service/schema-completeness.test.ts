// The generated schema must cover every field of V1Job and V1CronJob, down through PodSpec and
// every type below, exactly as @kubernetes/client-node's model metadata describes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as clientNode from '@kubernetes/client-node';
import { allModelNames, fieldOf, model, SCHEMA_KUBERNETES_VERSION } from '../../../server/src/service/schema';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

function attributesOf(className: string): Attribute[] {
  const modelClass = (clientNode as unknown as Record<string, { attributeTypeMap?: Attribute[] } | undefined>)[className];
  assert.ok(modelClass?.attributeTypeMap, `client-node has a model ${className}`);
  return modelClass.attributeTypeMap;
}

function referencedModel(type: string): string | undefined {
  const inner = /^Array<(.+)>$/.exec(type)?.[1] ?? type;
  return /^(V\d|[A-Z][a-z]+V\d)/.test(inner) ? inner : undefined;
}

test('every field from V1Job and V1CronJob down is in the schema with its type', () => {
  const queue = ['V1Job', 'V1CronJob'];
  const visited = new Set<string>();
  let fields = 0;
  while (queue.length > 0) {
    const className = queue.shift() as string;
    if (visited.has(className)) continue;
    visited.add(className);
    assert.ok(model(className), `schema has ${className}`);
    for (const attribute of attributesOf(className)) {
      const field = fieldOf(className, attribute.baseName);
      assert.ok(field, `schema has ${className}.${attribute.baseName}`);
      const ref = referencedModel(attribute.type);
      assert.equal(field.array === true, attribute.type.startsWith('Array<'), `${className}.${attribute.baseName} is a list`);
      assert.equal(field.ref, ref, `${className}.${attribute.baseName} refers to ${ref}`);
      if (ref) queue.push(ref);
      fields++;
    }
    assert.equal(Object.keys(model(className)?.properties ?? {}).length, attributesOf(className).length, `${className} has no extra fields`);
  }
  assert.ok(visited.has('V1PodSpec') && visited.has('V1Container') && visited.has('V1Volume'));
  assert.deepEqual([...visited].sort(), allModelNames().sort());
  assert.ok(fields > 500, `only ${fields} fields`);
});

test('the schema carries enums, required fields, defaults and its Kubernetes version', () => {
  assert.deepEqual(fieldOf('V1PodSpec', 'restartPolicy')?.enum, ['Always', 'Never', 'OnFailure']);
  assert.deepEqual(fieldOf('V1CronJobSpec', 'concurrencyPolicy')?.enum, ['Allow', 'Forbid', 'Replace']);
  assert.equal(fieldOf('V1JobSpec', 'template')?.required, true);
  assert.equal(fieldOf('V1JobSpec', 'backoffLimit')?.default, '6');
  assert.match(fieldOf('V1JobSpec', 'ttlSecondsAfterFinished')?.description ?? '', /finished/);
  assert.match(SCHEMA_KUBERNETES_VERSION, /^1\.\d+$/);
});
