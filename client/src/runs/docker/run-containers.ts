// A run's containers as the engine has them, grouped by pod: how a process that did not create
// the run finds its sandboxes and container instances again.
import type Docker from 'dockerode';
import { Label, labelFilter } from './labels';

export interface FoundSandbox {
  id: string;
  running: boolean;
}

export interface FoundInstance {
  id: string;
  /** The Kubernetes container it is a run of. */
  container: string;
  restartCount: number;
}

export interface RunContainers {
  sandboxes: Map<string, FoundSandbox>;
  /** Per pod, in the order they were created (restart count). */
  instances: Map<string, FoundInstance[]>;
}

export async function findRunContainers(docker: Docker, runId: string): Promise<RunContainers> {
  const listed = await docker.listContainers({ all: true, filters: { label: [labelFilter(Label.run, runId)] } });
  const found: RunContainers = { sandboxes: new Map(), instances: new Map() };
  for (const info of listed) {
    const pod = info.Labels[Label.pod];
    if (!pod) continue;
    if (info.Labels[Label.role] === 'sandbox') {
      found.sandboxes.set(pod, { id: info.Id, running: info.State === 'running' });
    } else if (info.Labels[Label.role] === 'container') {
      const list = found.instances.get(pod) ?? [];
      list.push({ id: info.Id, container: info.Labels[Label.container] ?? '', restartCount: Number(info.Labels[Label.restartCount] ?? 0) });
      found.instances.set(pod, list);
    }
  }
  for (const list of found.instances.values()) list.sort((a, b) => a.restartCount - b.restartCount);
  return found;
}
