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

export function checkProbes(container: unknown, isInit: boolean, gracePeriod: number, collector: FindingCollector): void {
  const sidecar = isInit && stringAt(container, 'restartPolicy') === 'Always';
  for (const kind of PROBES) {
    const pair = pairOf(container, kind);
    if (!pair || isNullNode(pair.value)) continue;
    if (isInit && !sidecar) {
      collector.report('probe', `\`${kind}\` may not be set on an init container unless its restartPolicy is Always (a sidecar).`, pair.key);
      continue;
    }
    checkHandler(pair.value, HANDLERS, kind, pair.key, collector);
    for (const timing of TIMINGS) {
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
  const given = asMap(node)?.items.filter((pair) => handlers.includes(keyText(pair) ?? '') && !isNullNode(pair.value)) ?? [];
  if (given.length === 0) {
    collector.report('probe', `${what} needs a handler: one of ${handlers.join(', ')}.`, anchor);
    return;
  }
  for (const extra of given.slice(1)) collector.report('probe', `${what} may have only one handler.`, extra.key);
  const exec = nodeAt(node, 'exec');
  if (!isNullNode(exec) && seqItems(nodeAt(exec, 'command')).length === 0) collector.report('probe', '`exec` needs a `command`.', nodeAt(exec, 'command') ?? pairOf(node, 'exec')?.key);
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = nodeAt(node, handler, 'port');
    if (port) checkPortReference(port, collector);
  }
}
