// The API server's rules for the pod template's own fields: host and account names, node
// selection, tolerations, DNS, security context ranges, spreading and affinity, OS and gates.
import { isIP } from 'node:net';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { podSpecPath, type Manifest } from './manifest';
import { checkLabelMap } from './metadata-rules';
import { asMap, isNullNode, nodeAt, numberAt, pairOf, scalarValue, seqItems, stringAt } from './yaml-nodes';

const INT32_MAX = 2_147_483_647;
const ID_FIELDS = ['runAsUser', 'runAsGroup', 'fsGroup'];
const SYSCTL = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

export function checkPodSpec(manifest: Manifest, collector: FindingCollector): void {
  const pod = asMap(nodeAt(manifest.root, ...podSpecPath(manifest.kind)));
  if (!pod) return;
  const named = (field: string, problemOf: (value: string) => string | undefined) => {
    const value = stringAt(pod, field);
    const problem = value === undefined || value === '' ? undefined : problemOf(value);
    if (problem) collector.report('invalid-name', `\`${field}\` "${value}" ${problem}.`, nodeAt(pod, field));
  };
  named('hostname', dns1123LabelProblem);
  named('subdomain', dns1123LabelProblem);
  named('serviceAccountName', dns1123SubdomainProblem);
  named('priorityClassName', dns1123SubdomainProblem);
  named('schedulerName', dns1123SubdomainProblem);
  checkLabelMap(nodeAt(pod, 'nodeSelector'), collector, 'nodeSelector');
  const deadline = numberAt(pod, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > INT32_MAX)) {
    collector.report('out-of-range', `The pod's \`activeDeadlineSeconds\` must be between 1 and ${INT32_MAX}.`, nodeAt(pod, 'activeDeadlineSeconds'));
  }
  checkTolerations(pod, collector);
  checkDns(pod, collector);
  checkSecurityContext(nodeAt(pod, 'securityContext'), collector);
  for (const list of ['containers', 'initContainers']) for (const container of seqItems(nodeAt(pod, list))) checkSecurityContext(nodeAt(container, 'securityContext'), collector);
  checkScheduling(pod, collector);
}

function checkTolerations(pod: unknown, collector: FindingCollector): void {
  for (const toleration of seqItems(nodeAt(pod, 'tolerations'))) {
    const key = stringAt(toleration, 'key') ?? '';
    const operator = stringAt(toleration, 'operator') ?? '';
    const value = stringAt(toleration, 'value') ?? '';
    const anchor = (field: string) => nodeAt(toleration, field) ?? asMap(toleration)?.items[0]?.key ?? toleration;
    const keyProblem = key === '' ? undefined : qualifiedNameProblem(key);
    if (keyProblem) collector.report('invalid-label', `Toleration key "${key}": ${keyProblem}.`, nodeAt(toleration, 'key'));
    if (key === '' && operator !== 'Exists') collector.report('enum-value', 'A toleration without a `key` must have operator: Exists (it matches every taint).', anchor('operator'));
    if (!isNullNode(nodeAt(toleration, 'tolerationSeconds')) && stringAt(toleration, 'effect') !== 'NoExecute') {
      collector.report('enum-value', '`tolerationSeconds` needs effect: NoExecute.', anchor('effect'));
    }
    if (operator === 'Exists' && value !== '') collector.report('enum-value', 'With operator Exists, a toleration has no `value`.', anchor('operator'));
    const valueProblem = operator === 'Exists' ? undefined : labelValueProblem(value);
    if (valueProblem) collector.report('invalid-label', `Toleration value "${value}" ${valueProblem}.`, anchor('operator'));
  }
}

