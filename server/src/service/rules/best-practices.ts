// Advice the popular linters give for Jobs, minus their false positives: no probe or
// restartPolicy warnings (a Job's pods neither serve traffic nor restart forever).
import type { FindingCollector } from './findings';
import { jobSpecPath, podSpecPath, type JobDocument } from '../parse/job-document';
import { asMap, nodeAt, nodeAtPath, pairOf, seqItems, stringAt } from '../parse/yaml-nodes';

export function checkBestPractices(manifest: JobDocument, collector: FindingCollector): void {
  const spec = asMap(nodeAtPath(manifest.root, jobSpecPath(manifest.kind)));
  if (manifest.kind === 'Job' && spec && pairOf(spec, 'ttlSecondsAfterFinished') === undefined) {
    const first = spec.items[0]?.key;
    const at = collector.lineStart(first);
    collector.report(
      'missing-ttl',
      'No `ttlSecondsAfterFinished`: the finished Job and its pods stay until someone deletes them.',
      pairOf(manifest.root, 'spec')?.key,
      { fixes: at >= 0 ? [{ title: 'Add ttlSecondsAfterFinished: 3600', edits: [{ start: at, end: at, newText: `${' '.repeat(collector.column(first))}ttlSecondsAfterFinished: 3600\n` }] }] : undefined },
    );
  }
  if (manifest.kind === 'CronJob') {
    const cronSpec = nodeAt(manifest.root, 'spec');
    const schedule = pairOf(cronSpec, 'schedule');
    if (schedule && pairOf(cronSpec, 'startingDeadlineSeconds') === undefined) {
      collector.report('missing-starting-deadline', 'No `startingDeadlineSeconds`: after a controller outage, missed runs may start late or, past 100 misses, never.', schedule.key);
    }
  }
  const podSpec = nodeAtPath(manifest.root, podSpecPath(manifest.kind));
  const initContainers = seqItems(nodeAt(podSpec, 'initContainers'));
  for (let i = 0; i < initContainers.length; i++) checkContainer(initContainers[i], collector);
  const containers = seqItems(nodeAt(podSpec, 'containers'));
  for (let i = 0; i < containers.length; i++) checkContainer(containers[i], collector);
}

function checkContainer(container: unknown, collector: FindingCollector): void {
  const image = stringAt(container, 'image');
  const label = stringAt(container, 'name') ?? 'container';
  if (image !== undefined && isLatest(image) && pairOf(container, 'imagePullPolicy') === undefined) {
    collector.report('latest-image', `"${image}" is a :latest image without imagePullPolicy: it defaults to Always, so every pod pulls it again and runs may use different images.`, nodeAt(container, 'image'));
  }
  if (nodeAt(container, 'resources', 'limits') === undefined) {
    collector.report('missing-resource-limits', `Container "${label}" has no resource limits: one run can take all of a node's memory or CPU.`, nodeAt(container, 'name') ?? asMap(container)?.items[0]?.key);
  }
}

function isLatest(image: string): boolean {
  if (image.includes('@')) return false;
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.indexOf(':');
  return colon < 0 || lastPart.slice(colon + 1) === 'latest';
}
