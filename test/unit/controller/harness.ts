// Starts a local run on the fake runtime and the manual clock, and reads what happened.
import { parse } from 'yaml';
import { ManualClock } from '../../../client/src/runs/controller/clock';
import { startLocalRun, type LocalRunHandle, type LocalRunOptions } from '../../../client/src/runs/local-runner';
import type { KubeObject } from '../../../client/src/runs/manifest';
import type { RunChange, RunEvent } from '../../../client/src/runs/model';
import { FakeRuntime, type Script } from './fake-runtime';

export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);

/** Predictable pod name suffixes from the Kubernetes name alphabet: bbbbb, bbbbc, … */
export function suffixes(): () => string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let n = 0;
  return () => {
    let value = n++;
    let suffix = '';
    for (let i = 0; i < 5; i++) {
      suffix = alphabet[value % alphabet.length] + suffix;
      value = Math.floor(value / alphabet.length);
    }
    return suffix;
  };
}

export interface Scenario {
  clock: ManualClock;
  runtime: FakeRuntime;
  handle: LocalRunHandle;
  changes: RunChange[];
  /** Moves simulated time on by that many seconds. */
  advance(seconds: number): Promise<void>;
  /** Event reasons in order, with the second (from the start) each happened at. */
  eventLog(filter?: (e: RunEvent) => boolean): string[];
  /** Seconds from the start at which pods were created. */
  creationTimes(): number[];
}

export function job(yaml: string): KubeObject {
  return parse(yaml) as KubeObject;
}

export async function scenario(
  manifest: string | KubeObject,
  script: Script,
  options: Partial<LocalRunOptions> = {},
  /** Sets the runtime up before the run starts (failures to inject). */
  prepare: (runtime: FakeRuntime) => void = () => {},
): Promise<Scenario> {
  const clock = new ManualClock(T0);
  const runtime = new FakeRuntime(clock, script);
  prepare(runtime);
  const handle = startLocalRun({
    job: typeof manifest === 'string' ? job(manifest) : manifest,
    runtime,
    clock,
    runId: 'run-1',
    nameSuffix: suffixes(),
    ...options,
  });
  const changes: RunChange[] = [];
  handle.onDidChange((c) => changes.push(c));
  await clock.advance(0);
  return {
    clock,
    runtime,
    handle,
    changes,
    advance: (seconds) => clock.advance(seconds * 1000),
    eventLog: (filter = (e) => e.involvedObject.startsWith('job/')) =>
      handle
        .snapshot()
        .events.filter(filter)
        .map((e) => `${(Date.parse(e.time) - T0) / 1000}s ${e.type} ${e.reason}: ${e.message}`),
    creationTimes: () => runtime.calls.filter((c) => c.kind === 'createPod').map((c) => (c.at - T0) / 1000),
  };
}

/** A one-container Job manifest: `spec` and `podSpec` are YAML lines at their indentation (2 and 6 spaces). */
export function jobYaml(name: string, spec = '', podSpec = '', restartPolicy = 'Never', container = 'main'): string {
  return `
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
spec:
${spec}
  template:
    spec:
      restartPolicy: ${restartPolicy}
${podSpec}
      containers:
        - name: ${container}
          image: busybox:latest
`;
}

/** A container that sleeps and exits, like the seeds' `sh -c "sleep 5; exit N"`. */
export const sleepThenExit = (runSeconds: number, exitCode = 0): Script => () => ({ runSeconds, exitCode });
