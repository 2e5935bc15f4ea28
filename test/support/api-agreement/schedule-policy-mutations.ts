// Further mutations of what is most a Job's own, written after the rules like the scheduling and
// security ones: cron expressions and time zones at the edges of the parsers, and policy values
// at their limits.
import type { Base } from './bases';
import { pathText, setAt, type Mutation, type Path } from './cases';

const SCHEDULES = [
  '0 0 * * 7', '0 0 1-31/2 * *', '*/15 9-17 * * 1-5', '0 0 * JAN-DEC *', '0 0 * * SUN-SAT', '0 24 * * *', '0 0 0 * *', '0 0 * 13 *',
  '@reboot', '@every 90s', '@every 0s', '@weekly', '@midnight', '0 0 * * mon', '5-2 * * * *', '0 0 ? * MON', '0 0 1,15 * *', '  0 0 * * *',
  '0 0 31 4 *', '0 0 29 2 *', '*/61 * * * *', '0-59/5 * * * *', 'H 0 * * *', '0 0 * * 1#2',
];
const ZONES = ['Etc/GMT-14', 'America/Argentina/Buenos_Aires', 'US/Eastern', 'GMT', 'Europe/Kyiv', 'EST5EDT', 'Asia/Calcutta', 'europe/Paris', 'Etc/GMT+13', 'Z', 'UTC+1', 'Europe/../Paris'];

export function schedulePolicyMutations(base: Base): Mutation[] {
  const job: Path = base.kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
  const pod: Path = [...job, 'template', 'spec'];
  const out: Mutation[] = [];
  const sets = (category: string, path: Path, ...values: unknown[]) =>
    values.forEach((value) => out.push({ category, what: `${pathText(path)}: ${JSON.stringify(value)}`, apply: (m) => setAt(m, path, value) }));
  if (base.kind === 'CronJob') {
    sets('cron', ['spec', 'schedule'], ...SCHEDULES);
    sets('cron', ['spec', 'timeZone'], ...ZONES);
    sets('cron', ['spec', 'successfulJobsHistoryLimit'], 0);
    sets('cron', ['spec', 'startingDeadlineSeconds'], 2_147_483_648);
  }
  const indexed = (what: string, edits: [Path, unknown][]) =>
    out.push({
      category: 'combination',
      what,
      apply: (m) => {
        setAt(m, [...job, 'completionMode'], 'Indexed');
        setAt(m, [...job, 'completions'], 4);
        setAt(m, [...pod, 'restartPolicy'], 'Never');
        for (const [path, value] of edits) setAt(m, path, value);
      },
    });
  indexed('succeededIndexes 0-2,3', [[[...job, 'successPolicy'], { rules: [{ succeededIndexes: '0-2,3' }] }]]);
  indexed('succeededIndexes 2-1', [[[...job, 'successPolicy'], { rules: [{ succeededIndexes: '2-1' }] }]]);
  indexed('succeededIndexes 0-3 with succeededCount 4', [[[...job, 'successPolicy'], { rules: [{ succeededIndexes: '0-3', succeededCount: 4 }] }]]);
  indexed('maxFailedIndexes 0', [[[...job, 'backoffLimitPerIndex'], 0], [[...job, 'maxFailedIndexes'], 0]]);
  indexed('FailIndex with backoffLimitPerIndex', [[[...job, 'backoffLimitPerIndex'], 1], [[...job, 'podFailurePolicy'], { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }]]);
  indexed('255 exit codes', [[[...job, 'podFailurePolicy'], { rules: [{ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: Array.from({ length: 255 }, (_, i) => i + 1) } }] }]]);
  indexed('20 pod failure rules', [[[...job, 'podFailurePolicy'], { rules: Array.from({ length: 20 }, () => ({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] })) }]]);
  indexed('21 onPodConditions patterns', [[[...job, 'podFailurePolicy'], { rules: [{ action: 'Ignore', onPodConditions: Array.from({ length: 21 }, () => ({ type: 'DisruptionTarget' })) }] }]]);
  indexed('an exit code of 256', [[[...job, 'podFailurePolicy'], { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [256] } }] }]]);
  indexed('a negative exit code', [[[...job, 'podFailurePolicy'], { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [-1] } }] }]]);
  indexed('an init container named in onExitCodes', [
    [[...pod, 'initContainers'], [{ name: 'prepare', image: 'busybox:1.36' }]],
    [[...job, 'podFailurePolicy'], { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'prepare', operator: 'In', values: [1] } }] }],
  ]);
  sets('combination', [...job, 'managedBy'], 'kubernetes.io/other', 'example.com/a b', 'example.com/');
  sets('range', [...job, 'ttlSecondsAfterFinished'], 2_147_483_647);
  sets('range', [...job, 'completions'], 100_001);
  return out;
}
