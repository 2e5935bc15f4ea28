// Generates the Job/CronJob schema the language server uses, from maintained npm packages:
// - @kubernetes/client-node: the tree of fields and types (attributeTypeMap), required fields and
//   descriptions (its .d.ts comments), and the Kubernetes version its OpenAPI spec describes;
// - kubernetes-models: enum values, asked of its generated validators (a bogus value is rejected
//   with the allowed values), so no enum is ever typed by hand.
// Output: server/generated/kubernetes-schema.json (git-ignored). Skipped when the inputs did not change.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFile = join(root, 'server/generated/kubernetes-schema.json');
const require = createRequire(join(root, 'package.json'));

const clientNodeDir = dirname(require.resolve('@kubernetes/client-node/package.json'));
const modelsDir = dirname(require.resolve('kubernetes-models/package.json'));
const apimachineryDir = dirname(require.resolve('@kubernetes-models/apimachinery/package.json'));
const version = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

const stamp = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(`${version(clientNodeDir)} ${version(modelsDir)} ${version(apimachineryDir)}`)
  .digest('hex');

if (!process.argv.includes('--force') && existsSync(outFile)) {
  try {
    if (JSON.parse(readFileSync(outFile, 'utf8')).stamp === stamp) process.exit(0);
  } catch {
    // An unreadable output is simply regenerated.
  }
}

const started = Date.now();
const clientNode = await import('@kubernetes/client-node');
const modelsRoot = join(clientNodeDir, 'dist/gen/models');

