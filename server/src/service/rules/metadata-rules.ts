// apiVersion, kind, metadata.name, and the labels and annotations of every object's metadata as
// the API server checks them.
import { isScalar } from 'yaml';
import { DNS1123_SUBDOMAIN, MAX_CRONJOB_NAME_LENGTH, MAX_LABEL_LENGTH } from '@shared/job-facts';
import { dns1123SubdomainProblem, generatedName, labelValueProblem, qualifiedNameProblem, utf8Length } from './api-formats';
import type { FindingCollector } from './findings';
import type { Severity } from '../diagnostics';
import { jobSpecPath, type JobDocument } from '../parse/job-document';
import { SCHEMA_KUBERNETES_VERSION, type ResourceKind } from '../schema';
import { isOlder, parseVersion, type KubeVersion } from './versions';
import { asMap, keyText, nodeAt, nodeAtPath, pairOf, scalarValue, stringAt } from '../parse/yaml-nodes';

// A Job's name becomes the value of its pods' job-name label; a CronJob's Jobs are named
// `<name>-<minutes since epoch>`.
const MAX_NAME = { Job: MAX_LABEL_LENGTH, CronJob: MAX_CRONJOB_NAME_LENGTH } as const;

export function checkApiVersion(manifest: JobDocument, collector: FindingCollector, target: KubeVersion): void {
  const apiVersionPair = pairOf(manifest.root, 'apiVersion');
  const written = manifest.apiVersion;
  if (!apiVersionPair || written === undefined) {
    collector.report('missing-required', `Missing required field \`apiVersion\` (batch/v1 for a ${manifest.kind}).`, pairOf(manifest.root, 'kind')?.key);
    return;
  }
  const value = apiVersionPair.value;
  const toV1 = { title: 'Change apiVersion to batch/v1', edits: [collector.replace(value, 'batch/v1')], preferred: true };
  if (written === 'batch/v1') {
    if (manifest.kind === 'CronJob' && isOlder(target, { major: 1, minor: 21 })) {
      collector.report('api-version', `batch/v1 CronJob is served from Kubernetes 1.21; the target is ${target.major}.${target.minor}.`, value);
    }
    return;
  }
  if (manifest.kind === 'CronJob' && written === 'batch/v1beta1') {
    if (isOlder(target, { major: 1, minor: 25 })) {
      collector.report('api-version', 'batch/v1beta1 CronJob is deprecated since Kubernetes 1.21 and removed in 1.25: use batch/v1.', value, { severity: 'warning', fixes: [toV1] });
    } else {
      collector.report('api-version', 'batch/v1beta1 CronJob was removed in Kubernetes 1.25: use batch/v1.', value, { fixes: [toV1] });
    }
    return;
  }
  if (written === 'batch/v2alpha1') {
    collector.report('api-version', 'batch/v2alpha1 was never served by default and was removed in Kubernetes 1.21: use batch/v1.', value, { fixes: [toV1] });
    return;
  }
  collector.report('api-version', `${manifest.kind} is served only as batch/v1, not ${written}.`, value, { fixes: [toV1] });
}

