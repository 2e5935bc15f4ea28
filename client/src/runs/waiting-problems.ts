// What keeps a run's pods from going on, as kubectl's STATUS column shows it (ImagePullBackOff,
// CreateContainerConfigError, Unschedulable …), with what to do about it. The CLI's status line,
// summary and JSON show these; the editor can show the same.
import type { ContainerModel, Run, TargetKind } from './model';

export interface WaitingProblem {
  pod: string;
  /** Absent for a pod-level problem (it cannot be scheduled). */
  container?: string;
  /** ErrImagePull, ImagePullBackOff, ErrImageNeverPull, CreateContainerConfigError, Unschedulable … */
  reason: string;
  message?: string;
  /** What the user can do about it. */
  advice?: string;
}

/** Waiting reasons of a pod on its way: nothing is wrong (yet). */
const ON_THE_WAY = new Set(['ContainerCreating', 'PodInitializing', 'Pending', 'Waiting']);

/**
 * The problems of the run's pods still on their way (not ended, not being deleted); with
 * `failed`, those of the pods that failed waiting (ErrImageNeverPull on the local engine).
 */
export function waitingProblems(run: Run, failed = false): WaitingProblem[] {
  const problems: WaitingProblem[] = [];
  for (const pod of run.pods) {
    const ended = pod.phase === 'Succeeded' || pod.phase === 'Failed' || !!pod.deletionTimestamp;
    if (failed ? pod.phase !== 'Failed' : ended) continue;
    if (pod.phase === 'Pending' && pod.reason === 'Unschedulable') {
      problems.push({ pod: pod.name, reason: pod.reason, ...(pod.message ? { message: pod.message } : {}), advice: 'no node can take the pod: see its message, then lower its resource requests or change its nodeSelector, affinity or tolerations' });
      continue;
    }
    for (const container of [...pod.initContainers, ...pod.containers]) {
      if (!('waiting' in container.state) || ON_THE_WAY.has(container.state.waiting.reason)) continue;
      const { reason, message } = container.state.waiting;
      const advice = adviceFor(reason, container, run.target);
      problems.push({ pod: pod.name, container: container.name, reason, ...(message ? { message } : {}), ...(advice ? { advice } : {}) });
    }
  }
  return problems;
}

/** What to do about a waiting reason, on the local engine or a cluster. */
export function adviceFor(reason: string, container: Pick<ContainerModel, 'image'>, target: TargetKind): string | undefined {
  const image = JSON.stringify(container.image);
  switch (reason) {
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return target === 'docker'
        ? `${image} is not on the Docker engine and could not be pulled: "docker load -i FILE" (or "docker pull ${container.image}" where a registry answers) puts it there, or fix the image name`
        : `the node could not pull ${image}: check its name and tag, that the cluster reaches the registry, and imagePullSecrets for a private one`;
    case 'ErrImageNeverPull':
      return target === 'docker'
        ? `imagePullPolicy: Never runs only an image already on the Docker engine: "docker load -i FILE" or "docker pull ${container.image}" first, or set imagePullPolicy: IfNotPresent`
        : `imagePullPolicy: Never runs only an image already on the node: load it there (kind load docker-image, minikube image load) or set imagePullPolicy: IfNotPresent`;
    case 'InvalidImageName':
      return `${image} is not an image reference: fix it`;
    case 'CreateContainerConfigError':
      return 'a ConfigMap, Secret or key the container refers to is missing: add it (in the same file for a local run), or mark the reference optional';
    case 'CrashLoopBackOff':
      return 'the container keeps failing: its logs (its previous run included) say why';
    default:
      return undefined;
  }
}

/** "pod/NAME main: ImagePullBackOff (Back-off pulling image "x")", as one line. */
export function problemText(problem: WaitingProblem): string {
  return `pod/${problem.pod}${problem.container ? ` ${problem.container}` : ''}: ${problem.reason}${problem.message ? ` (${problem.message})` : ''}`;
}
