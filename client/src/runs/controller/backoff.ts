// The exponential back-offs of a cluster, scaled by the runner's time-scale option
// (`--backoff-scale`, 1 = Kubernetes' own timing).

const SECOND = 1000;

function doubling(base: number, cap: number, attempt: number): number {
  let delay = base;
  for (let i = 1; i < attempt; i++) {
    delay *= 2;
    if (delay >= cap) return cap;
  }
  return Math.min(delay, cap);
}

/** Job controller: a failed pod is replaced after 10 s, 20 s, 40 s … capped at 6 minutes. */
export function podReplacementDelay(failuresSinceLastSuccess: number, scale = 1): number {
  if (failuresSinceLastSuccess <= 0) return 0;
  return doubling(10 * SECOND, 6 * 60 * SECOND, failuresSinceLastSuccess) * scale;
}

/** Kubelet: a container restarted in place (OnFailure, sidecars) waits 10 s, 20 s … capped at 5 minutes. */
export function containerRestartDelay(restartsSoFar: number, scale = 1): number {
  return doubling(10 * SECOND, 5 * 60 * SECOND, restartsSoFar + 1) * scale;
}

/** Kubelet: a container that could not be started (image pull, configuration) is tried again after the same doubling, capped at 5 minutes. */
export function startRetryDelay(failedStarts: number, scale = 1): number {
  return doubling(10 * SECOND, 5 * 60 * SECOND, Math.max(failedStarts, 1)) * scale;
}
