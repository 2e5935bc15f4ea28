// How log and status lines look in a run's log channel; syntaxes/kube-jobs-log.tmLanguage.json
// colours exactly these shapes, so change both together.
import type { LogLine } from '../runs/model';

export const LOG_LANGUAGE_ID = 'kube-jobs-log';

/** `[pod/container] text`, or `[pod/container stderr] text`; optionally led by the line's time. */
export function formatLogLine(line: LogLine, withTimestamps: boolean): string {
  const prefix = line.stream === 'stderr' ? `[${line.pod}/${line.container} stderr]` : `[${line.pod}/${line.container}]`;
  return withTimestamps ? `${line.time} ${prefix} ${line.text}` : `${prefix} ${line.text}`;
}

export type StatusTone = 'info' | 'success' | 'failure' | 'warning';

const tonePrefix: Record<StatusTone, string> = { info: '===', success: '=== ✔', failure: '=== ✘', warning: '=== ⚠' };

/** The run's own lines (started, pod finished, Job complete or failed) stand out from container output. */
export function formatStatusLine(text: string, tone: StatusTone = 'info'): string {
  return `${tonePrefix[tone]} ${text}`;
}
