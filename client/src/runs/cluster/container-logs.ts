// The log lines of one container instance of a pod, followed across dropped connections.
// A stream that was cut is reopened from the last timestamp seen (the repeated lines are
// skipped); if the instance ended meanwhile, the rest is read once without following (from the
// previous instance if the container was restarted), and tried again while the API server does
// not answer (a restart). A stream that ended cleanly ends the instance's output, once the pod's
// state confirms it.
import type { LogLine, LogOptions } from '../model';
import type { ClusterConnection } from './cluster-connection';
import { openLogRequest } from './log-request';
import { LogPosition, responseLines, splitTimestamp } from './log-lines';
import { isUnanswered, reconnectDelayMs, type ClusterError } from './cluster-errors';

/** The container instance whose output is read, as the pod watch sees it now. */
export type InstanceState = 'waiting' | 'running' | 'terminated' | 'restarted' | 'gone';

export interface ContainerWatch {
  instance(): InstanceState;
  /** Resolves at the pod's next change. */
  changed(): Promise<void>;
}

export interface ContainerLogRequest {
  connection: ClusterConnection;
  namespace: string;
  pod: string;
  container: string;
  watch: ContainerWatch;
  options: LogOptions;
  /** Counts reopened streams, for tests and diagnostics. */
  onResume?: () => void;
}

/** How long the pod watch may lag behind a log stream's end before the stream is reopened. */
const WATCH_LAG_MS = 2000;
/** A cut stream is reopened while the API server does not answer (restarting, a blip) for so long, before the failure is reported. */
const REOPEN_GIVE_UP_MS = 120_000;

export async function* containerLogLines(request: ContainerLogRequest): AsyncGenerator<LogLine> {
  const { connection, namespace, pod, container, watch, options } = request;
  const position = new LogPosition();
  let follow = options.follow === true && options.previous !== true;
  let previous = options.previous === true;
  let opened = 0;
  let unanswered: { since: number; attempts: number } | undefined;
  while (true) {
    if (!previous && watch.instance() === 'waiting') {
      await watch.changed();
      continue;
    }
    const abort = new AbortController();
    let response;
    try {
      response = await openLogRequest(connection, { namespace, pod, container, follow, previous, sinceTime: position.since ?? options.since }, abort.signal);
    } catch (error) {
      const failure = error as ClusterError;
      if (opened > 0 && (failure.status === 404 || watch.instance() === 'gone')) return;
      // A stream was cut because the API server went away: try again until it is back.
      if (opened > 0 && isUnanswered(failure)) {
        unanswered ??= { since: Date.now(), attempts: 0 };
        if (Date.now() - unanswered.since < REOPEN_GIVE_UP_MS) {
          await delay(reconnectDelayMs(++unanswered.attempts));
          continue;
        }
      }
      // Not started after all (the watch was ahead of the kubelet): wait for the next change.
      if (failure.status === 400 && !previous && watch.instance() === 'running') {
        await settle(watch);
        continue;
      }
      throw error;
    }
    unanswered = undefined;
    if (opened++ > 0) {
      position.resume();
      request.onResume?.();
    }
    try {
      for await (const raw of responseLines(response)) {
        const line = splitTimestamp(raw);
        if (position.accept(line)) yield { pod, container, stream: 'stdout', text: line.text, time: line.time };
      }
    } catch {
      // The connection dropped: handled below.
    } finally {
      abort.abort();
    }
    const cut = !response.complete;
    if (!follow) {
      if (cut && watch.instance() !== 'gone') continue;
      return;
    }
    if (!cut) {
      // The kubelet ends a followed stream when the container exits: let the pod watch confirm.
      await settle(watch);
    }
    const state = watch.instance();
    if (state === 'gone') return;
    if (state === 'terminated' || state === 'restarted') {
      if (!cut && state === 'terminated') return;
      // Read what the cut stream missed, once, from the instance that just ended.
      follow = false;
      previous = state === 'restarted';
    }
  }
}

/** Waits until the watched instance is no longer running, or the watch had time to say so. */
async function settle(watch: ContainerWatch): Promise<void> {
  const deadline = Date.now() + WATCH_LAG_MS;
  while (watch.instance() === 'running' || watch.instance() === 'waiting') {
    const left = deadline - Date.now();
    if (left <= 0) return;
    await Promise.race([watch.changed(), new Promise<void>((resolve) => setTimeout(resolve, left).unref())]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
