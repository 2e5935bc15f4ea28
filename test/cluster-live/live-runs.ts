// What the live test files share: a busybox Job manifest, and waiting for a run to reach a state.
import type { Run, RunHandle } from '../../client/src/runs/model';

/** A Job of `containers` with restartPolicy Never and a short grace period; `spec` and `pod` add to or override its fields. */
export function busyboxJob(name: string, containers: unknown[], spec: Record<string, unknown> = {}, pod: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          // busybox's sh as pid 1 ignores SIGTERM: a short grace keeps deletions quick.
          terminationGracePeriodSeconds: 1,
          ...pod,
          containers,
        },
      },
    },
  };
}

/** Resolves with the run's snapshot once it satisfies `predicate`, watching its changes. */
export function untilRun(run: RunHandle, what: string, predicate: (run: Run) => boolean, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const snapshot = run.snapshot();
      if (!predicate(snapshot)) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve(snapshot);
    };
    const subscription = run.onDidChange(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting until ${what}; last status ${JSON.stringify(run.snapshot().status)}`));
    }, timeoutMs);
    check();
  });
}
