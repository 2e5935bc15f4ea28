// A Job deleted before its final status was seen (a quick Job with ttlSecondsAfterFinished: 0,
// gone before the first list; a watch that came back after the deletion): the Job controller's
// events about it outlive it and say how it ended.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { ClusterConnection } from './cluster-connection';
import type { JobCondition } from '../model';
import { rfc3339 } from './times';

/** Reasons of the Job controller's Warning events that fail a Job (the Failed condition's reasons). */
const FAILURE_REASONS = new Set(['BackoffLimitExceeded', 'DeadlineExceeded', 'PodFailurePolicy', 'MaxFailedIndexesExceeded', 'FailedIndexes']);

/** The terminal condition the events of one Job tell, if they tell one. */
export function outcomeOfEvents(events: readonly CoreV1Event[]): JobCondition | undefined {
  for (const event of events) {
    const reason = event.reason ?? '';
    const failed = event.type === 'Warning' && FAILURE_REASONS.has(reason);
    if (!failed && !(event.type === 'Normal' && reason === 'Completed')) continue;
    const time = rfc3339(event.lastTimestamp) ?? rfc3339(event.eventTime as Date | string | undefined) ?? rfc3339(event.firstTimestamp) ?? '';
    return { type: failed ? 'Failed' : 'Complete', status: 'True', reason, ...(event.message ? { message: event.message } : {}), lastTransitionTime: time };
  }
  return undefined;
}

/** Reads the events of the Job with this uid and the outcome they tell. */
export async function readOutcomeFromEvents(connection: ClusterConnection, namespace: string, jobName: string, uid: string): Promise<JobCondition | undefined> {
  const list = await connection.call(`list the events of job/${jobName}`, () => connection.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.uid=${uid}` }));
  return outcomeOfEvents(list.items);
}
