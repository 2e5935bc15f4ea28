// Maps the API's Job, Pod and Event objects onto the Run model shared with the local runner.
import type { CoreV1Event, V1Container, V1ContainerState, V1ContainerStatus, V1Job, V1Pod } from '@kubernetes/client-node';
import type { ContainerModel, ContainerRole, ContainerState, JobCondition, JobConditionType, PodModel, PodPhase, RunEvent, RunStatus } from '../model';
import { COMPLETION_INDEX_KEY } from '@shared/job-facts';
import { rfc3339 } from './times';

const CONDITION_TYPES: readonly JobConditionType[] = ['Complete', 'Failed', 'Suspended', 'SuccessCriteriaMet', 'FailureTarget'];

export function runStatusOf(job: V1Job): RunStatus {
  const status = job.status ?? {};
  const conditions: JobCondition[] = (status.conditions ?? [])
    .filter((c) => (CONDITION_TYPES as readonly string[]).includes(c.type))
    .map((c) => ({
      type: c.type as JobConditionType,
      status: c.status === 'True' ? 'True' : 'False',
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
      lastTransitionTime: rfc3339(c.lastTransitionTime) ?? rfc3339(c.lastProbeTime) ?? '',
    }));
  return {
    active: status.active ?? 0,
    ready: status.ready ?? 0,
    succeeded: status.succeeded ?? 0,
    failed: status.failed ?? 0,
    terminating: status.terminating ?? 0,
    ...(status.startTime ? { startTime: rfc3339(status.startTime) } : {}),
    ...(status.completionTime ? { completionTime: rfc3339(status.completionTime) } : {}),
    ...(status.completedIndexes ? { completedIndexes: status.completedIndexes } : {}),
    ...(status.failedIndexes ? { failedIndexes: status.failedIndexes } : {}),
    conditions,
  };
}

function stateOf(state: V1ContainerState | undefined): ContainerState | undefined {
  if (state?.terminated) {
    const t = state.terminated;
    return {
      terminated: {
        exitCode: t.exitCode,
        reason: t.reason ?? (t.exitCode === 0 ? 'Completed' : 'Error'),
        ...(t.message ? { message: t.message } : {}),
        ...(t.signal !== undefined ? { signal: t.signal } : {}),
        ...(t.startedAt ? { startedAt: rfc3339(t.startedAt) } : {}),
        finishedAt: rfc3339(t.finishedAt) ?? '',
      },
    };
  }
  if (state?.running) return { running: { startedAt: rfc3339(state.running.startedAt) ?? '' } };
  if (state?.waiting) return { waiting: { reason: state.waiting.reason ?? 'Waiting', ...(state.waiting.message ? { message: state.waiting.message } : {}) } };
  return undefined;
}

function containerOf(spec: V1Container & { restartPolicy?: string }, status: V1ContainerStatus | undefined, role: ContainerRole): ContainerModel {
  const lastState = stateOf(status?.lastState);
  return {
    name: spec.name,
    image: spec.image ?? status?.image ?? '',
    role,
    state: stateOf(status?.state) ?? { waiting: { reason: 'Pending' } },
    ...(lastState ? { lastState } : {}),
    restartCount: status?.restartCount ?? 0,
    ready: status?.ready ?? false,
  };
}

export function podModelOf(pod: V1Pod): PodModel {
  const metadata = pod.metadata ?? {};
  const annotations = metadata.annotations ?? {};
  const labels = metadata.labels ?? {};
  const index = annotations[COMPLETION_INDEX_KEY] ?? labels[COMPLETION_INDEX_KEY];
  const status = pod.status ?? {};
  const statuses = (list: V1ContainerStatus[] | undefined, name: string) => list?.find((s) => s.name === name);
  const initContainers = (pod.spec?.initContainers ?? []).map((c) =>
    containerOf(c, statuses(status.initContainerStatuses, c.name), (c as { restartPolicy?: string }).restartPolicy === 'Always' ? 'sidecar' : 'init'),
  );
  const containers = (pod.spec?.containers ?? []).map((c) => containerOf(c, statuses(status.containerStatuses, c.name), 'main'));
  const phase = (['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const).includes(status.phase as PodPhase) ? (status.phase as PodPhase) : 'Pending';
  const finishedTimes = [...initContainers, ...containers].map((c) => ('terminated' in c.state ? c.state.terminated.finishedAt : '')).filter(Boolean).sort();
  const unscheduled = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return {
    name: metadata.name ?? '',
    uid: metadata.uid ?? '',
    ...(index !== undefined && index !== '' ? { index: Number(index) } : {}),
    phase,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(status.reason || unscheduled?.reason ? { reason: status.reason ?? unscheduled?.reason } : {}),
    ...(status.message || unscheduled?.message ? { message: status.message ?? unscheduled?.message } : {}),
    createdAt: rfc3339(metadata.creationTimestamp) ?? '',
    ...(status.startTime ? { startTime: rfc3339(status.startTime) } : {}),
    ...((phase === 'Succeeded' || phase === 'Failed') && finishedTimes.length > 0 ? { finishedAt: finishedTimes[finishedTimes.length - 1] } : {}),
    ...(metadata.deletionTimestamp ? { deletionTimestamp: rfc3339(metadata.deletionTimestamp) } : {}),
    labels,
    annotations,
    initContainers,
    containers,
  };
}

export function runEventOf(event: CoreV1Event): RunEvent {
  const involved = event.involvedObject ?? {};
  return {
    type: event.type === 'Warning' ? 'Warning' : 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    involvedObject: `${(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`,
    time: rfc3339(event.lastTimestamp) ?? rfc3339(event.eventTime as Date | string | undefined) ?? rfc3339(event.firstTimestamp) ?? rfc3339(event.metadata?.creationTimestamp) ?? '',
    ...(event.count !== undefined ? { count: event.count } : {}),
  };
}
