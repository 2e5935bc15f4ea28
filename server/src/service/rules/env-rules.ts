// A container's env and envFrom as the API server checks them: names, exactly one source per
// valueFrom (and none beside a value), the downward API paths and resources it can give, keys.
import { configKeyProblem, dns1123SubdomainProblem, envVarNameProblem, qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { asMap, isNullNode, nodeAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
const KEY_SELECTORS = ['configMapKeyRef', 'secretKeyRef'];
const FIELD_PATHS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs']);
const SUBSCRIPTED_FIELD_PATH = /^(metadata\.(?:labels|annotations))\[['"]?(.*?)['"]?\]$/;
const RESOURCES = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);
const HUGEPAGES_RESOURCE = /^(limits|requests)\.hugepages-/;

export function checkEnv(container: unknown, collector: FindingCollector): void {
  const variables = seqItems(nodeAt(container, 'env'));
  for (let i = 0; i < variables.length; i++) {
    const variable = variables[i];
    const nameNode = nodeAt(variable, 'name');
    const name = stringAt(variable, 'name');
    const nameProblem = name === undefined ? undefined : envVarNameProblem(name);
    if (nameProblem) collector.report('env-value-from', `Env var name ${JSON.stringify(name)} ${nameProblem}.`, nameNode);
    checkValueFrom(variable, name ?? '', collector);
  }
  for (const source of seqItems(nodeAt(container, 'envFrom'))) {
    const prefix = stringAt(source, 'prefix');
    const prefixProblem = prefix ? envVarNameProblem(prefix) : undefined;
    if (prefixProblem) collector.report('env-value-from', `envFrom prefix ${JSON.stringify(prefix)} ${prefixProblem}.`, nodeAt(source, 'prefix'));
    const given = ['configMapRef', 'secretRef'].filter((key) => !isNullNode(nodeAt(source, key)));
    const anchor = asMap(source)?.items[0]?.key ?? source;
    if (given.length !== 1) collector.report('env-value-from', `An envFrom entry needs exactly one of \`configMapRef\` or \`secretRef\`${given.length ? `, not ${given.length}` : ''}.`, anchor);
    for (const key of given) checkReferencedName(nodeAt(source, key, 'name'), nodeAt(source, key), key, collector);
  }
}

function checkValueFrom(variable: unknown, name: string, collector: FindingCollector): void {
  const valueFrom = pairOf(variable, 'valueFrom');
  if (!valueFrom || isNullNode(valueFrom.value)) return;
  const label = name ? `Env var "${name}"` : 'An env var';
  const sources: string[] = [];
  for (let i = 0; i < VALUE_SOURCES.length; i++) if (!isNullNode(nodeAt(valueFrom.value, VALUE_SOURCES[i]))) sources.push(VALUE_SOURCES[i]);
  const value = scalarValue(nodeAt(variable, 'value'));
  if (sources.length === 0) {
    collector.report('env-value-from', `${label}: valueFrom needs one of ${VALUE_SOURCES.map((s) => `\`${s}\``).join(', ')}.`, valueFrom.key);
  } else if (value !== undefined && value !== '') {
    const valuePair = pairOf(variable, 'value');
    collector.report('env-value-from', `${label} may not have both \`value\` and \`valueFrom\`.`, valueFrom.key, {
      fixes: valuePair ? [{ title: 'Remove `value`', edits: [{ ...lineSpan(collector, valuePair.key, valuePair.value), newText: '' }] }] : undefined,
    });
  } else if (sources.length > 1) {
    collector.report('env-value-from', `${label}: valueFrom may have only one source, not ${sources.join(' and ')}.`, valueFrom.key);
  }
  const fieldPathNode = nodeAt(valueFrom.value, 'fieldRef', 'fieldPath');
  const fieldPath = stringAt(valueFrom.value, 'fieldRef', 'fieldPath');
  if (fieldPath !== undefined) {
    const subscripted = SUBSCRIPTED_FIELD_PATH.exec(fieldPath);
    const problem = subscripted
      ? qualifiedNameProblem(subscripted[1] === 'metadata.annotations' ? subscripted[2].toLowerCase() : subscripted[2])
      : FIELD_PATHS.has(fieldPath)
        ? undefined
        : `is not one the downward API gives an env var: ${[...FIELD_PATHS].join(', ')}, metadata.labels['…'] or metadata.annotations['…']`;
    if (problem) collector.report('env-value-from', `fieldPath "${fieldPath}" ${problem}.`, fieldPathNode);
  }
  const resourceRef = nodeAt(valueFrom.value, 'resourceFieldRef');
  const resource = stringAt(resourceRef, 'resource');
  if (resource !== undefined && !RESOURCES.has(resource) && !HUGEPAGES_RESOURCE.test(resource)) {
    collector.report('env-value-from', `resource "${resource}" is not one a container exposes: ${[...RESOURCES].join(', ')}.`, nodeAt(resourceRef, 'resource'));
  }
  for (let i = 0; i < KEY_SELECTORS.length; i++) {
    const selector = KEY_SELECTORS[i];
    const ref = nodeAt(valueFrom.value, selector);
    if (isNullNode(ref)) continue;
    const key = stringAt(ref, 'key');
    const keyProblem = key === undefined ? undefined : configKeyProblem(key);
    if (keyProblem) collector.report('env-value-from', `Key "${key}" ${keyProblem}.`, nodeAt(ref, 'key'));
    checkReferencedName(nodeAt(ref, 'name'), ref, selector, collector);
  }
}

/** The name of a referenced ConfigMap or Secret: required, and a DNS subdomain. */
function checkReferencedName(nameNode: unknown, ref: unknown, what: string, collector: FindingCollector): void {
  const name = scalarValue(nameNode);
  if (name === undefined || name === '') {
    collector.report('missing-required', `\`${what}\` needs the \`name\` of what it refers to.`, nameNode ?? asMap(ref)?.items[0]?.key ?? ref);
    return;
  }
  const problem = typeof name === 'string' ? dns1123SubdomainProblem(name) : undefined;
  if (problem) collector.report('invalid-name', `"${name}" is not a valid name: it ${problem}.`, nameNode);
}

/** The whole lines a key and its value occupy, to delete them. */
function lineSpan(collector: FindingCollector, key: unknown, value: unknown): { start: number; end: number } {
  const start = collector.lineStart(key);
  const [, end] = collector.span(value ?? key);
  return { start, end: end + 1 };
}
