// Container ports as the API server checks them: numbers in range, valid and unique names, and
// host ports used once per protocol across the pod's containers.
import { portNameProblem, portNumberProblem } from './api-formats';
import type { FindingCollector } from './findings';
import { isNullNode, nodeAt, numberAt, pairOf, scalarValue, seqItems, stringAt } from '../parse/yaml-nodes';

export function checkPorts(containers: readonly unknown[], collector: FindingCollector): void {
  const hostPorts = new Set<string>();
  // Index loops: these run for every container, first before V8 optimises them.
  for (let c = 0; c < containers.length; c++) {
    const names = new Set<string>();
    const ports = seqItems(nodeAt(containers[c], 'ports'));
    for (let p = 0; p < ports.length; p++) {
      const port = ports[p];
      const name = stringAt(port, 'name');
      if (name !== undefined && name !== '') {
        const problem = portNameProblem(name);
        if (problem) collector.report('invalid-port', `Port name "${name}" ${problem}.`, nodeAt(port, 'name'));
        else if (names.has(name)) collector.report('invalid-port', `Duplicate port name "${name}".`, nodeAt(port, 'name'));
        names.add(name);
      }
      const containerPort = pairOf(port, 'containerPort');
      const number = scalarValue(containerPort?.value);
      if (!containerPort || isNullNode(containerPort.value) || number === 0) {
        collector.report('invalid-port', 'A port needs a `containerPort` (1-65535).', containerPort?.value ?? port);
      } else if (typeof number === 'number' && portNumberProblem(number)) {
        collector.report('invalid-port', `containerPort ${number} ${portNumberProblem(number)}.`, containerPort.value);
      }
      const hostPort = numberAt(port, 'hostPort');
      if (hostPort !== undefined && hostPort !== 0) {
        const problem = portNumberProblem(hostPort);
        if (problem) collector.report('invalid-port', `hostPort ${hostPort} ${problem}.`, nodeAt(port, 'hostPort'));
        const key = `${hostPort}/${stringAt(port, 'protocol') ?? 'TCP'}/${stringAt(port, 'hostIP') ?? ''}`;
        if (hostPorts.has(key)) collector.report('invalid-port', `hostPort ${hostPort} is already used by another port of this pod.`, nodeAt(port, 'hostPort'));
        hostPorts.add(key);
      }
    }
  }
}

/** A probe's or hook's port: a number in range or a port name. */
export function checkPortReference(node: unknown, collector: FindingCollector): void {
  const value = scalarValue(node);
  const problem = typeof value === 'number' ? portNumberProblem(value) : typeof value === 'string' ? portNameProblem(value) : undefined;
  if (problem) collector.report('invalid-port', `Port ${JSON.stringify(value)} ${problem}.`, node);
}
