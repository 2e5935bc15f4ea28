// Where the pod template may run, as the API server checks it: node and pod affinity (selector
// requirements, weights, topology keys) and topology spread constraints.
import { qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { checkLabelSelector } from './label-selector-rules';
import { asMap, isNullNode, nodeAt, numberAt, seqItems, stringAt } from '../parse/yaml-nodes';

export function checkScheduling(pod: unknown, collector: FindingCollector): void {
  checkAffinity(nodeAt(pod, 'affinity'), collector);
  checkSpread(pod, collector);
  const os = stringAt(pod, 'os', 'name');
  if (os !== undefined && os !== 'linux' && os !== 'windows') collector.report('enum-value', `\`os.name\` must be linux or windows, not "${os}".`, nodeAt(pod, 'os', 'name'));
  for (const gate of seqItems(nodeAt(pod, 'readinessGates'))) {
    const type = stringAt(gate, 'conditionType');
    const problem = type === undefined ? undefined : qualifiedNameProblem(type);
    if (problem) collector.report('invalid-name', `Readiness gate "${type}": ${problem}.`, nodeAt(gate, 'conditionType'));
  }
}

function checkAffinity(affinities: unknown, collector: FindingCollector): void {
  // Most pods have none: nothing to look up.
  if (!asMap(affinities)) return;
  checkNodeAffinity(nodeAt(affinities, 'nodeAffinity'), collector);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const affinity = nodeAt(affinities, kind);
    const preferred = seqItems(nodeAt(affinity, 'preferredDuringSchedulingIgnoredDuringExecution'));
    for (const weighted of preferred) checkWeight(weighted, collector);
    const terms = [...seqItems(nodeAt(affinity, 'requiredDuringSchedulingIgnoredDuringExecution')), ...preferred.map((weighted) => nodeAt(weighted, 'podAffinityTerm'))];
    for (const term of terms) {
      const key = stringAt(term, 'topologyKey');
      if (!key) collector.report('missing-required', 'A pod affinity term needs a `topologyKey`.', nodeAt(term, 'topologyKey') ?? asMap(term)?.items[0]?.key ?? term);
      else if (qualifiedNameProblem(key)) collector.report('invalid-label', `topologyKey "${key}": ${qualifiedNameProblem(key)}.`, nodeAt(term, 'topologyKey'));
      checkLabelSelector(nodeAt(term, 'labelSelector'), collector);
    }
  }
}

function checkNodeAffinity(affinity: unknown, collector: FindingCollector): void {
  const terms = nodeAt(affinity, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  if (terms && !isNullNode(terms) && seqItems(terms).length === 0) collector.report('missing-required', '`nodeSelectorTerms` needs at least one term.', terms);
  const preferred = seqItems(nodeAt(affinity, 'preferredDuringSchedulingIgnoredDuringExecution'));
  for (const weighted of preferred) checkWeight(weighted, collector);
  for (const term of [...seqItems(terms), ...preferred.map((weighted) => nodeAt(weighted, 'preference'))]) {
    for (const requirement of [...seqItems(nodeAt(term, 'matchExpressions')), ...seqItems(nodeAt(term, 'matchFields'))]) checkNodeRequirement(requirement, collector);
  }
}

function checkNodeRequirement(requirement: unknown, collector: FindingCollector): void {
  const key = stringAt(requirement, 'key');
  const keyProblem = key === undefined ? undefined : qualifiedNameProblem(key);
  if (keyProblem) collector.report('invalid-label', `Node selector key "${key}": ${keyProblem}.`, nodeAt(requirement, 'key'));
  const operator = stringAt(requirement, 'operator');
  const valuesNode = nodeAt(requirement, 'values');
  const values = seqItems(valuesNode);
  const at = valuesNode ?? nodeAt(requirement, 'operator');
  if ((operator === 'In' || operator === 'NotIn') && values.length === 0) collector.report('selector', `The ${operator} operator needs at least one value.`, at);
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) collector.report('selector', `The ${operator} operator takes no values.`, at);
  // (The value is read as an integer only when nodes are matched.)
  if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) collector.report('selector', `The ${operator} operator needs exactly one value.`, at);
}

function checkWeight(weighted: unknown, collector: FindingCollector): void {
  const weight = numberAt(weighted, 'weight');
  if (weight !== undefined && (weight < 1 || weight > 100)) collector.report('out-of-range', '`weight` must be between 1 and 100.', nodeAt(weighted, 'weight'));
}

function checkSpread(pod: unknown, collector: FindingCollector): void {
  const constraints = seqItems(nodeAt(pod, 'topologySpreadConstraints'));
  if (constraints.length === 0) return;
  const seen = new Map<string, unknown>();
  for (const constraint of constraints) {
    const skew = numberAt(constraint, 'maxSkew');
    if (skew !== undefined && skew <= 0) collector.report('out-of-range', '`maxSkew` must be greater than 0.', nodeAt(constraint, 'maxSkew'));
    const key = stringAt(constraint, 'topologyKey');
    if (key === '') collector.report('missing-required', 'A spread constraint needs a `topologyKey`.', nodeAt(constraint, 'topologyKey'));
    const when = stringAt(constraint, 'whenUnsatisfiable');
    const pairKey = `${key ?? ''}/${when ?? ''}`;
    // Reported on the first of the two, as the API server does.
    const first = seen.get(pairKey);
    if (first) collector.report('out-of-range', `Two spread constraints with topologyKey ${key ?? ''} and ${when ?? ''}.`, asMap(first)?.items[0]?.key ?? first);
    else seen.set(pairKey, constraint);
    const minDomains = numberAt(constraint, 'minDomains');
    if (minDomains !== undefined && minDomains <= 0) collector.report('out-of-range', '`minDomains` must be greater than 0.', nodeAt(constraint, 'minDomains'));
    else if (minDomains !== undefined && when !== 'DoNotSchedule') collector.report('out-of-range', '`minDomains` goes only with whenUnsatisfiable: DoNotSchedule.', nodeAt(constraint, 'minDomains'));
  }
}
