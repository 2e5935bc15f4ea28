// The API server's rules for a Job spec (a Job's spec or a CronJob's jobTemplate.spec) that a
// schema cannot express: restartPolicy, bounds, Indexed preconditions, success and failure policies.
import { CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL, MAX_LABEL_LENGTH } from '@shared/job-facts';
import type { Fix } from '../diagnostics';
import type { FindingCollector } from './findings';
import type { JobDocument } from '../parse/job-document';
import { jobSpecPath } from '../parse/job-document';
import { dns1123LabelProblem, dns1123SubdomainProblem, domainPrefixedPathProblem, generatedName, qualifiedNameProblem } from './api-formats';
import { checkLabelSelector, selectorMatches } from './label-selector-rules';
import { asMap, isNullNode, nodeAt, nodeAtPath, numberAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

const MAX_POLICY_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_MANAGED_BY = 63;
const NON_NEGATIVE_FIELDS = ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'];
const RESERVED_LABELS = new Set([JOB_NAME_LABEL, CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL]);
const CONDITION_STATUSES = ['True', 'False', 'Unknown'];
// Above this many completions, backoffLimitPerIndex needs maxFailedIndexes.
const COMPLETIONS_SOFT_LIMIT = 100_000;

export function checkJobSpec(manifest: JobDocument, collector: FindingCollector): void {
  const specPath = jobSpecPath(manifest.kind);
  const spec = asMap(nodeAtPath(manifest.root, specPath));
  if (!spec) {
    // A missing top-level spec is missing-spec.ts's to report, a missing jobTemplate the schema's;
    // what is left is a CronJob's jobTemplate without its spec, which no schema requires.
    const parent = asMap(nodeAtPath(manifest.root, specPath.slice(0, -1)));
    if (specPath.length < 2 || !parent) return;
    const anchor = pairOf(parent, specPath[specPath.length - 1])?.key ?? pairOf(nodeAtPath(manifest.root, specPath.slice(0, -2)), specPath[specPath.length - 2])?.key;
    collector.report('missing-required', `A ${manifest.kind} needs \`${specPath.join('.')}\` with a pod template.`, anchor);
    return;
  }
  new JobSpecRules(manifest, collector, spec, specPath.join('.')).check();
}

class JobSpecRules {
  // Read by several checks: looked up once.
  private readonly podSpec: unknown;
  private readonly restartPolicyValue: string | undefined;
  private readonly isIndexed: boolean;

  constructor(
    private readonly manifest: JobDocument,
    private readonly collector: FindingCollector,
    private readonly spec: unknown,
    private readonly specPath: string,
  ) {
    this.podSpec = nodeAt(spec, 'template', 'spec');
    this.restartPolicyValue = stringAt(this.podSpec, 'restartPolicy');
    this.isIndexed = stringAt(spec, 'completionMode') === 'Indexed';
  }

  check(): void {
    this.restartPolicy();
    this.bounds();
    this.indexed();
    this.podFailurePolicy();
    this.successPolicy();
    this.selector();
    this.managedBy();
    this.podReplacementPolicy();
  }

  private restartPolicy(): void {
    const podSpec = asMap(this.podSpec);
    if (!podSpec) {
      const anchor = pairOf(nodeAt(this.spec, 'template'), 'spec')?.key ?? pairOf(this.spec, 'template')?.key ?? asMap(this.spec)?.items[0]?.key;
      this.collector.report('missing-required', `${this.specPath}.template.spec is required: the pod template's containers and restartPolicy.`, anchor ?? this.spec);
      return;
    }
    const pair = pairOf(podSpec, 'restartPolicy');
    const value = this.restartPolicyValue;
    const where = `${this.specPath}.template.spec.restartPolicy`;
    if (!pair || isNullNode(pair.value) || value === '') {
      const anchor = value === '' ? pair?.value : pairOf(nodeAt(this.spec, 'template'), 'spec')?.key ?? pairOf(this.spec, 'template')?.key;
      const indent = ' '.repeat(podSpec.items[0]?.key ? this.collector.column(podSpec.items[0].key) : 0);
      const insertAt = this.collector.lineStart(podSpec.items[0]?.key);
      const add = (policy: string) => ({
        title: `Add restartPolicy: ${policy}`,
        edits: [{ start: insertAt, end: insertAt, newText: `${indent}restartPolicy: ${policy}\n` }],
        preferred: policy === 'Never',
      });
      this.collector.report(
        'restart-policy',
        `${where}: Required value: a Job's pods must set restartPolicy to Never or OnFailure (absent means Always, which the API server rejects).`,
        anchor,
        { fixes: value === '' && pair ? [this.setRestartPolicy(pair.value, 'Never'), this.setRestartPolicy(pair.value, 'OnFailure')] : insertAt >= 0 ? [add('Never'), add('OnFailure')] : undefined },
      );
      return;
    }
    if (value === 'Always') {
      this.collector.report('restart-policy', `${where}: Unsupported value: "Always": supported values: "OnFailure", "Never".`, pair.value, {
        fixes: [this.setRestartPolicy(pair.value, 'Never'), this.setRestartPolicy(pair.value, 'OnFailure')],
      });
    }
  }

  private setRestartPolicy(node: unknown, policy: string): Fix {
    return { title: `Change restartPolicy to ${policy}`, edits: [this.collector.replace(node, policy)], preferred: policy === 'Never' };
  }

  private bounds(): void {
    for (let i = 0; i < NON_NEGATIVE_FIELDS.length; i++) {
      const field = NON_NEGATIVE_FIELDS[i];
      const value = numberAt(this.spec, field);
      if (value !== undefined && value < 0) this.collector.report('out-of-range', `\`${field}\` must be greater than or equal to 0.`, nodeAt(this.spec, field));
    }
    const deadline = numberAt(this.spec, 'activeDeadlineSeconds');
    if (deadline !== undefined && deadline < 0) {
      this.collector.report('out-of-range', '`activeDeadlineSeconds` must be greater than or equal to 0.', nodeAt(this.spec, 'activeDeadlineSeconds'));
    } else if (deadline === 0) {
      // Accepted, but the Job fails as soon as it starts.
      this.collector.report('out-of-range', '`activeDeadlineSeconds: 0` fails the Job with DeadlineExceeded as soon as it starts.', nodeAt(this.spec, 'activeDeadlineSeconds'), { severity: 'warning' });
    }
    const containers = nodeAt(this.podSpec, 'containers');
    if (containers && seqItems(containers).length === 0 && !isNullNode(containers)) {
      this.collector.report('missing-required', 'A pod needs at least one container.', containers);
    }
  }

  private indexed(): void {
    const mode = pairOf(this.spec, 'completionMode');
    const completions = numberAt(this.spec, 'completions');
    // Without completions and parallelism the API server defaults both to 1; parallelism alone leaves completions unset.
    // (A CronJob's jobTemplate gets no such defaults.)
    if (this.isIndexed && mode && completions === undefined && (numberAt(this.spec, 'parallelism') !== undefined || this.manifest.kind === 'CronJob')) {
      const indent = ' '.repeat(this.collector.column(mode.key));
      const at = this.collector.lineStart(mode.key);
      this.collector.report('indexed-completions', '`completions` is required when completionMode is Indexed.', mode.value, {
        fixes: [{ title: 'Add completions: 1', edits: [{ start: at, end: at, newText: `${indent}completions: 1\n` }], preferred: true }],
      });
    }
    this.indexedHostnames(completions);
    const parallelism = numberAt(this.spec, 'parallelism');
    if (this.isIndexed && parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
      this.collector.report('out-of-range', `\`parallelism\` must be at most ${MAX_INDEXED_PARALLELISM} for an Indexed Job.`, nodeAt(this.spec, 'parallelism'));
    }
    const perIndex = pairOf(this.spec, 'backoffLimitPerIndex');
    if (perIndex && !isNullNode(perIndex.value)) {
      if (!this.isIndexed) this.collector.report('backoff-limit-per-index', '`backoffLimitPerIndex` requires completionMode: Indexed.', perIndex.key);
      if (this.restartPolicyValue !== undefined && this.restartPolicyValue !== 'Never') {
        // The API server accepts it; the Job controller then counts no failures per index.
        this.collector.report('backoff-limit-per-index', '`backoffLimitPerIndex` needs the pod template\'s restartPolicy to be Never: with OnFailure, failures are never counted per index.', perIndex.key, {
          severity: 'warning',
        });
      }
    }
    const maxFailed = pairOf(this.spec, 'maxFailedIndexes');
    if (this.isIndexed && perIndex && !isNullNode(perIndex.value) && (!maxFailed || isNullNode(maxFailed.value)) && completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT) {
      this.collector.report('backoff-limit-per-index', `Above ${COMPLETIONS_SOFT_LIMIT} completions, backoffLimitPerIndex needs \`maxFailedIndexes\`.`, nodeAt(this.spec, 'completions'));
    }
    if (maxFailed && !isNullNode(maxFailed.value)) {
      if (!perIndex || isNullNode(perIndex.value)) {
        this.collector.report('backoff-limit-per-index', '`maxFailedIndexes` requires `backoffLimitPerIndex`.', maxFailed.key);
      }
      const value = scalarValue(maxFailed.value);
      if (typeof value === 'number' && completions !== undefined && value > completions) {
        this.collector.report('backoff-limit-per-index', `\`maxFailedIndexes\` must be at most \`completions\` (${completions}).`, maxFailed.value);
      }
    }
  }

  /** The labels the API server puts on a Job's pods: a template may not set them to something else. */
  private reservedLabels(): void {
    for (const pair of asMap(nodeAt(this.spec, 'template', 'metadata', 'labels'))?.items ?? []) {
      const key = String(scalarValue(pair.key) ?? '');
      if (RESERVED_LABELS.has(key)) this.collector.report('selector', `The label ${key} is set by the API server to the Job's own value: remove it.`, pair.key);
    }
  }

  private managedBy(): void {
    const node = nodeAt(this.spec, 'managedBy');
    const value = stringAt(this.spec, 'managedBy');
    if (value === undefined) return;
    const problem = value.length > MAX_MANAGED_BY ? `must be no more than ${MAX_MANAGED_BY} characters` : domainPrefixedPathProblem(value);
    if (problem) this.collector.report('out-of-range', `\`managedBy\` ${problem}.`, node);
  }

  private podReplacementPolicy(): void {
    const policy = stringAt(this.spec, 'podReplacementPolicy');
    const failurePolicy = nodeAt(this.spec, 'podFailurePolicy');
    if (policy === 'TerminatingOrFailed' && failurePolicy && !isNullNode(failurePolicy)) {
      this.collector.report('pod-failure-policy', 'With a podFailurePolicy, podReplacementPolicy must be Failed.', nodeAt(this.spec, 'podReplacementPolicy'));
    }
  }

  /** An Indexed Job's pods are named `<job>-<index>`: the last one must still be a DNS label. */
  private indexedHostnames(completions: number | undefined): void {
    const name = stringAt(this.manifest.root, 'metadata', 'name') ?? generatedName(stringAt(this.manifest.root, 'metadata', 'generateName'));
    if (this.manifest.kind !== 'Job' || !this.isIndexed || name === undefined || completions === undefined || completions < 1) return;
    const lastHostname = `${name}-${completions - 1}`;
    // Names checkName already reports are left to it.
    if (name.length <= MAX_LABEL_LENGTH && dns1123SubdomainProblem(name) === undefined && dns1123LabelProblem(lastHostname) !== undefined) {
      const why = name.includes('.') ? 'a DNS label has no dots' : "longer than a DNS label's 63 characters";
      this.collector.report('invalid-name', `The last pod of this Indexed Job would have the hostname "${lastHostname}": ${why}.`, nodeAt(this.manifest.root, 'metadata', 'name') ?? nodeAt(this.manifest.root, 'metadata', 'generateName'));
    }
  }

  private podFailurePolicy(): void {
    const policy = pairOf(this.spec, 'podFailurePolicy');
    if (!policy || isNullNode(policy.value)) return;
    const restartPolicy = this.restartPolicyValue;
    if (restartPolicy !== undefined && restartPolicy !== 'Never' && restartPolicy !== '') {
      // Reported where the API server points, and where the fix goes: the restartPolicy.
      const node = nodeAt(this.podSpec, 'restartPolicy');
      this.collector.report('pod-failure-policy', `podFailurePolicy requires restartPolicy: Never (this template has ${restartPolicy}).`, node, {
        fixes: [{ title: 'Change restartPolicy to Never', edits: [this.collector.replace(node, 'Never')], preferred: true }],
      });
    }
    const rules = seqItems(nodeAt(policy.value, 'rules'));
    if (rules.length > MAX_POLICY_RULES) {
      this.collector.report('pod-failure-policy', `podFailurePolicy may have at most ${MAX_POLICY_RULES} rules; this one has ${rules.length}.`, nodeAt(policy.value, 'rules'));
    }
    const containerNames = this.containerNames();
    for (const rule of rules) this.podFailureRule(rule, containerNames);
  }

  private podFailureRule(rule: unknown, containerNames: Set<string>): void {
    const onExitCodes = nodeAt(rule, 'onExitCodes');
    // An empty list of conditions is no condition at all.
    const onPodConditions = seqItems(nodeAt(rule, 'onPodConditions')).length > 0 ? nodeAt(rule, 'onPodConditions') : undefined;
    const anchor = asMap(rule)?.items[0]?.key ?? rule;
    if (seqItems(onPodConditions).length > MAX_POLICY_RULES) {
      this.collector.report('pod-failure-policy', `onPodConditions may have at most ${MAX_POLICY_RULES} patterns.`, onPodConditions);
    }
    for (const pattern of seqItems(onPodConditions)) {
      const type = stringAt(pattern, 'type');
      const typeProblem = type === undefined ? undefined : qualifiedNameProblem(type);
      if (typeProblem) this.collector.report('pod-failure-policy', `Condition type "${type}": ${typeProblem}.`, nodeAt(pattern, 'type'));
      const status = stringAt(pattern, 'status');
      if (status !== undefined && status !== '' && !CONDITION_STATUSES.includes(status)) {
        this.collector.report('pod-failure-policy', `A condition's status must be ${CONDITION_STATUSES.join(', ')}; got "${status}".`, nodeAt(pattern, 'status'));
      }
    }
    if (onExitCodes && onPodConditions) {
      this.collector.report('pod-failure-policy', 'A pod failure policy rule must have either onExitCodes or onPodConditions, not both.', anchor);
    } else if (!onExitCodes && !onPodConditions) {
      this.collector.report('pod-failure-policy', 'A pod failure policy rule needs onExitCodes or onPodConditions.', anchor);
    }
    const action = stringAt(rule, 'action');
    if (action === 'FailIndex' && numberAt(this.spec, 'backoffLimitPerIndex') === undefined) {
      this.collector.report('pod-failure-policy', 'The FailIndex action requires `backoffLimitPerIndex`.', nodeAt(rule, 'action'));
    }
    if (!onExitCodes) return;
    const operator = stringAt(onExitCodes, 'operator');
    const values = seqItems(nodeAt(onExitCodes, 'values'));
    if (values.length === 0 && nodeAt(onExitCodes, 'values')) {
      this.collector.report('pod-failure-policy', 'onExitCodes needs at least one value.', nodeAt(onExitCodes, 'values'));
    }
    if (values.length > MAX_EXIT_CODE_VALUES) {
      this.collector.report('pod-failure-policy', `onExitCodes may list at most ${MAX_EXIT_CODE_VALUES} values.`, nodeAt(onExitCodes, 'values'));
    }
    if (operator === 'In') {
      for (const value of values) {
        if (scalarValue(value) === 0) this.collector.report('pod-failure-policy', 'value: 0 cannot be used for the In operator (exit code 0 means success).', value);
      }
    }
    const seen = new Set<number>();
    let previous = -Infinity;
    for (const value of values) {
      const code = scalarValue(value);
      if (typeof code !== 'number') continue;
      if (seen.has(code)) this.collector.report('pod-failure-policy', `Duplicate exit code ${code}.`, value);
      else if (code < previous) this.collector.report('pod-failure-policy', 'Exit codes must be in increasing order.', value);
      seen.add(code);
      previous = Math.max(previous, code);
    }
    const containerName = stringAt(onExitCodes, 'containerName');
    if (containerName !== undefined && containerNames.size > 0 && !containerNames.has(containerName)) {
      this.collector.report('pod-failure-policy', `containerName "${containerName}" matches no container or initContainer of the pod template (${[...containerNames].join(', ')}).`, nodeAt(onExitCodes, 'containerName'));
    }
  }

  private containerNames(): Set<string> {
    const names = new Set<string>();
    for (const list of ['containers', 'initContainers']) {
      for (const container of seqItems(nodeAt(this.podSpec, list))) {
        const name = stringAt(container, 'name');
        if (name !== undefined) names.add(name);
      }
    }
    return names;
  }

  private successPolicy(): void {
    const policy = pairOf(this.spec, 'successPolicy');
    if (!policy || isNullNode(policy.value)) return;
    if (!this.isIndexed) this.collector.report('success-policy', '`successPolicy` requires completionMode: Indexed.', policy.key);
    const rulesNode = nodeAt(policy.value, 'rules');
    const rules = seqItems(rulesNode);
    if (this.isIndexed && rules.length === 0) this.collector.report('success-policy', 'A successPolicy needs at least one rule.', rulesNode ?? policy.key);
    if (rules.length > MAX_POLICY_RULES) this.collector.report('success-policy', `successPolicy may have at most ${MAX_POLICY_RULES} rules.`, rulesNode);
    const completions = numberAt(this.spec, 'completions');
    for (const rule of rules) {
      const indexesNode = nodeAt(rule, 'succeededIndexes');
      const count = numberAt(rule, 'succeededCount');
      if (!indexesNode && count === undefined) {
        this.collector.report('success-policy', 'A success policy rule needs succeededIndexes or succeededCount.', asMap(rule)?.items[0]?.key ?? rule);
        continue;
      }
      if (count !== undefined && count < 0) this.collector.report('success-policy', '`succeededCount` must be greater than or equal to 0.', nodeAt(rule, 'succeededCount'));
      if (count !== undefined && completions !== undefined && count > completions) {
        this.collector.report('success-policy', `\`succeededCount\` must be at most \`completions\` (${completions}).`, nodeAt(rule, 'succeededCount'));
      }
      const indexes = stringAt(rule, 'succeededIndexes');
      if (indexes !== undefined) {
        const problem = indexListProblem(indexes, completions);
        if (problem) this.collector.report('success-policy', `succeededIndexes "${indexes}": ${problem}.`, indexesNode);
        const size = indexListSize(indexes);
        if (!problem && count !== undefined && size !== undefined && count > size) {
          this.collector.report('success-policy', `\`succeededCount\` (${count}) must be at most the number of succeededIndexes (${size}).`, nodeAt(rule, 'succeededCount'));
        }
      }
    }
  }

  private selector(): void {
    const selector = pairOf(this.spec, 'selector');
    const manual = scalarValue(nodeAt(this.spec, 'manualSelector')) === true;
    if (this.manifest.kind === 'CronJob') {
      if (selector && !isNullNode(selector.value)) this.collector.report('selector', '`selector` will be auto-generated: a CronJob\'s jobTemplate may not set it.', selector.key);
      if (manual) this.collector.report('selector', 'manualSelector: true is not supported in a CronJob\'s jobTemplate.', nodeAt(this.spec, 'manualSelector'));
      return;
    }
    if (!selector || isNullNode(selector.value)) {
      if (manual) this.collector.report('selector', 'manualSelector: true needs a `selector` that matches the template\'s labels.', nodeAt(this.spec, 'manualSelector'));
      else this.reservedLabels();
      return;
    }
    if (!manual) {
      this.collector.report('selector', '`selector` is generated by the API server: set manualSelector: true to give your own, or remove it.', selector.key);
      return;
    }
    checkLabelSelector(selector.value, this.collector);
    const template = nodeAt(this.spec, 'template');
    if (selectorMatches(selector.value, nodeAt(template, 'metadata', 'labels')) === false) {
      // Where the API server points: the template's labels, or the nearest part of it written.
      const anchor = pairOf(nodeAt(template, 'metadata'), 'labels')?.key ?? pairOf(template, 'metadata')?.key ?? pairOf(this.spec, 'template')?.key;
      this.collector.report('selector', '`selector` does not match the template labels: the Job would never see its own pods.', anchor);
    }
  }
}

/** "0-3,5,7-9": sorted, non-overlapping intervals below completions. */
function indexListProblem(text: string, completions: number | undefined): string | undefined {
  if (text === '') return undefined;
  let previousEnd = -1;
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return 'expected a list of indexes or ranges like "0-3,5"';
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return `range ${part} ends before it starts`;
    if (first <= previousEnd) return 'indexes must be in increasing order without overlaps';
    if (completions !== undefined && last >= completions) return `index ${last} is not below completions (${completions})`;
    previousEnd = last;
  }
  return undefined;
}

function indexListSize(text: string): number | undefined {
  if (text === '') return 0;
  let size = 0;
  for (const part of text.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) return undefined;
    size += (match[2] === undefined ? 0 : Number(match[2]) - Number(match[1])) + 1;
  }
  return size;
}
