// What keeps a run's pods from going on, as kubectl's STATUS column shows it (ImagePullBackOff,
// CreateContainerConfigError, Unschedulable …), with what to do about it. One vocabulary for
// every place that tells it: the CLI's status line, summary and JSON, and the editor's Jobs view,
// log channel and notification.
import type { ContainerModel, PodModel, Run, TargetKind } from './model';

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
  return run.pods.flatMap((pod) => (failed ? pod.phase === 'Failed' : !hasEnded(pod)) ? podProblems(pod, run.target) : []);
}

/** The problems of one pod still on its way; none once it has ended or is being deleted. */
export function podWaitingProblems(pod: PodModel, target: TargetKind): WaitingProblem[] {
  return hasEnded(pod) ? [] : podProblems(pod, target);
}

function hasEnded(pod: PodModel): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed' || !!pod.deletionTimestamp;
}

function podProblems(pod: PodModel, target: TargetKind): WaitingProblem[] {
  if (pod.phase === 'Pending' && pod.reason === 'Unschedulable') {
    return [{ pod: pod.name, reason: pod.reason, ...(pod.message ? { message: pod.message } : {}), advice: 'No node can take the pod: see its message, then lower its resource requests or change its nodeSelector, affinity or tolerations.' }];
  }
  const problems: WaitingProblem[] = [];
  for (const container of [...pod.initContainers, ...pod.containers]) {
    if (!('waiting' in container.state) || ON_THE_WAY.has(container.state.waiting.reason)) continue;
    const { reason, message } = container.state.waiting;
    const advice = adviceFor(reason, container, target);
    problems.push({ pod: pod.name, container: container.name, reason, ...(message ? { message } : {}), ...(advice ? { advice } : {}) });
  }
  return problems;
}

/** What to do about a waiting reason, on the local engine or a cluster. */
export function adviceFor(reason: string, container: Pick<ContainerModel, 'image'>, target: TargetKind): string | undefined {
  const image = container.image;
  const putItThere = `Put it there with \`docker pull ${image}\`, \`docker load -i <file>.tar\` or \`docker build -t ${image} .\``;
  switch (reason) {
    case 'ErrImagePull':
    case 'ImagePullBackOff':
      return target === 'docker'
        ? `Image "${image}" is not on the local Docker engine and could not be pulled. ${putItThere}, or correct the image name; the pod starts on its next retry (imagePullPolicy IfNotPresent or Never uses the local image without pulling).`
        : `The cluster cannot pull image "${image}": check its name and tag, that the nodes reach its registry, and imagePullSecrets for a private one; imagePullPolicy: IfNotPresent or Never uses an image already on the node.`;
    case 'ErrImageNeverPull':
      return target === 'docker'
        ? `Image "${image}" is not on the local Docker engine and imagePullPolicy is Never. ${putItThere}, or set imagePullPolicy: IfNotPresent, then run the Job again.`
        : `imagePullPolicy: Never runs only an image already on the node: load it there (kind load docker-image, minikube image load) or set imagePullPolicy: IfNotPresent.`;
    case 'InvalidImageName':
      return `"${image}" is not an image reference: correct it.`;
    case 'CreateContainerConfigError':
      return 'A ConfigMap, Secret or key the container refers to is missing: add it (in the same file for a local run), or mark the reference optional.';
    case 'CrashLoopBackOff':
      return 'The container keeps failing: its logs (its previous run included) say why.';
    default:
      return undefined;
  }
}

/** ErrImagePull and ImagePullBackOff alternate while the kubelet retries: one problem, not two. */
export function problemKey(problem: WaitingProblem): string {
  return `${problem.container ?? ''}:${problem.reason === 'ImagePullBackOff' ? 'ErrImagePull' : problem.reason}`;
}

/** One line: what waits, and why: "pod/NAME/main waiting: ImagePullBackOff (Back-off pulling image "x")" (`brief`: without the message). */
export function problemText(problem: WaitingProblem, brief = false): string {
  const message = brief ? '' : problem.message?.replace(/\s+/g, ' ').trim();
  return `pod/${problem.pod}${problem.container ? `/${problem.container}` : ''} waiting: ${problem.reason}${message ? ` (${message})` : ''}`;
}