export function checkName(manifest: JobDocument, collector: FindingCollector): void {
  const nameNode = nodeAt(manifest.root, 'metadata', 'name');
  const name = stringAt(manifest.root, 'metadata', 'name');
  if (name === undefined) {
    const generateName = stringAt(manifest.root, 'metadata', 'generateName');
    if (generateName !== undefined) {
      // The API server appends five characters; a trailing '-' is what prefixes usually end with.
      const problem = dns1123SubdomainProblem(generateName.replace(/-$/, 'a'));
      const generated = generatedName(generateName) ?? '';
      if (problem) collector.report('invalid-name', `"${generateName}" is not a valid generateName: it ${problem}.`, nodeAt(manifest.root, 'metadata', 'generateName'));
      else if (manifest.kind === 'CronJob' && generated.length > MAX_NAME.CronJob) {
        collector.report('invalid-name', `A CronJob name must be no more than ${MAX_NAME.CronJob} characters; this generateName makes ${generated.length}.`, nodeAt(manifest.root, 'metadata', 'generateName'));
      }
      return;
    }
    const metadata = pairOf(manifest.root, 'metadata');
    collector.report('missing-required', `A ${manifest.kind} needs \`metadata.name\` (or \`metadata.generateName\`).`, nameNode ?? metadata?.key ?? pairOf(manifest.root, 'kind')?.key);
    return;
  }
  if (dns1123SubdomainProblem(name)) {
    const suggestion = name.toLowerCase().replace(/[^-a-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
    const fixes = suggestion && DNS1123_SUBDOMAIN.test(suggestion) ? [{ title: `Rename to "${suggestion}"`, edits: [collector.replace(nameNode, suggestion)] }] : undefined;
    collector.report(
      'invalid-name',
      `"${name}" is not a valid name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character.`,
      nameNode,
      { fixes },
    );
    return;
  }
  const max = MAX_NAME[manifest.kind];
  // With a manual selector no job-name label is added to the pods: a name is then a subdomain.
  const manualSelector = manifest.kind === 'Job' && scalarValue(nodeAt(manifest.root, 'spec', 'manualSelector')) === true;
  if (name.length > max && !manualSelector) {
    const why = manifest.kind === 'Job' ? 'it becomes the job-name label of its pods' : 'the Jobs it creates append 11 characters';
    collector.report('invalid-name', `A ${manifest.kind} name must be no more than ${max} characters (${why}); this one has ${name.length}.`, nameNode);
  }
}

// The sum of every annotation's key and value, in bytes.
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

// The object's metadata and its pod template's, by kind: the same arrays for every document.
const METADATA_PATHS: Readonly<Record<ResourceKind, readonly (readonly string[])[]>> = {
  Job: [['metadata'], [...jobSpecPath('Job'), 'template', 'metadata']],
  CronJob: [['metadata'], [...jobSpecPath('CronJob'), 'template', 'metadata']],
};

/** Labels and annotations of the object, of a CronJob's Jobs, and of the pod template. */
export function checkMetadata(manifest: JobDocument, collector: FindingCollector): void {
  const paths = METADATA_PATHS[manifest.kind];
  for (let i = 0; i < paths.length; i++) {
    const metadata = nodeAtPath(manifest.root, paths[i]);
    checkLabelMap(nodeAt(metadata, 'labels'), collector, 'label');
    checkAnnotations(nodeAt(metadata, 'annotations'), collector);
  }
  if (manifest.kind === 'CronJob') {
    // The API server does not look at the Jobs' metadata when the CronJob is created: each Job is refused later.
    const jobMetadata = nodeAt(manifest.root, 'spec', 'jobTemplate', 'metadata');
    const later = { severity: 'warning', suffix: ' The CronJob is accepted, but every Job it creates will be refused.' } as const;
    checkLabelMap(nodeAt(jobMetadata, 'labels'), collector, 'label', later);
    checkAnnotations(nodeAt(jobMetadata, 'annotations'), collector, later);
  }
}

/** How to report a problem the API server only meets later (a CronJob's Jobs). */
interface Deferred {
  readonly severity: Severity;
  readonly suffix: string;
}

function reportLabel(collector: FindingCollector, deferred: Deferred | undefined, message: string, at: unknown): void {
  collector.report('invalid-label', `${message}${deferred?.suffix ?? ''}`, at, { severity: deferred?.severity });
}

/** A map whose keys are qualified names and whose values are label values: labels, nodeSelector, matchLabels. */
export function checkLabelMap(node: unknown, collector: FindingCollector, what: string, deferred?: Deferred): void {
  const items = asMap(node)?.items ?? [];
  for (let i = 0; i < items.length; i++) {
    const pair = items[i];
    const key = keyText(pair);
    if (key === undefined) continue;
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) reportLabel(collector, deferred, `Invalid ${what} key "${shorten(key)}": ${keyProblem}.`, pair.key);
    const value = scalarValue(pair.value);
    if (typeof value !== 'string') continue;
    const valueProblem = labelValueProblem(value);
    if (valueProblem) reportLabel(collector, deferred, `Invalid ${what} value "${shorten(value)}": ${valueProblem}.`, pair.value);
  }
}

function checkAnnotations(node: unknown, collector: FindingCollector, deferred?: Deferred): void {
  const map = asMap(node);
  if (!map) return;
  let bytes = 0;
  const items = map.items;
  for (let i = 0; i < items.length; i++) {
    const pair = items[i];
    const key = keyText(pair);
    if (key === undefined) continue;
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) reportLabel(collector, deferred, `Invalid annotation key "${shorten(key)}": ${problem}.`, pair.key);
    const value = scalarValue(pair.value);
    bytes += utf8Length(key) + (isScalar(pair.value) ? utf8Length(String(value ?? '')) : 0);
  }
  if (bytes > MAX_ANNOTATIONS_BYTES) reportLabel(collector, deferred, `Annotations may total at most 256 KiB; these have ${bytes} bytes.`, map);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The target version from settings; the schema's own version when unset or unreadable. */
export function targetVersion(setting: string | undefined): KubeVersion {
  return parseVersion(setting) ?? parseVersion(SCHEMA_KUBERNETES_VERSION) ?? { major: 1, minor: 33 };
}
