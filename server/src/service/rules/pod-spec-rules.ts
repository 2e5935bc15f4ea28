// The API server's rules for the pod template's own fields: host and account names, node
// selection, tolerations, DNS, security contexts and host namespaces (scheduling has its own file).
import { isIP } from 'node:net';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelValueProblem, qualifiedNameProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { podSpecPath, type JobDocument } from '../parse/job-document';
import { checkLabelMap } from './metadata-rules';
import { checkScheduling } from './scheduling-rules';
import { asMap, isNullNode, nodeAt, nodeAtPath, numberAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

const INT32_MAX = 2_147_483_647;
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const ID_FIELDS = ['runAsUser', 'runAsGroup', 'fsGroup'];
const PROFILES = ['seccompProfile', 'appArmorProfile'];
const CONTAINER_LISTS = ['containers', 'initContainers'];
const SYSCTL = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

export function checkPodSpec(manifest: JobDocument, collector: FindingCollector): void {
  const pod = asMap(nodeAtPath(manifest.root, podSpecPath(manifest.kind)));
  if (!pod) return;
  checkNamed(pod, 'hostname', dns1123LabelProblem, collector);
  checkNamed(pod, 'subdomain', dns1123LabelProblem, collector);
  checkNamed(pod, 'serviceAccountName', dns1123SubdomainProblem, collector);
  checkNamed(pod, 'priorityClassName', dns1123SubdomainProblem, collector);
  checkNamed(pod, 'schedulerName', dns1123SubdomainProblem, collector);
  checkNamed(pod, 'runtimeClassName', dns1123SubdomainProblem, collector);
  if (scalarValue(nodeAt(pod, 'shareProcessNamespace')) === true && scalarValue(nodeAt(pod, 'hostPID')) === true) {
    collector.report('out-of-range', 'shareProcessNamespace and hostPID cannot both be true.', nodeAt(pod, 'shareProcessNamespace'));
  }
  checkHostNetworkPorts(pod, collector);
  checkResourceClaims(pod, collector);
  checkLabelMap(nodeAt(pod, 'nodeSelector'), collector, 'nodeSelector');
  const deadline = numberAt(pod, 'activeDeadlineSeconds');
  if (deadline !== undefined && (deadline < 1 || deadline > INT32_MAX)) {
    collector.report('out-of-range', `The pod's \`activeDeadlineSeconds\` must be between 1 and ${INT32_MAX}.`, nodeAt(pod, 'activeDeadlineSeconds'));
  }
  checkTolerations(pod, collector);
  checkDns(pod, collector);
  checkSecurityContext(nodeAt(pod, 'securityContext'), collector);
  const hostUsers = scalarValue(nodeAt(pod, 'hostUsers')) !== false;
  // Index loops: these run for every container, first before V8 optimises them.
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const containers = seqItems(nodeAt(pod, CONTAINER_LISTS[l]));
    for (let c = 0; c < containers.length; c++) {
      const context = nodeAt(containers[c], 'securityContext');
      checkSecurityContext(context, collector);
      if (scalarValue(nodeAt(context, 'windowsOptions', 'hostProcess')) === true && scalarValue(nodeAt(pod, 'hostNetwork')) !== true) {
        collector.report('out-of-range', 'A hostProcess container needs the pod\'s hostNetwork: true.', nodeAt(context, 'windowsOptions', 'hostProcess'));
      }
      if (hostUsers && stringAt(context, 'procMount') === 'Unmasked') collector.report('out-of-range', 'procMount: Unmasked needs the pod\'s hostUsers: false.', nodeAt(context, 'procMount'));
    }
  }
  const changePolicy = stringAt(pod, 'securityContext', 'seLinuxChangePolicy');
  if (changePolicy !== undefined && changePolicy !== 'Recursive' && changePolicy !== 'MountOption') {
    collector.report('enum-value', `\`seLinuxChangePolicy\` must be Recursive or MountOption, not "${changePolicy}".`, nodeAt(pod, 'securityContext', 'seLinuxChangePolicy'));
  }
  checkScheduling(pod, collector);
}

