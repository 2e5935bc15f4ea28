// Probes and lifecycle hooks as the API server checks them: exactly one handler, its required
// parts and ports, non-negative timings, successThreshold 1 where only 1 makes sense, and what an
// init container may have.
import type { FindingCollector } from './findings';
import { checkPortReference } from './port-rules';
import { asMap, isNullNode, keyText, nodeAt, numberAt, pairOf, seqItems, stringAt } from '../parse/yaml-nodes';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const HOOK_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const TIMINGS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const PORT_HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

export function checkProbes(container: unknown, isInit: boolean, gracePeriod: number, collector: FindingCollector): void {
  const sidecar = isInit && stringAt(container, 'restartPolicy') === 'Always';
  // Index loops: these run for every container, first before V8 optimises them.
  for (let p = 0; p < PROBES.length; p++) {
    const kind = PROBES[p];
    const pair = pairOf(container, kind);
    if (!pair || isNullNode(pair.value)) continue;
    if (isInit && !sidecar) {
      collector.report('probe', `\`${kind}\` may not be set on an init container unless its restartPolicy is Always (a sidecar).`, pair.key);
      continue;
    }
    checkHandler(pair.value, HANDLERS, kind, pair.key, collector);
    for (let t = 0; t < TIMINGS.length; t++) {
      const timing = TIMINGS[t];
      const value = numberAt(pair.value, timing);
      if (value !== undefined && value < 0) collector.report('probe', `\`${timing}\` must be greater than or equal to 0.`, nodeAt(pair.value, timing));
    }
    const success = numberAt(pair.value, 'successThreshold');
    if (success !== undefined && success !== 1 && kind !== 'readinessProbe') collector.report('probe', `A ${kind}'s \`successThreshold\` must be 1.`, nodeAt(pair.value, 'successThreshold'));
    const grace = numberAt(pair.value, 'terminationGracePeriodSeconds');
    if (grace !== undefined && grace <= 0) collector.report('probe', '`terminationGracePeriodSeconds` must be greater than 0.', nodeAt(pair.value, 'terminationGracePeriodSeconds'));
  }
  const lifecycle = pairOf(container, 'lifecycle');
  if (lifecycle && !isNullNode(lifecycle.value)) {
    if (isInit && !sidecar) collector.report('probe', '`lifecycle` may not be set on an init container unless its restartPolicy is Always (a sidecar).', lifecycle.key);
    else for (const hook of ['postStart', 'preStop']) {
      const hookPair = pairOf(lifecycle.value, hook);
      if (hookPair && !isNullNode(hookPair.value)) checkHandler(hookPair.value, HOOK_HANDLERS, hook, hookPair.key, collector);
      const sleep = numberAt(hookPair?.value, 'sleep', 'seconds');
      if (sleep !== undefined && (sleep < 0 || sleep >= gracePeriod)) {
        collector.report('probe', `\`sleep.seconds\` must be at least 0 and less than the pod's terminationGracePeriodSeconds (${gracePeriod}).`, nodeAt(hookPair?.value, 'sleep', 'seconds'));
      }
    }
  }
}

function checkHandler(node: unknown, handlers: readonly string[], what: string, anchor: unknown, collector: FindingCollector): void {
  const items = asMap(node)?.items ?? [];
  let given = 0;
  for (let i = 0; i < items.length; i++) if (handlers.includes(keyText(items[i]) ?? '') && !isNullNode(items[i].value)) given++;
  if (given === 0) {
    collector.report('probe', `${what} needs a handler: one of ${handlers.join(', ')}.`, anchor);
    return;
  }
  let seen = 0;
  for (let i = 0; i < items.length && given > 1; i++) {
    if (!handlers.includes(keyText(items[i]) ?? '') || isNullNode(items[i].value)) continue;
    if (++seen > 1) collector.report('probe', `${what} may have only one handler.`, items[i].key);
  }
  const exec = nodeAt(node, 'exec');
  if (!isNullNode(exec) && seqItems(nodeAt(exec, 'command')).length === 0) collector.report('probe', '`exec` needs a `command`.', nodeAt(exec, 'command') ?? pairOf(node, 'exec')?.key);
  for (let i = 0; i < PORT_HANDLERS.length; i++) {
    const port = nodeAt(node, PORT_HANDLERS[i], 'port');
    if (port) checkPortReference(port, collector);
  }
}