/** Kubernetes' OpenAPI docs escape quotes for the generated TypeScript; undo that. */
function cleanDoc(raw) {
  return raw
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .replace(/\\(['"`])/g, '$1')
    .trim();
}

/** Field descriptions and required-ness from a model's .d.ts file. */
function readDeclaration(className) {
  const text = readFileSync(join(modelsRoot, `${className}.d.ts`), 'utf8');
  const classDoc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
  const fields = new Map();
  const fieldPattern = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?^ {4}'([^']+)'(\?)?:/gm;
  for (const match of text.matchAll(fieldPattern)) {
    fields.set(match[2], { description: match[1] ? cleanDoc(match[1]) : '', required: match[3] !== '?' });
  }
  return { description: classDoc ? cleanDoc(classDoc[1]) : '', fields };
}

const specVersion = /OpenAPI spec version: v(\d+)\.(\d+)/.exec(readFileSync(join(modelsRoot, 'V1Job.js'), 'utf8'));
if (!specVersion) throw new Error('cannot find the Kubernetes version in @kubernetes/client-node');

// kubernetes-models validators, by the client-node class name they correspond to.
const validatorFiles = [
  ...readdirSync(join(modelsDir, '_schemas')).map((f) => join(modelsDir, '_schemas', f)),
  ...readdirSync(join(apimachineryDir, '_schemas')).map((f) => join(apimachineryDir, '_schemas', f)),
].filter((f) => f.endsWith('.js'));
const groupPreference = ['IoK8sApiCoreV1', 'IoK8sApiBatchV1', 'IoK8sApimachineryPkgApisMetaV1', 'IoK8sApimachineryPkgApiResource', 'IoK8sApimachineryPkgUtilIntstr'];

function validatorFor(className) {
  // client-node prefixes a group only when names clash (CoreV1EventSeries); the models always do.
  const kind = className.replace(/^[A-Z][a-z]+V1/, 'V1').replace(/^V\d+(?:alpha\d+|beta\d+)?/, '');
  const candidates = validatorFiles.filter((f) => {
    const base = f.slice(f.lastIndexOf('/') + 1, -3);
    return groupPreference.some((prefix) => base === `${prefix}${kind}`);
  });
  candidates.sort((a, b) => groupPreference.findIndex((p) => a.includes(`/${p}`)) - groupPreference.findIndex((p) => b.includes(`/${p}`)));
  return candidates.length > 0 ? require(candidates[0]).validate : undefined;
}

const BOGUS = '\u0000not-a-value';

/** The enum values of a string field, as the API's validator reports them. */
function enumValues(validate, field, isArray) {
  if (!validate) return undefined;
  validate({ [field]: isArray ? [BOGUS] : BOGUS });
  const error = (validate.errors ?? []).find(
    (e) => e.keyword === 'enum' && (e.instancePath === `/${field}` || e.instancePath === `/${field}/0`),
  );
  return error ? [...error.params.allowedValues] : undefined;
}

/** "Defaults to 6." → "6": the documented default, when the description states a plain value. */
function documentedDefault(description, values) {
  const match = /\b(?:Defaults? to|Default is|defaults to|default value is)\s+(["'`]?)([^\s,;"'`)]+)\1(?=[.,;)]?(?:\s|$))(?!\.?\s+(?:if|when|for|hour|second|minute)\b)/.exec(description);
  if (!match) return undefined;
  const value = match[2].replace(/\.$/, '');
  const plain = /^(?:-?\d+|true|false|\/[\w/-]+)$/.test(value);
  return match[1] !== '' || plain || values?.includes(value) ? value : undefined;
}

function fieldType(type) {
  if (type === 'string') return { type: 'string' };
  if (type === 'boolean') return { type: 'boolean' };
  if (type === 'number') return { type: 'integer' };
  if (type === 'Date') return { type: 'date-time' };
  if (type === 'IntOrString') return { type: 'int-or-string' };
  if (type === 'any' || type === 'object') return { type: 'any' };
  if (/^\{ \[key: string\]: string; \}$/.test(type)) return { type: 'map' };
  if (/^V\d|^[A-Z][a-z]+V\d/.test(type)) return { type: 'object', ref: type };
  throw new Error(`unknown client-node type "${type}"`);
}

const types = {};
const queue = ['V1Job', 'V1CronJob'];
while (queue.length > 0) {
  const className = queue.shift();
  if (types[className]) continue;
  const model = clientNode[className];
  if (!model) throw new Error(`@kubernetes/client-node has no model ${className}`);
  const declaration = readDeclaration(className);
  const validate = validatorFor(className);
  const properties = {};
  for (const attribute of model.attributeTypeMap) {
    const arrayMatch = /^Array<(.+)>$/.exec(attribute.type);
    const shape = fieldType(arrayMatch ? arrayMatch[1] : attribute.type);
    const field = declaration.fields.get(attribute.name) ?? { description: '', required: false };
    const property = { ...shape };
    if (arrayMatch) property.array = true;
    if (attribute.format === 'double') property.type = 'number';
    if (/^int(32|64)$/.test(attribute.format)) property.format = attribute.format;
    // A field typed by another model has no comment of its own in client-node: use the type's.
    const description = field.description || (shape.ref ? readDeclaration(shape.ref).description : '');
    if (description) property.description = description;
    if (field.required) property.required = true;
    if (shape.type === 'string') {
      const values = enumValues(validate, attribute.baseName, Boolean(arrayMatch));
      if (values) property.enum = values;
    }
    const byDefault = documentedDefault(description, property.enum);
    if (byDefault !== undefined) property.default = byDefault;
    properties[attribute.baseName] = property;
    if (shape.ref) queue.push(shape.ref);
  }
  types[className] = { description: declaration.description, properties };
}

mkdirSync(dirname(outFile), { recursive: true });
const schema = {
  stamp,
  kubernetesVersion: `${specVersion[1]}.${specVersion[2]}`,
  generatedFrom: {
    '@kubernetes/client-node': version(clientNodeDir),
    'kubernetes-models': version(modelsDir),
  },
  roots: { Job: 'V1Job', CronJob: 'V1CronJob' },
  types,
};
writeFileSync(outFile, `${JSON.stringify(schema)}\n`);
console.log(`generated ${Object.keys(types).length} types for Kubernetes ${schema.kubernetesVersion} in ${Date.now() - started} ms`);