/** A name field of the pod, when it is set, in its format. */
function checkNamed(pod: unknown, field: string, problemOf: (value: string) => string | undefined, collector: FindingCollector): void {
  const value = stringAt(pod, field);
  const problem = value === undefined || value === '' ? undefined : problemOf(value);
  if (problem) collector.report('invalid-name', `\`${field}\` "${value}" ${problem}.`, nodeAt(pod, field));
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
  const nameservers = seqItems(nodeAt(config, 'nameservers'));
  if (nameservers.length > MAX_NAMESERVERS) collector.report('out-of-range', `dnsConfig may list at most ${MAX_NAMESERVERS} nameservers.`, nodeAt(config, 'nameservers'));
  const searches = seqItems(nodeAt(config, 'searches'));
  if (searches.length > MAX_SEARCHES) collector.report('out-of-range', `dnsConfig may list at most ${MAX_SEARCHES} search domains.`, nodeAt(config, 'searches'));
  for (const search of searches) {
    const domain = scalarValue(search);
    const problem = typeof domain === 'string' ? dns1123SubdomainProblem(domain.replace(/_/g, 'u').replace(/\.$/, '')) : undefined;
    if (problem) collector.report('invalid-name', `Search domain "${String(domain)}" ${problem}.`, search);
  }
  for (const server of nameservers) {
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

function checkHostNetworkPorts(pod: unknown, collector: FindingCollector): void {
  if (scalarValue(nodeAt(pod, 'hostNetwork')) !== true) return;
  for (const list of ['containers', 'initContainers']) {
    for (const container of seqItems(nodeAt(pod, list))) {
      for (const port of seqItems(nodeAt(container, 'ports'))) {
        const hostPort = numberAt(port, 'hostPort');
        if (hostPort !== undefined && hostPort !== numberAt(port, 'containerPort')) collector.report('invalid-port', 'With hostNetwork, hostPort must equal containerPort.', nodeAt(port, 'hostPort'));
      }
    }
  }
}

function checkResourceClaims(pod: unknown, collector: FindingCollector): void {
  for (const claim of seqItems(nodeAt(pod, 'resourceClaims'))) {
    const name = stringAt(claim, 'name');
    const problem = name === undefined ? undefined : dns1123LabelProblem(name);
    if (problem) collector.report('invalid-name', `Resource claim name "${name}" ${problem}.`, nodeAt(claim, 'name'));
    const sources = ['resourceClaimName', 'resourceClaimTemplateName'].filter((key) => !isNullNode(nodeAt(claim, key)));
    if (sources.length !== 1) collector.report('missing-required', 'A resource claim needs exactly one of `resourceClaimName` or `resourceClaimTemplateName`.', nodeAt(claim, 'name') ?? asMap(claim)?.items[0]?.key);
  }
}

function checkSecurityContext(context: unknown, collector: FindingCollector): void {
  // Many containers have none: nothing to look up.
  if (!asMap(context)) return;
  if (scalarValue(nodeAt(context, 'privileged')) === true && scalarValue(nodeAt(context, 'allowPrivilegeEscalation')) === false) {
    collector.report('out-of-range', 'A privileged container always allows privilege escalation: allowPrivilegeEscalation cannot be false.', nodeAt(context, 'allowPrivilegeEscalation'));
  }
  for (let i = 0; i < ID_FIELDS.length; i++) {
    const field = ID_FIELDS[i];
    const id = numberAt(context, field);
    if (id !== undefined && (id < 0 || id > INT32_MAX)) collector.report('out-of-range', `\`${field}\` must be between 0 and ${INT32_MAX}.`, nodeAt(context, field));
  }
  for (const group of seqItems(nodeAt(context, 'supplementalGroups'))) {
    const id = scalarValue(group);
    if (typeof id === 'number' && (id < 0 || id > INT32_MAX)) collector.report('out-of-range', `Supplemental groups must be between 0 and ${INT32_MAX}.`, group);
  }
  const sysctlNames = new Set<string>();
  for (const sysctl of seqItems(nodeAt(context, 'sysctls'))) {
    const name = stringAt(sysctl, 'name');
    if (name !== undefined && sysctlNames.has(name)) collector.report('invalid-name', `Duplicate sysctl "${name}".`, nodeAt(sysctl, 'name'));
    if (name !== undefined) sysctlNames.add(name);
    if (name !== undefined && (name.length > 253 || !SYSCTL.test(name))) collector.report('invalid-name', `"${name}" is not a sysctl name.`, nodeAt(sysctl, 'name'));
  }
  for (let i = 0; i < PROFILES.length; i++) {
    const profile = PROFILES[i];
    const node = nodeAt(context, profile);
    const type = stringAt(node, 'type');
    if (type === 'Localhost' && !stringAt(node, 'localhostProfile')) {
      collector.report('missing-required', `A Localhost ${profile} needs \`localhostProfile\`.`, nodeAt(node, 'type'));
    } else if (type !== undefined && type !== 'Localhost' && !isNullNode(nodeAt(node, 'localhostProfile'))) {
      collector.report('missing-required', `\`localhostProfile\` goes only with type Localhost.`, nodeAt(node, 'localhostProfile'));
    }
  }
}
