// "Describe": a run as `kubectl describe job` shows it, for local and cluster runs alike —
// the spec in brief, the status, conditions, every pod with its containers' exit codes, events.
// Environment values that come from Secrets are named, never shown.
import { DEFAULT_BACKOFF_LIMIT } from '@shared/job-facts';
import { finishedCondition, type ContainerModel, type ContainerState, type PodModel, type Run } from '../runs/model';
import { explainFailure } from '../runs/run-summary';
import { formatDuration } from '../views/run-presentation';

interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name?: string; key?: string }; configMapKeyRef?: { name?: string; key?: string }; fieldRef?: { fieldPath?: string } };
}

interface ContainerSpec {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
}

const LABEL_WIDTH = 26;

function row(label: string, value: string | number | undefined, indent = ''): string {
  // A label longer than the column still keeps two spaces before its value.
  return `${indent}${`${label}:`.padEnd(Math.max(LABEL_WIDTH - indent.length, label.length + 3))}${value ?? '<unset>'}`;
}

/** Columns as kubectl's tabwriter sets them: each as wide as its widest cell, then three spaces; a dashed rule under the header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string[] {
  const rule = header.map((h) => '-'.repeat(h.length));
  const all = [header, rule, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((cells) => (cells[column] ?? '').length)));
  return all.map((cells) => `${indent}${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] + 3))).join('')}`.trimEnd());
}

function map(values: Record<string, string> | undefined, indent = ''): string {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return '<none>';
  return entries.map(([k, v], i) => `${i === 0 ? '' : ' '.repeat(LABEL_WIDTH) + indent}${k}=${v}`).join('\n');
}

function envValue(env: EnvVar): string {
  const from = env.valueFrom;
  if (from?.secretKeyRef) return `<set to the key '${from.secretKeyRef.key ?? ''}' in secret '${from.secretKeyRef.name ?? ''}'>`;
  if (from?.configMapKeyRef) return `<set to the key '${from.configMapKeyRef.key ?? ''}' of config map '${from.configMapKeyRef.name ?? ''}'>`;
  if (from?.fieldRef) return `(${from.fieldRef.fieldPath ?? ''})`;
  return env.value ?? '';
}

function stateText(state: ContainerState, now: number): string[] {
  if ('running' in state) return [`Running (started ${formatDuration(now - Date.parse(state.running.startedAt))} ago)`];
  if ('waiting' in state) return [`Waiting: ${state.waiting.reason}`, ...(state.waiting.message ? [`  Message: ${state.waiting.message}`] : [])];
  const t = state.terminated;
  return [
    `Terminated: ${t.reason}, exit code ${t.exitCode}${t.signal ? `, signal ${t.signal}` : ''}`,
    ...(t.startedAt ? [`  Started:  ${t.startedAt}`] : []),
    `  Finished: ${t.finishedAt}`,
    ...(t.message ? [`  Message:  ${t.message.trim()}`] : []),
  ];
}

function containerBlock(container: ContainerModel, now: number): string[] {
  const lines = [`    ${container.name}${container.role === 'main' ? '' : ` (${container.role})`}:`, row('Image', container.image, '      ')];
  const [first, ...rest] = stateText(container.state, now);
  lines.push(row('State', first, '      '), ...rest.map((l) => `${' '.repeat(LABEL_WIDTH)}${l}`));
  if (container.lastState) {
    const [last, ...lastRest] = stateText(container.lastState, now);
    lines.push(row('Last State', last, '      '), ...lastRest.map((l) => `${' '.repeat(LABEL_WIDTH)}${l}`));
  }
  lines.push(row('Ready', String(container.ready), '      '), row('Restart Count', container.restartCount, '      '));
  return lines;
}

function podBlock(pod: PodModel, now: number): string[] {
  const head = `  ${pod.name}`;
  const lines = [head, row('Phase', `${pod.phase}${pod.reason ? ` (${pod.reason})` : ''}`, '    ')];
  if (pod.index !== undefined) lines.push(row('Completion Index', pod.index, '    '));
  lines.push(row('Node', pod.node, '    '), row('Created', `${pod.createdAt} (${formatDuration(now - Date.parse(pod.createdAt))} ago)`, '    '));
  if (pod.message) lines.push(row('Message', pod.message, '    '));
  lines.push('    Containers:');
  for (const c of [...pod.initContainers, ...pod.containers]) lines.push(...containerBlock(c, now));
  return lines;
}

function templateBlock(run: Run): string[] {
  const spec = (run.job.spec ?? {}) as { template?: { spec?: { restartPolicy?: string; containers?: ContainerSpec[]; initContainers?: ContainerSpec[] } } };
  const podSpec = spec.template?.spec ?? {};
  const lines = ['Pod Template:', row('Restart Policy', podSpec.restartPolicy, '  '), '  Containers:'];
  for (const c of [...(podSpec.initContainers ?? []), ...(podSpec.containers ?? [])]) {
    lines.push(`    ${c.name ?? '<unnamed>'}:`, row('Image', c.image, '      '));
    if (c.command) lines.push(row('Command', c.command.join(' '), '      '));
    if (c.args) lines.push(row('Args', c.args.join(' '), '      '));
    if (c.env?.length) {
      lines.push('      Environment:');
      for (const env of c.env) lines.push(`        ${env.name ?? ''}:  ${envValue(env)}`);
    }
  }
  return lines;
}

export function describeRun(run: Run, targetLabel: string, now = Date.now()): string {
  const spec = (run.job.spec ?? {}) as Record<string, unknown>;
  const metadata = (run.job.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  const { status } = run;
  const lines = [
    row('Name', run.jobName),
    row('Namespace', run.namespace),
    row('Target', targetLabel),
    ...(run.cronJobName ? [row('Created By', `CronJob/${run.cronJobName}`)] : []),
    row('Labels', map(metadata.labels)),
    row('Annotations', map(metadata.annotations)),
    row('Parallelism', (spec.parallelism as number | undefined) ?? 1),
    row('Completions', (spec.completions as number | undefined) ?? (spec.parallelism === undefined ? 1 : '<unset>')),
    row('Completion Mode', (spec.completionMode as string | undefined) ?? 'NonIndexed'),
    row('Suspend', String(spec.suspend ?? false)),
    row('Backoff Limit', (spec.backoffLimit as number | undefined) ?? DEFAULT_BACKOFF_LIMIT),
  ];
  if (spec.activeDeadlineSeconds !== undefined) lines.push(row('Active Deadline Seconds', `${String(spec.activeDeadlineSeconds)}s`));
  if (spec.ttlSecondsAfterFinished !== undefined) lines.push(row('TTL After Finished', `${String(spec.ttlSecondsAfterFinished)}s`));
  lines.push(row('Start Time', status.startTime ?? '<not started>'));
  if (status.completionTime) lines.push(row('Completed At', status.completionTime));
  const end = status.completionTime ?? finishedCondition(status)?.lastTransitionTime;
  if (status.startTime) lines.push(row('Duration', formatDuration((end ? Date.parse(end) : now) - Date.parse(status.startTime))));
  lines.push(row('Pods Statuses', `${status.active} Active (${status.ready} Ready) / ${status.succeeded} Succeeded / ${status.failed} Failed`));
  if (status.completedIndexes !== undefined) lines.push(row('Completed Indexes', status.completedIndexes || '<none>'));
  if (status.failedIndexes !== undefined) lines.push(row('Failed Indexes', status.failedIndexes || '<none>'));
  lines.push(...templateBlock(run));

  lines.push('Conditions:');
  if (status.conditions.length === 0) lines.push('  <none>');
  else lines.push(...table(['Type', 'Status', 'Reason', 'Message'], status.conditions.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? ''])));
  const failure = explainFailure(run);
  if (failure.length > 0) lines.push('Why It Failed:', ...failure.map((l) => `  ${l}`));

  lines.push('Pods:');
  if (run.pods.length === 0) lines.push('  <none>');
  for (const pod of run.pods) lines.push(...podBlock(pod, now));

  lines.push('Events:');
  if (run.events.length === 0) lines.push('  <none>');
  else {
    const rows = run.events.map((e) => [e.type, e.reason, formatDuration(now - Date.parse(e.time)), e.involvedObject, `${e.message}${e.count && e.count > 1 ? ` (x${e.count})` : ''}`]);
    lines.push(...table(['Type', 'Reason', 'Age', 'Object', 'Message'], rows));
  }
  return `${lines.join('\n')}\n`;
}
