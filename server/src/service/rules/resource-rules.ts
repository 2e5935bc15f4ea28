// A container's resources as the API server checks them: resource names, non-negative and (for
// extended resources) whole quantities, requests within limits, and claims the pod declares.
import { qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import type { YAMLMap } from 'yaml';
import { asMap, keyText, nodeAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';
import { remembered } from './remembered';

const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);
const OVERCOMMITTABLE = STANDARD;
const SUFFIX: Readonly<Record<string, number>> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A quantity's value, or undefined when it is not one (reported elsewhere). */
export function quantityValue(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  return typeof raw === 'string' ? remembered(knownQuantities, raw, readQuantity) : undefined;
}

// Each quantity (100m, 64Mi) is read several times per container.
const knownQuantities = new Map<string, number | undefined>();

function readQuantity(raw: string): number | undefined {
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))([eE][+-]?\d+|[a-zA-Z]*)$/.exec(raw);
  if (!match) return undefined;
  if (/^[eE]/.test(match[2])) return Number(`${match[1]}${match[2]}`);
  const factor = SUFFIX[match[2]];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

function resourceNameProblem(name: string): string | undefined {
  const problem = qualifiedNameProblem(name);
  if (problem) return problem;
  if (!name.includes('/')) return STANDARD.has(name) || name.startsWith('hugepages-') ? undefined : 'is not a container resource: use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource';
  return undefined;
}

const isExtended = (name: string) => name.includes('/') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/');

const RESIZE_RESOURCES = ['cpu', 'memory'];
const RESIZE_POLICIES = ['NotRequired', 'RestartContainer'];

export function checkResources(container: unknown, podClaims: ReadonlySet<string>, collector: FindingCollector): void {
  for (const policy of seqItems(nodeAt(container, 'resizePolicy'))) {
    const resource = stringAt(policy, 'resourceName');
    if (resource !== undefined && !RESIZE_RESOURCES.includes(resource)) collector.report('resources', `resizePolicy is for cpu or memory, not "${resource}".`, nodeAt(policy, 'resourceName'));
    const restart = stringAt(policy, 'restartPolicy');
    if (restart !== undefined && !RESIZE_POLICIES.includes(restart)) collector.report('resources', `resizePolicy restartPolicy must be ${RESIZE_POLICIES.join(' or ')}, not "${restart}".`, nodeAt(policy, 'restartPolicy'));
  }
  const resourcesPair = pairOf(container, 'resources');
  const resources = resourcesPair?.value;
  if (!resourcesPair || !asMap(resources)) return;
  const limits = asMap(nodeAt(resources, 'limits'));
  const requests = asMap(nodeAt(resources, 'requests'));
  let cpuOrMemory = false;
  let hugePages = false;
  // Index loops and no closures: this runs for every container, first before V8 optimises it.
  for (let list = 0; list < 2; list++) {
    const items = (list === 0 ? limits : requests)?.items ?? [];
    const listName = list === 0 ? 'limits' : 'requests';
    for (let i = 0; i < items.length; i++) {
      const pair = items[i];
      const name = keyText(pair);
      if (name === undefined) continue;
      const nameProblem = resourceNameProblem(name);
      if (nameProblem) collector.report('resources', `Resource "${name}" ${nameProblem}.`, pair.key);
      const value = quantityValue(scalarValue(pair.value));
      if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
      if (name.startsWith('hugepages-')) hugePages = true;
      if (value === undefined) continue;
      if (value < 0) collector.report('resources', `${listName}.${name} must be greater than or equal to 0.`, pair.value);
      else if (isExtended(name) && !Number.isInteger(value)) collector.report('resources', `${listName}.${name} must be a whole number: extended resources are not divisible.`, pair.value);
      if (list === 0) continue;
      const limitNode = limitOf(limits, name);
      const limit = limitNode === undefined ? undefined : quantityValue(scalarValue(limitNode));
      if (limit === undefined && !OVERCOMMITTABLE.has(name)) {
        collector.report('resources', `${name} cannot be overcommitted: set its limit too, equal to the request.`, pair.key);
      } else if (limit !== undefined && !OVERCOMMITTABLE.has(name) && limit !== value) {
        collector.report('resources', `The request for ${name} must equal its limit.`, pair.value);
      } else if (limit !== undefined && value > limit) {
        collector.report('resources', `The request for ${name} (${String(scalarValue(pair.value))}) is above its limit (${String(scalarValue(limitNode))}).`, pair.value);
      }
    }
  }
  if (hugePages && !cpuOrMemory) collector.report('resources', 'Hugepages need a cpu or memory request or limit too.', resourcesPair.key);
  for (const claim of seqItems(nodeAt(resources, 'claims'))) {
    const name = stringAt(claim, 'name');
    if (name !== undefined && !podClaims.has(name)) collector.report('resources', `Claim "${name}" is not one of the pod's resourceClaims.`, nodeAt(claim, 'name'));
  }
}

/** The limit of a resource: the value of the first key of that name. */
/** The limit written for `name`, as its node: the message quotes it as written. */
function limitOf(limits: YAMLMap | undefined, name: string): unknown {
  const items = limits?.items ?? [];
  for (let i = 0; i < items.length; i++) if (keyText(items[i]) === name) return items[i].value;
  return undefined;
}
