// Which documents of a file are ours: Job and CronJob manifests of the batch API group.
// Everything else (other kinds, plain YAML) gets no diagnostics, completion or hover.
import type { YAMLMap } from 'yaml';
import type { ParsedDocument } from './parse';
import { asMap, stringAt } from './yaml-nodes';
import type { ResourceKind } from '../schema';

/** A Job or CronJob document of a file, with its parse and root map. */
export interface JobDocument {
  readonly document: ParsedDocument;
  readonly kind: ResourceKind;
  /** The apiVersion as written, undefined when absent. */
  readonly apiVersion?: string;
  readonly root: YAMLMap;
}

export function isResourceKind(kind: unknown): kind is ResourceKind {
  return kind === 'Job' || kind === 'CronJob';
}

/** A Job/CronJob document (apiVersion batch/*, a built-in group, or none yet), else undefined. */
export function asJobDocument(document: ParsedDocument): JobDocument | undefined {
  const root = asMap(document.yaml.contents);
  if (!root) return undefined;
  const kind = stringAt(root, 'kind');
  if (!isResourceKind(kind)) return undefined;
  const apiVersion = stringAt(root, 'apiVersion');
  // A Job under a custom resource group (batch.volcano.sh/…) is someone else's kind; one under a
  // built-in group (v1, apps/v1, extensions/v1beta1) is ours, with a wrong apiVersion.
  if (apiVersion !== undefined && !apiVersion.startsWith('batch/') && apiVersion.includes('.')) return undefined;
  return { document, kind, apiVersion, root };
}

// The same arrays every time: rules look these paths up for every document.
const JOB_SPEC_PATHS: Readonly<Record<ResourceKind, readonly string[]>> = { Job: ['spec'], CronJob: ['spec', 'jobTemplate', 'spec'] };
const POD_SPEC_PATHS: Readonly<Record<ResourceKind, readonly string[]>> = { Job: ['spec', 'template', 'spec'], CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] };

/** Where the pod template lives for this kind: spec.template or spec.jobTemplate.spec.template. */
export function jobSpecPath(kind: ResourceKind): readonly string[] {
  return JOB_SPEC_PATHS[kind];
}

export function podSpecPath(kind: ResourceKind): readonly string[] {
  return POD_SPEC_PATHS[kind];
}
