// A Job or CronJob without a `spec`: valid in the OpenAPI schema (no field of the root is
// required there), but the API server rejects it, as it validates the pod template it lacks.
import type { Fix } from '../diagnostics';
import type { FindingCollector } from './findings';
import type { JobDocument } from '../parse/job-document';
import type { ResourceKind } from '../schema';
import { isNullNode, nodeSpan, pairOf } from '../parse/yaml-nodes';

const MESSAGES: Record<ResourceKind, string> = {
  Job: 'A Job needs a `spec` with a pod `template`: the API server rejects it without one (spec.template.spec.containers: Required value).',
  CronJob:
    'A CronJob needs a `spec` with a `schedule` and a `jobTemplate`: the API server rejects it without one (spec.schedule: Required value; spec.jobTemplate.spec.template.spec.containers: Required value).',
};

// What the snippets of "New Job from Template" start with, as lines below `spec:`.
const SKELETONS: Record<ResourceKind, string[]> = {
  Job: ['template:', '  spec:', '    restartPolicy: Never', '    containers:', '      - name: main', '        image: busybox:1.36'],
  CronJob: [
    'schedule: "*/5 * * * *"',
    'jobTemplate:',
    '  spec:',
    '    template:',
    '      spec:',
    '        restartPolicy: OnFailure',
    '        containers:',
    '          - name: main',
    '            image: busybox:1.36',
  ],
};

export function checkSpecPresent(manifest: JobDocument, collector: FindingCollector): void {
  const { root, kind } = manifest;
  const spec = pairOf(root, 'spec');
  if (spec && !isNullNode(spec.value)) return;
  const kindKey = pairOf(root, 'kind')?.key;
  collector.report('missing-required', MESSAGES[kind], spec?.key ?? kindKey, { fixes: spec ? undefined : addSpec(manifest, collector) });
}

/** Adds a minimal spec after the last field of a block-style document. */
function addSpec(manifest: JobDocument, collector: FindingCollector): Fix[] | undefined {
  const { root, kind, document } = manifest;
  const end = nodeSpan(root)?.[1];
  const firstKey = root.items[0]?.key;
  if (root.flow || end === undefined || !firstKey) return undefined;
  const indent = ' '.repeat(collector.column(firstKey));
  const lines = ['spec:', ...SKELETONS[kind].map((line) => `  ${line}`)].map((line) => `${indent}${line}\n`);
  const lineBreak = end > 0 && document.text[end - 1] !== '\n' ? '\n' : '';
  const [at] = collector.span([end, end]);
  return [{ title: `Add a minimal spec for this ${kind}`, edits: [{ start: at, end: at, newText: lineBreak + lines.join('') }], preferred: true }];
}
