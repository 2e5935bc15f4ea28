// What a field means for this particular Job: the retry sequence, the completion pattern, the
// schedule in words with its next runs, and when the Job disappears.
import cronstrue from 'cronstrue';
import { BACKOFF_START_SECONDS, backoffSeconds, CONTAINER_BACKOFF_CAP_SECONDS, DEFAULT_BACKOFF_LIMIT, POD_BACKOFF_CAP_SECONDS } from '@shared/job-facts';
import { jobSpecPath, type JobDocument } from '../parse/job-document';
import type { PathSegment } from './cursor-context';
import { CRON_MACROS, scheduleProblem } from '../rules/cron-rules';
import { nextRuns } from './next-runs';
import { nodeAt, nodeAtPath, numberAt, stringAt } from '../parse/yaml-nodes';

export function explain(manifest: JobDocument, path: readonly PathSegment[], now: Date): string | undefined {
  const specPath = jobSpecPath(manifest.kind);
  const inJobSpec = path.length === specPath.length + 1 && specPath.every((segment, i) => path[i] === segment);
  const field = path[path.length - 1];
  const spec = nodeAtPath(manifest.root, specPath);
  if (inJobSpec) {
    switch (field) {
      case 'backoffLimit':
        return backoff(spec);
      case 'completions':
      case 'parallelism':
      case 'completionMode':
        return pattern(spec);
      case 'ttlSecondsAfterFinished':
        return ttl(numberAt(spec, 'ttlSecondsAfterFinished'));
      case 'activeDeadlineSeconds': {
        const deadline = numberAt(spec, 'activeDeadlineSeconds');
        return deadline === undefined ? undefined : `After ${duration(deadline)} from its start the Job is failed with reason DeadlineExceeded and its running pods are terminated, whatever backoffLimit says.`;
      }
    }
  }
  const podSpecRestartPolicy = path.length === specPath.length + 3 && path[specPath.length] === 'template' && path[specPath.length + 1] === 'spec';
  if (podSpecRestartPolicy && field === 'restartPolicy') return restartPolicy(stringAt(spec, 'template', 'spec', 'restartPolicy'));
  if (manifest.kind === 'CronJob' && path.length === 2 && path[0] === 'spec') {
    const cronSpec = nodeAt(manifest.root, 'spec');
    switch (field) {
      case 'schedule':
      case 'timeZone':
        return schedule(stringAt(cronSpec, 'schedule'), stringAt(cronSpec, 'timeZone'), now);
      case 'concurrencyPolicy':
        return CONCURRENCY[stringAt(cronSpec, 'concurrencyPolicy') ?? 'Allow'];
      case 'startingDeadlineSeconds': {
        const deadline = numberAt(cronSpec, 'startingDeadlineSeconds');
        return deadline === undefined ? undefined : `A run that cannot start within ${duration(deadline)} of its scheduled time is skipped and counted as missed.`;
      }
    }
  }
  return undefined;
}

const CONCURRENCY: Readonly<Record<string, string>> = {
  Allow: 'Allow (the default): a new Job starts at each scheduled time even if the previous one is still running.',
  Forbid: 'Forbid: a scheduled run is skipped while the previous Job is still running.',
  Replace: 'Replace: at each scheduled time a still-running Job is deleted and the new one starts.',
};

function restartPolicy(value: string | undefined): string | undefined {
  if (value === 'Never') return 'Never: a failed container fails its pod, and the Job controller creates a new pod (10 s, 20 s, 40 s … back-off); each failed pod counts towards backoffLimit.';
  if (value === 'OnFailure') return 'OnFailure: the kubelet restarts a failed container inside the same pod (10 s, 20 s … up to 5 min back-off); each restart counts towards backoffLimit.';
  return undefined;
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const parts: string[] = [];
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ');
}

/** The delays before each retry: 10 s, 20 s, 40 s … capped. */
export function backoffDelays(retries: number, cap: number): number[] {
  const delays: number[] = [];
  for (let i = 0; i < retries; i++) delays.push(backoffSeconds(i + 1, cap));
  return delays;
}

