// What the runtime refuses before creating anything: host access without the user's consent,
// and pods it cannot run as written.
import { hostAccessNeeds } from '../host-access';
import { PodRefused, type PodLaunch } from '../pod-runtime';
import { allContainers, podSpec } from './pod-spec';

export function admitPod(launch: PodLaunch, allowHostAccess: boolean): void {
  const spec = podSpec(launch.spec);
  const containers = allContainers(spec);
  if ((spec.containers ?? []).length === 0) throw new PodRefused(`pod ${launch.podName} has no containers`);
  const names = new Set<string>();
  for (const container of containers) {
    if (!container.name) throw new PodRefused(`pod ${launch.podName} has a container without a name`);
    if (names.has(container.name)) throw new PodRefused(`pod ${launch.podName} has two containers named "${container.name}"`);
    names.add(container.name);
    if (!container.image) throw new PodRefused(`container "${container.name}" has no image`);
  }
  if (!allowHostAccess) {
    const needs = hostAccessNeeds({ kind: 'Job', spec: { template: { spec: launch.spec } } });
    if (needs.length > 0) {
      throw new PodRefused(`job/${launch.jobName} reaches outside its containers (${needs.join('; ')}); run it only with explicit consent (--allow-host-path, or confirm in the editor)`);
    }
  }
}
