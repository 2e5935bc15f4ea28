// What the engine says of a container, read and reported to the Job controller as runtime
// events: started, exited (with its exit code, termination message and OOMKilled), or failed to
// start. Reports of one instance go out in order, started always before exited.
import type Docker from 'dockerode';
import type { Emitter } from '../emitter';
import type { RuntimeEvent } from '../pod-runtime';
import { messageOf, statusOf } from './docker-client';
import { instanceName } from './labels';
import type { Instance, Pod } from './runtime-pods';
import { terminationFileText, terminationMessage } from './termination-message';

// The engine's "oom" event can come a moment after "die" (and after an inspect that does not
// show OOMKilled yet): an exit 137 under a memory limit waits this long for it.
const LATE_OOM_EVENT_MS = 1500;

export class ContainerReports {
  constructor(
    private readonly docker: Docker,
    private readonly events: Emitter<RuntimeEvent>,
    private readonly options: { directFileAccess: boolean },
    /** Once a container exited: its pod's sandbox may idle out. */
    private readonly scheduleIdleStop: (pod: Pod) => void,
  ) {}

  enqueue(instance: Instance, step: () => Promise<void>): void {
    instance.work = instance.work.then(step).catch((error: unknown) => {
      this.events.fire({ type: 'warning', pod: '', reason: 'RuntimeError', message: `container ${instance.id.slice(0, 12)}: ${messageOf(error)}` });
    });
  }

  /** Whether the instance was killed for its memory limit, waiting a moment for a late "oom" event when an exit 137 suggests it. */
  private async oomKilled(instance: Instance, state: { ExitCode: number; OOMKilled: boolean }): Promise<boolean> {
    if (state.OOMKilled || instance.oomKilled) return true;
    if (state.ExitCode !== 137 || instance.stopRequested || instance.container.resources?.limits?.memory === undefined) return false;
    const seen = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), LATE_OOM_EVENT_MS);
      instance.onOom = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    instance.onOom = undefined;
    if (seen) return true;
    // On a busy engine the event can be later still: by now its own record may know.
    const again = await this.docker.getContainer(instance.id).inspect().catch(() => undefined);
    return again?.State.OOMKilled === true;
  }

  reportStarted(pod: Pod, instance: Instance, startedAt: string): Promise<void> {
    if (!instance.started && !instance.exited) {
      instance.started = true;
      this.events.fire({ type: 'containerStarted', pod: pod.launch.podName, container: instance.container.name, startedAt, attempt: instance.restartCount });
    }
    return Promise.resolve();
  }

  async reportExit(pod: Pod, instance: Instance): Promise<void> {
    if (instance.exited) return;
    // Read beside the inspect: the process has ended, and the exit is reported sooner.
    const localFile = this.options.directFileAccess ? `${pod.terminationPath}/${instanceName(pod.launch.podName, instance.container.name, instance.restartCount)}` : undefined;
    const fileText = terminationFileText(this.docker, instance.id, instance.container, localFile).catch(() => '');
    let state: { ExitCode: number; OOMKilled: boolean; StartedAt: string; FinishedAt: string; Running: boolean };
    try {
      state = (await this.docker.getContainer(instance.id).inspect()).State;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      // Removed behind the runtime's back: report it gone rather than leave the pod running forever.
      state = { ExitCode: 137, OOMKilled: false, StartedAt: '', FinishedAt: new Date().toISOString(), Running: false };
    }
    if (state.Running || instance.exited) return;
    const podName = pod.launch.podName;
    const container = instance.container.name;
    const finishedAt = validTime(state.FinishedAt) ?? new Date().toISOString();
    // Docker records StartedAt after its start call returns, which can be after a quick process ended.
    const started = validTime(state.StartedAt);
    const startedAt = started && Date.parse(started) > Date.parse(finishedAt) ? finishedAt : started;
    if (!instance.started) {
      instance.started = true;
      this.events.fire({ type: 'containerStarted', pod: podName, container, startedAt: startedAt ?? new Date().toISOString(), attempt: instance.restartCount });
    }
    const [message, oomKilled] = await Promise.all([terminationMessage(this.docker, instance.id, instance.container, state.ExitCode, await fileText).catch(() => undefined), this.oomKilled(instance, state)]);
    instance.exited = true;
    this.events.fire({
      type: 'containerExited',
      pod: podName,
      container,
      attempt: instance.restartCount,
      exitCode: state.ExitCode,
      oomKilled,
      startedAt,
      finishedAt,
      message,
    });
    this.scheduleIdleStop(pod);
  }

  async reportStartFailure(pod: Pod, instance: Instance, message: string): Promise<void> {
    if (instance.exited) return;
    const state = await this.docker
      .getContainer(instance.id)
      .inspect()
      .then((info) => info.State)
      .catch(() => undefined);
    instance.exited = true;
    this.events.fire({
      type: 'containerExited',
      pod: pod.launch.podName,
      container: instance.container.name,
      attempt: instance.restartCount,
      exitCode: state?.ExitCode ? state.ExitCode : 128,
      oomKilled: false,
      finishedAt: validTime(state?.FinishedAt) ?? new Date().toISOString(),
      message,
    });
    this.scheduleIdleStop(pod);
  }

  async reportAdopted(pod: Pod, instance: Instance): Promise<void> {
    const state = await this.docker
      .getContainer(instance.id)
      .inspect()
      .then((info) => info.State)
      .catch(() => undefined);
    if (state?.Running) return this.reportStarted(pod, instance, validTime(state.StartedAt) ?? new Date().toISOString());
    return this.reportExit(pod, instance);
  }
}

/** Docker writes "0001-01-01T00:00:00Z" for a time that never happened. */
function validTime(time: string | undefined): string | undefined {
  return time && !time.startsWith('0001-') ? time : undefined;
}