function backoff(spec: unknown): string {
  const written = numberAt(spec, 'backoffLimit');
  const limit = written ?? DEFAULT_BACKOFF_LIMIT;
  const onFailure = stringAt(spec, 'template', 'spec', 'restartPolicy') === 'OnFailure';
  const shown = Math.min(limit, 8);
  const cap = onFailure ? CONTAINER_BACKOFF_CAP_SECONDS : POD_BACKOFF_CAP_SECONDS;
  const delays = backoffDelays(shown, cap).map(duration);
  const sequence = `${delays.join(', ')}${limit > shown ? ', …' : ''}`;
  const lines = [
    `${written === undefined ? `Default ${DEFAULT_BACKOFF_LIMIT}: the` : 'The'} Job fails with reason BackoffLimitExceeded after ${limit + 1} failed attempt${limit === 0 ? '' : 's'} (${limit} retr${limit === 1 ? 'y' : 'ies'}).`,
  ];
  if (limit > 0) {
    lines.push(
      onFailure
        ? `With restartPolicy OnFailure, the kubelet restarts the failed container in the same pod after ${sequence} (capped at ${duration(cap)}); each restart counts.`
        : `Failed pods are replaced after ${sequence} (doubling from ${duration(BACKOFF_START_SECONDS)}, capped at ${duration(cap)}).`,
    );
  }
  return lines.join('\n\n');
}

function pattern(spec: unknown): string {
  const completions = numberAt(spec, 'completions');
  const parallelism = numberAt(spec, 'parallelism');
  const indexed = stringAt(spec, 'completionMode') === 'Indexed';
  const running = parallelism ?? 1;
  if (parallelism === 0) return 'With parallelism 0, no pods run until parallelism is raised.';
  if (completions === undefined && parallelism === undefined) return 'One-shot Job: one pod runs; the Job completes when it succeeds.';
  if (completions === undefined) {
    return `Work queue: ${running} pod${running === 1 ? ' starts' : 's start'} at once; once any pod succeeds no new pods start, and the Job completes when all of them have ended.`;
  }
  const atOnce = Math.min(running, completions);
  if (indexed) return `Indexed Job: indexes 0 to ${completions - 1}, each needs one successful pod (env JOB_COMPLETION_INDEX); ${atOnce} pod${atOnce === 1 ? '' : 's'} at once.`;
  if (completions === 1 && running === 1) return 'One-shot Job: one pod runs; the Job completes when it succeeds.';
  return `Fixed completion count: the Job completes after ${completions} successful pods, running ${atOnce} at once.`;
}

function ttl(seconds: number | undefined): string {
  if (seconds === undefined) return 'Without it, the finished Job, its pods and their logs stay until the Job is deleted.';
  if (seconds === 0) return 'The Job and its pods (with their logs) are deleted as soon as it finishes.';
  return `${duration(seconds)} after the Job finishes (Complete or Failed), the Job and its pods are deleted, and their logs with them.`;
}

// Formatters are costly to build and hovers repeat the same few zones.
const formats = new Map<string, Intl.DateTimeFormat>();

/** "2026-03-02 02:30" in a zone. */
function runTimeFormat(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
    if (formats.size < 100) formats.set(zone, format);
  }
  return format;
}

function schedule(expression: string | undefined, timeZone: string | undefined, now: Date): string | undefined {
  if (expression === undefined || scheduleProblem(expression) !== undefined) return undefined;
  const trimmed = expression.trim();
  if (trimmed.startsWith('@every')) return `Runs ${trimmed.slice(1)}, counted from the previous run.`;
  const cron = CRON_MACROS[trimmed] ?? trimmed;
  const zone = timeZone ?? 'UTC';
  const lines: string[] = [];
  try {
    lines.push(`${cronstrue.toString(cron, { use24HourTimeFormat: true })}${timeZone ? ` (${timeZone})` : ' (in the controller\'s time zone, usually UTC)'}.`);
  } catch {
    // cronstrue does not word every expression the controller accepts; the run times still help.
  }
  try {
    const runs = nextRuns(cron, zone, now, 5);
    const format = runTimeFormat(zone);
    lines.push(`Next runs (${zone}):\n${runs.map((run) => `- ${format.format(run)}`).join('\n')}`);
  } catch {
    // An expression cron-parser cannot iterate simply has no run list.
  }
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}
