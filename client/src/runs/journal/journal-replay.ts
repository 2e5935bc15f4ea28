// Rebuilds a run's controller from its journal, and works out what the process that wrote it
// had asked the runtime to do without seeing the result: the new process carries that out.
import { JobController, type ControllerInput, type RuntimeAction } from '../controller/job-controller';
import type { PodLaunch, RuntimeEvent } from '../pod-runtime';
import type { Journal, JournalHeader } from './run-journal';
import type { RecordedDraws } from './recorded-draws';

export function controllerFor(header: JournalHeader, draws: RecordedDraws): JobController {
  return new JobController({
    job: header.job,
    runId: header.runId,
    namespace: header.namespace,
    jobUid: header.jobUid,
    configMaps: header.configMaps,
    secrets: header.secrets,
    backoffScale: header.backoffScale,
    engineLostTimeoutMs: header.engineLostTimeoutMs,
    // Journaled runs are the local Docker engine's.
    target: 'docker',
    nameSuffix: draws.nameSuffix,
    newUid: draws.newUid,
  });
}

export interface Replayed {
  controller: JobController;
  /** Actions whose outcome the journal does not hold, in the order they were asked for. */
  pending: RuntimeAction[];
  /** Pods created and not ended: the runtime must take them over. */
  livePods: PodLaunch[];
  /** Container starts and exits already told to the controller (see seenKey). */
  seen: Set<string>;
  /** When the controller last wanted to be woken. */
  wakeAt?: number;
}

/** Identifies a start or exit of one run of a container, so that it is never fed twice. */
export function seenKey(event: RuntimeEvent): string | undefined {
  if ((event.type !== 'containerStarted' && event.type !== 'containerExited') || event.attempt === undefined) return undefined;
  return `${event.type}|${event.pod}|${event.container}|${event.attempt}`;
}

export function replayJournal(journal: Journal, draws: RecordedDraws): Replayed {
  const controller = controllerFor(journal.header, draws);
  const pending = new Map<string, RuntimeAction>();
  const launches = new Map<string, PodLaunch>();
  const created = new Set<string>();
  const seen = new Set<string>();
  let wakeAt: number | undefined;
  for (const entry of journal.entries) {
    draws.replay(entry.draws);
    const output = controller.handle(entry.input, entry.at);
    draws.flush();
    settle(entry.input, pending, created, seen);
    for (const action of output.actions) {
      if (action.kind === 'createPod') launches.set(action.launch.podName, action.launch);
      pending.set(actionKey(action), action);
    }
    wakeAt = output.wakeAt;
  }
  const ended = new Set(controller.snapshot().pods.filter((p) => p.phase === 'Succeeded' || p.phase === 'Failed').map((p) => p.name));
  const livePods = [...launches.values()].filter((launch) => created.has(launch.podName) && !ended.has(launch.podName));
  return { controller, pending: [...pending.values()], livePods, seen, wakeAt };
}

/** Drops the pending actions this input reports the outcome of. */
function settle(input: ControllerInput, pending: Map<string, RuntimeAction>, created: Set<string>, seen: Set<string>): void {
  switch (input.type) {
    case 'podCreated':
      created.add(input.pod);
      pending.delete(pendingKey.create(input.pod));
      return;
    case 'containersStopped':
      pending.delete(pendingKey.stop(input.pod, input.containers));
      return;
    case 'actionFailed':
      pending.delete(actionKey(input.action));
      return;
    case 'runtime': {
      const event = input.event;
      if (event.type === 'containerStarted' || event.type === 'containerExited' || event.type === 'containerNotStarted') {
        pending.delete(pendingKey.start(event.pod, event.container));
      }
      const key = seenKey(event);
      if (key) seen.add(key);
      return;
    }
    default:
      return;
  }
}

/** Keys of pending actions, one scheme for an action and for the input that answers it. */
const pendingKey = {
  create: (pod: string) => `createPod|${pod}`,
  start: (pod: string, container: string) => `startContainer|${pod}|${container}`,
  stop: (pod: string, containers: readonly string[] | undefined) => `stopContainers|${pod}|${containers?.join(',') ?? '*'}`,
  remove: (pod: string) => `removePod|${pod}`,
};

function actionKey(action: RuntimeAction): string {
  switch (action.kind) {
    case 'createPod':
      return pendingKey.create(action.launch.podName);
    case 'startContainer':
      return pendingKey.start(action.pod, action.container);
    case 'stopContainers':
      return pendingKey.stop(action.pod, action.containers);
    case 'removePod':
      return pendingKey.remove(action.pod);
  }
}
