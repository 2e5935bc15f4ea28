// The API server's rules for the pod template's containers: names, images, env vars, ports,
// probes, resources and volume mounts (each in its own rules file), and the pod's volumes.
import { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, MAX_LABEL_LENGTH } from '@shared/job-facts';
import { dns1123LabelProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { podSpecPath, type JobDocument } from '../parse/job-document';
import { checkEnv } from './env-rules';
import { checkPorts } from './port-rules';
import { checkProbes } from './probe-rules';
import { checkResources } from './resource-rules';
import { checkVolumeMounts, checkVolumes } from './volume-rules';
import { asMap, isNullNode, nodeAt, nodeAtPath, numberAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

// Regular containers first: the API server reports a name shared with an init container on the init container.
const CONTAINER_LISTS = ['containers', 'initContainers'] as const;

export function checkContainers(manifest: JobDocument, collector: FindingCollector): void {
  const podSpec = nodeAtPath(manifest.root, podSpecPath(manifest.kind));
  const seen = new Map<string, string>();
  const gracePeriod = numberAt(podSpec, 'terminationGracePeriodSeconds') ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  const podClaims = new Set<string>();
  const claims = seqItems(nodeAt(podSpec, 'resourceClaims'));
  for (let i = 0; i < claims.length; i++) podClaims.add(stringAt(claims[i], 'name') ?? '');
  // Index loops: these run for every container, first before V8 optimises them.
  for (let l = 0; l < CONTAINER_LISTS.length; l++) {
    const list = CONTAINER_LISTS[l];
    const containers = seqItems(nodeAt(podSpec, list));
    for (let c = 0; c < containers.length; c++) {
      const container = containers[c];
      const map = asMap(container);
      if (!map) continue;
      const nameNode = nodeAt(map, 'name');
      const name = stringAt(map, 'name');
      if (name !== undefined) {
        if (dns1123LabelProblem(name)) {
          collector.report(
            'invalid-name',
            `Container name "${name}" must be a DNS-1123 label: at most ${MAX_LABEL_LENGTH} lower case alphanumeric characters or '-', starting and ending with an alphanumeric character.`,
            nameNode,
          );
        }
        const earlier = seen.get(name);
        if (earlier !== undefined) collector.report('duplicate-container-name', `Duplicate container name "${name}" (already used in ${earlier}).`, nameNode);
        else seen.set(name, list);
      }
      const image = pairOf(map, 'image');
      if (!image || isNullNode(image.value) || scalarValue(image.value) === '') {
        collector.report('missing-required', `Container${name ? ` "${name}"` : ''} needs an \`image\`.`, image?.key ?? nameNode ?? map.items[0]?.key ?? map);
      }
      checkEnv(container, collector);
      checkProbes(container, list === 'initContainers', gracePeriod, collector);
      checkResources(container, podClaims, collector);
      checkVolumeMounts(podSpec, container, collector);
    }
  }
  checkVolumes(podSpec, collector);
  checkPorts(seqItems(nodeAt(podSpec, 'containers')), collector);
}
