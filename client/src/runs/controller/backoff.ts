// The exponential back-offs of a cluster, scaled by the runner's time-scale option
// (`--backoff-scale`, 1 = Kubernetes' own timing).
import { backoffSeconds, CONTAINER_BACKOFF_CAP_SECONDS, POD_BACKOFF_CAP_SECONDS } from '@shared/job-facts';

const SECOND = 1000;

/** Job controller: a failed pod is replaced after 10 s, 20 s, 40 s … capped at 6 minutes. */
export function podReplacementDelay(failuresSinceLastSuccess: number, scale = 1): number {
  if (failuresSinceLastSuccess <= 0) return 0;
  return backoffSeconds(failuresSinceLastSuccess, POD_BACKOFF_CAP_SECONDS) * SECOND * scale;
}

/** Kubelet: a container restarted in place (OnFailure, sidecars) waits 10 s, 20 s … capped at 5 minutes. */
export function containerRestartDelay(restartsSoFar: number, scale = 1): number {
  return backoffSeconds(restartsSoFar + 1, CONTAINER_BACKOFF_CAP_SECONDS) * SECOND * scale;
}

/** Kubelet: a container that could not be started (image pull, configuration) is tried again after the same doubling, capped at 5 minutes. */
export function startRetryDelay(failedStarts: number, scale = 1): number {
  return backoffSeconds(failedStarts, CONTAINER_BACKOFF_CAP_SECONDS) * SECOND * scale;
}
