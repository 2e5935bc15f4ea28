// Containers that wait for something that does not come by itself (an image that is not there, a
// missing ConfigMap): why a run makes no progress, and what the user can do about it. Plain text,
// no `vscode`, shared by the Jobs view, the log channel and the notification.
import type { PodModel, Run, TargetKind } from '../runs/model';

const IMAGE_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);
const STUCK_REASONS = new Set([...IMAGE_REASONS, 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'CrashLoopBackOff']);

export interface StuckContainer {
  pod: string;
  container: string;
  image: string;
  reason: string;
  message?: string;
}

/** The containers of a pod that has not ended which wait for a reason the user must act on. */
export function podStuckContainers(pod: PodModel): StuckContainer[] {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.deletionTimestamp) return [];
  return [...pod.initContainers, ...pod.containers].flatMap((c) =>
    'waiting' in c.state && STUCK_REASONS.has(c.state.waiting.reason)
      ? [{ pod: pod.name, container: c.name, image: c.image, reason: c.state.waiting.reason, message: c.state.waiting.message }]
      : [],
  );
}

/** The first stuck container of a run, if any. */
export function stuckContainer(run: Run): StuckContainer | undefined {
  for (const pod of run.pods) {
    const [first] = podStuckContainers(pod);
    if (first) return first;
  }
  return undefined;
}

/** ErrImagePull and ImagePullBackOff alternate while the kubelet retries: one problem, not two. */
export function problemKey(stuck: StuckContainer): string {
  return `${stuck.container}:${stuck.reason === 'ImagePullBackOff' ? 'ErrImagePull' : stuck.reason}`;
}

/** One line: what waits, and why (`brief`: without the runtime's message). */
export function stuckText(stuck: StuckContainer, brief = false): string {
  const message = brief ? '' : stuck.message?.replace(/\s+/g, ' ').trim();
  return `${stuck.pod}/${stuck.container} waiting: ${stuck.reason}${message ? ` (${message})` : ''}`;
}

/** What the user can do about it, on this target. */
export function stuckAdvice(stuck: StuckContainer, target: TargetKind): string {
  if (!IMAGE_REASONS.has(stuck.reason)) return 'Describe the run for its events; the pod starts once the cause is fixed.';
  const image = stuck.image;
  if (target === 'cluster') {
    return `The cluster cannot pull image "${image}": check its name and tag, that the nodes reach its registry, and imagePullSecrets for a private one; imagePullPolicy: IfNotPresent or Never uses an image already on the node.`;
  }
  const never = stuck.reason === 'ErrImageNeverPull';
  return (
    `Image "${image}" is not on the local Docker engine${never ? ' and imagePullPolicy is Never' : ' and could not be pulled'}. ` +
    `Put it there with \`docker pull ${image}\`, \`docker load -i <file>.tar\` or \`docker build -t ${image} .\`, or correct the image name` +
    (never ? ', then run the Job again.' : '; the pod starts on its next retry (imagePullPolicy IfNotPresent or Never uses the local image without pulling).')
  );
}