function checkDns(pod: unknown, collector: FindingCollector): void {
  const config = nodeAt(pod, 'dnsConfig');
  if (stringAt(pod, 'dnsPolicy') === 'None' && isNullNode(config)) {
    collector.report('missing-required', 'dnsPolicy: None needs a `dnsConfig`.', pairOf(pod, 'dnsPolicy')?.key);
  }
  for (const server of seqItems(nodeAt(config, 'nameservers'))) {
    const ip = scalarValue(server);
    if (typeof ip === 'string' && isIP(ip) === 0) collector.report('wrong-type', `Nameserver "${ip}" must be an IP address.`, server);
  }
  for (const option of seqItems(nodeAt(config, 'options'))) {
    if (!stringAt(option, 'name')) collector.report('missing-required', 'A DNS option needs a `name`.', asMap(option)?.items[0]?.key ?? option);
  }
  for (const alias of seqItems(nodeAt(pod, 'hostAliases'))) {
    const ip = stringAt(alias, 'ip');
    if (ip !== undefined && isIP(ip) === 0) collector.report('wrong-type', `Host alias IP "${ip}" must be an IP address.`, nodeAt(alias, 'ip'));
  }
}

function checkSecurityContext(context: unknown, collector: FindingCollector): void {
  for (const field of ID_FIELDS) {
    const id = numberAt(context, field);
    if (id !== undefined && (id < 0 || id > INT32_MAX)) collector.report('out-of-range', `\`${field}\` must be between 0 and ${INT32_MAX}.`, nodeAt(context, field));
  }
  for (const sysctl of seqItems(nodeAt(context, 'sysctls'))) {
    const name = stringAt(sysctl, 'name');
    if (name !== undefined && (name.length > 253 || !SYSCTL.test(name))) collector.report('invalid-name', `"${name}" is not a sysctl name.`, nodeAt(sysctl, 'name'));
  }
  for (const profile of ['seccompProfile', 'appArmorProfile']) {
    const node = nodeAt(context, profile);
    if (stringAt(node, 'type') === 'Localhost' && !stringAt(node, 'localhostProfile')) {
      collector.report('missing-required', `A Localhost ${profile} needs \`localhostProfile\`.`, nodeAt(node, 'type'));
    }
  }
}

function checkScheduling(pod: unknown, collector: FindingCollector): void {
  for (const constraint of seqItems(nodeAt(pod, 'topologySpreadConstraints'))) {
    const skew = numberAt(constraint, 'maxSkew');
    if (skew !== undefined && skew <= 0) collector.report('out-of-range', '`maxSkew` must be greater than 0.', nodeAt(constraint, 'maxSkew'));
  }
  const terms = nodeAt(pod, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
  if (terms && !isNullNode(terms) && seqItems(terms).length === 0) collector.report('missing-required', '`nodeSelectorTerms` needs at least one term.', terms);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const affinity = nodeAt(pod, 'affinity', kind);
    const required = seqItems(nodeAt(affinity, 'requiredDuringSchedulingIgnoredDuringExecution'));
    const preferred = seqItems(nodeAt(affinity, 'preferredDuringSchedulingIgnoredDuringExecution')).map((weighted) => nodeAt(weighted, 'podAffinityTerm'));
    for (const term of [...required, ...preferred]) {
      if (!stringAt(term, 'topologyKey')) collector.report('missing-required', 'A pod affinity term needs a `topologyKey`.', nodeAt(term, 'topologyKey') ?? asMap(term)?.items[0]?.key ?? term);
    }
  }
  const os = stringAt(pod, 'os', 'name');
  if (os !== undefined && os !== 'linux' && os !== 'windows') collector.report('enum-value', `\`os.name\` must be linux or windows, not "${os}".`, nodeAt(pod, 'os', 'name'));
  for (const gate of seqItems(nodeAt(pod, 'readinessGates'))) {
    const type = stringAt(gate, 'conditionType');
    const problem = type === undefined ? undefined : qualifiedNameProblem(type);
    if (problem) collector.report('invalid-name', `Readiness gate "${type}": ${problem}.`, nodeAt(gate, 'conditionType'));
  }
}
