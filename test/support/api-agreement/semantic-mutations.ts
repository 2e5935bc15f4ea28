// Mutations no single field shows: names, label selectors, Indexed jobs, success and failure
// policies, containers, ports, env, resources, volumes, probes, schedules, and plain scalars that
// YAML 1.1 (which the API server and kubectl read) takes for booleans.
import type { Base, Manifest } from './bases';
import { clone, deleteAt, pathText, setAt, type Mutation, type Path } from './cases';

export function semanticMutations(base: Base): Mutation[] {
  const job: Path = base.kind === 'Job' ? ['spec'] : ['spec', 'jobTemplate', 'spec'];
  const pod: Path = [...job, 'template', 'spec'];
  const c0: Path = [...pod, 'containers', 0];
  const out: Mutation[] = [];
  const change = (category: string, what: string, ...edits: [Path, unknown][]) =>
    out.push({ category, what, apply: (m) => edits.forEach(([path, value]) => (value === undefined ? deleteAt(m, path) : setAt(m, path, value))) });
  const sets = (category: string, path: Path, ...values: unknown[]) => values.forEach((value) => change(category, `${pathText(path)}: ${JSON.stringify(value)}`, [path, value]));

  // Names.
  sets('name', ['metadata', 'name'], 'a'.repeat(52), 'a'.repeat(53), 'a'.repeat(63), 'a'.repeat(64), 'agree.dotted', 'Agree', 'agree-', 'agree_underscore', '1-starts-with-digit');
  change('name', 'generateName instead of name', [['metadata', 'name'], undefined], [['metadata', 'generateName'], 'agree-']);
  change('name', 'an invalid generateName', [['metadata', 'name'], undefined], [['metadata', 'generateName'], 'Agree_']);
  change('name', 'a long generateName', [['metadata', 'name'], undefined], [['metadata', 'generateName'], `${'g'.repeat(70)}-`]);
  change('name', 'neither name nor generateName', [['metadata', 'name'], undefined]);
  sets('label', ['metadata', 'labels'], { 'app.kubernetes.io/name': 'agree' }, { 'Bad Key': 'x' }, { key: 'a'.repeat(64) }, { [`${'p'.repeat(254)}/key`]: 'x' });
  sets('label', [...job, 'template', 'metadata', 'labels'], { 'batch.kubernetes.io/job-name': 'other' }, { app: 'bad value!' });
  sets('label', ['metadata', 'annotations'], { big: 'x'.repeat(262_200) }, { 'Bad Key': 'x' });

  // Selectors.
  if (base.kind === 'Job') {
    sets('selector', [...job, 'selector'], { matchLabels: { app: 'agree' } });
    change('selector', 'manualSelector without a selector', [[...job, 'manualSelector'], true]);
    change('selector', 'a manual selector the template does not match', [[...job, 'manualSelector'], true], [[...job, 'selector'], { matchLabels: { app: 'elsewhere' } }]);
    change('selector', 'a manual selector with an empty selector', [[...job, 'manualSelector'], true], [[...job, 'selector'], {}]);
    const labels: Path = [...job, 'template', 'metadata', 'labels'];
    const selected = (expression: Record<string, unknown>, what: string) =>
      change('selector', what, [[...job, 'manualSelector'], true], [labels, { app: 'agree', tier: 'batch' }], [[...job, 'selector'], { matchLabels: { app: 'agree' }, matchExpressions: [expression] }]);
    selected({ key: 'tier', operator: 'Equals', values: ['batch'] }, 'a matchExpression with operator Equals');
    selected({ key: 'tier', operator: 'In', values: [] }, 'a matchExpression In without values');
    selected({ key: 'tier', operator: 'Exists', values: ['batch'] }, 'a matchExpression Exists with values');
    selected({ key: 'Bad Key', operator: 'Exists' }, 'a matchExpression with an invalid key');
    selected({ key: 'tier', operator: 'NotIn', values: ['web'] }, 'a matchExpression NotIn');
    selected({ key: 'zone', operator: 'DoesNotExist' }, 'a matchExpression DoesNotExist');
    change('selector', 'a matchLabels value that is not a label value', [[...job, 'manualSelector'], true], [labels, { app: 'agree' }], [[...job, 'selector'], { matchLabels: { app: 'bad value!' } }]);
  } else {
    sets('selector', [...job, 'selector'], { matchLabels: { app: 'agree' } });
    sets('selector', [...job, 'manualSelector'], true, false);
  }

  // Indexed jobs and their policies.
  const indexed = (what: string, ...edits: [Path, unknown][]) =>
    change('combination', what, [[...job, 'completionMode'], 'Indexed'], [[...job, 'completions'], 5], [[...pod, 'restartPolicy'], 'Never'], ...edits);
  change('combination', 'Indexed without completions', [[...job, 'completionMode'], 'Indexed'], [[...job, 'completions'], undefined]);
  indexed('Indexed with completions 100001', [[...job, 'completions'], 100_001]);
  indexed('Indexed with parallelism 100001', [[...job, 'parallelism'], 100_001]);
  indexed('Indexed with 100001 completions and a backoffLimitPerIndex', [[...job, 'completions'], 100_001], [[...job, 'backoffLimitPerIndex'], 1]);
  change('combination', 'backoffLimitPerIndex without Indexed', [[...job, 'completionMode'], 'NonIndexed'], [[...job, 'backoffLimitPerIndex'], 1], [[...pod, 'restartPolicy'], 'Never']);
  indexed('maxFailedIndexes without backoffLimitPerIndex', [[...job, 'maxFailedIndexes'], 1]);
  indexed('maxFailedIndexes above completions', [[...job, 'backoffLimitPerIndex'], 1], [[...job, 'maxFailedIndexes'], 6]);
  indexed('maxFailedIndexes equal to completions', [[...job, 'backoffLimitPerIndex'], 1], [[...job, 'maxFailedIndexes'], 5]);
  indexed('backoffLimitPerIndex with restartPolicy OnFailure', [[...job, 'backoffLimitPerIndex'], 1], [[...pod, 'restartPolicy'], 'OnFailure']);
  const success = (what: string, rules: unknown) => indexed(what, [[...job, 'successPolicy'], { rules }]);
  change('combination', 'a successPolicy without Indexed', [[...job, 'completionMode'], 'NonIndexed'], [[...job, 'successPolicy'], { rules: [{ succeededCount: 1 }] }]);
  success('a successPolicy without rules', []);
  success('a success rule without indexes or count', [{}]);
  success('succeededIndexes beyond completions', [{ succeededIndexes: '0-9' }]);
  success('succeededIndexes that are not indexes', [{ succeededIndexes: 'a-b' }]);
  success('succeededIndexes overlapping', [{ succeededIndexes: '0-2,1' }]);
  success('succeededIndexes in decreasing order', [{ succeededIndexes: '3,1' }]);
  success('succeededCount above completions', [{ succeededCount: 6 }]);
  success('succeededCount above the indexes given', [{ succeededIndexes: '0-1', succeededCount: 3 }]);
  success('succeededCount 0', [{ succeededCount: 0 }]);
  success('succeededCount negative', [{ succeededCount: -1 }]);
  success('21 success rules', Array.from({ length: 21 }, () => ({ succeededCount: 1 })));
  success('a success rule with spaces in its indexes', [{ succeededIndexes: '0, 2' }]);
  const failure = (what: string, rules: unknown, ...edits: [Path, unknown][]) =>
    change('combination', what, [[...pod, 'restartPolicy'], 'Never'], [[...job, 'podFailurePolicy'], { rules }], ...edits);
  const exitCodes = (onExitCodes: unknown, action = 'FailJob') => [{ action, onExitCodes }];
  failure('a podFailurePolicy with restartPolicy OnFailure', exitCodes({ operator: 'In', values: [1] }), [[...pod, 'restartPolicy'], 'OnFailure']);
  failure('a podFailurePolicy with podReplacementPolicy TerminatingOrFailed', exitCodes({ operator: 'In', values: [1] }), [[...job, 'podReplacementPolicy'], 'TerminatingOrFailed']);
  failure('podReplacementPolicy Failed with a podFailurePolicy', exitCodes({ operator: 'In', values: [1] }), [[...job, 'podReplacementPolicy'], 'Failed']);
  failure('FailIndex without backoffLimitPerIndex', exitCodes({ operator: 'In', values: [1] }, 'FailIndex'));
  failure('exit code 0 with In', exitCodes({ operator: 'In', values: [0] }));
  failure('exit code 0 with NotIn', exitCodes({ operator: 'NotIn', values: [0] }));
  failure('duplicate exit codes', exitCodes({ operator: 'In', values: [1, 1] }));
  failure('exit codes out of order', exitCodes({ operator: 'In', values: [5, 3] }));
  failure('no exit codes', exitCodes({ operator: 'In', values: [] }));
  failure('256 exit codes', exitCodes({ operator: 'NotIn', values: Array.from({ length: 256 }, (_, i) => i + 1) }));
  failure('an operator that does not exist', exitCodes({ operator: 'Equals', values: [1] }));
  failure('an action that does not exist', exitCodes({ operator: 'In', values: [1] }, 'Retry'));
  failure('a containerName the pod does not have', exitCodes({ containerName: 'other', operator: 'In', values: [1] }));
  failure('a rule with exit codes and pod conditions', [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }]);
  failure('a rule with neither exit codes nor pod conditions', [{ action: 'Ignore' }]);
  failure('a pod condition status Maybe', [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }]);
  failure('a pod condition type with spaces', [{ action: 'Ignore', onPodConditions: [{ type: 'Bad Type' }] }]);
  failure('a pod condition without a type', [{ action: 'Ignore', onPodConditions: [{ status: 'True' }] }]);
  failure('21 pod failure rules', Array.from({ length: 21 }, () => ({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] })));
  failure('an empty pod failure policy', []);
  failure('action Count on exit codes', exitCodes({ operator: 'In', values: [2] }, 'Count'));

  // Containers.
  const main = { name: 'main', image: 'busybox:1.36' };
  sets('container', [...pod, 'containers'], [main, { ...main }], [main, { name: 'Side_Car', image: 'busybox:1.36' }], [{ name: 'n'.repeat(64), image: 'busybox:1.36' }], [{ image: 'busybox:1.36' }]);
  sets('container', [...pod, 'initContainers'], [{ ...main }], [{ name: 'init', image: 'busybox:1.36', restartPolicy: 'Always' }], [{ name: 'init', image: 'busybox:1.36', restartPolicy: 'Never' }], [{ name: 'init', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] } } }], [{ name: 'init', image: 'busybox:1.36', restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } }]);
  sets('container', [...c0, 'restartPolicy'], 'Always');
  sets('container', [...c0, 'image'], ' busybox', 'busybox:1.36 ', 'BusyBox', 'busybox@sha256:abc', 'localhost:5000/busybox:1.36');
  sets('container', [...c0, 'readinessProbe'], { exec: { command: ['true'] } });
  sets('container', [...c0, 'startupProbe'], { exec: { command: ['true'] }, successThreshold: 1 });
  sets('container', [...c0, 'lifecycle'], { preStop: { sleep: { seconds: 1 } } }, { preStop: {} }, { postStart: { exec: { command: ['true'] }, httpGet: { port: 80 } } });
  const probe = (what: string, value: unknown) => change('probe', what, [[...c0, 'livenessProbe'], value]);
  probe('a liveness probe with two handlers', { exec: { command: ['true'] }, tcpSocket: { port: 80 } });
  probe('a liveness probe without a handler', { periodSeconds: 5 });
  probe('a liveness probe with successThreshold 2', { exec: { command: ['true'] }, successThreshold: 2 });
  probe('a liveness probe with a negative period', { exec: { command: ['true'] }, periodSeconds: -1 });
  probe('a liveness probe with port 0', { tcpSocket: { port: 0 } });
  probe('a liveness probe on a named port', { httpGet: { port: 'http', path: '/' } });
  probe('a liveness probe on an invalid port name', { httpGet: { port: 'Not_A_Port', path: '/' } });
  probe('a liveness probe with a gRPC port', { grpc: { port: 9000 } });
  probe('a liveness probe with terminationGracePeriodSeconds 0', { exec: { command: ['true'] }, terminationGracePeriodSeconds: 0 });
  const port = (what: string, value: unknown) => change('port', what, [[...c0, 'ports'], value]);
  for (const containerPort of [0, 1, 65535, 65536, -80]) port(`containerPort ${containerPort}`, [{ containerPort }]);
  port('hostPort 70000', [{ containerPort: 80, hostPort: 70000 }]);
  port('duplicate port names', [{ name: 'web', containerPort: 80 }, { name: 'web', containerPort: 81 }]);
  port('a port name of 16 characters', [{ name: 'p'.repeat(16), containerPort: 80 }]);
  port('a port name with capitals', [{ name: 'Web', containerPort: 80 }]);
  port('a port name of digits only', [{ name: '8080', containerPort: 80 }]);
  port('protocol HTTP', [{ containerPort: 80, protocol: 'HTTP' }]);
  port('the same port twice', [{ containerPort: 80 }, { containerPort: 80 }]);
  port('a hostIP', [{ containerPort: 80, hostIP: 'not-an-ip' }]);
  const env = (what: string, value: unknown) => change('env', what, [[...c0, 'env'], value]);
  for (const name of ['', '1STARTS_WITH_DIGIT', 'has space', 'A=B', 'dotted.name', 'ÜNICODE', 'x'.repeat(300)]) env(`env name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 5)}…` : name)}`, [{ name, value: 'v' }]);
  env('value and valueFrom', [{ name: 'A', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }]);
  env('valueFrom with two sources', [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } } }]);
  env('valueFrom without a source', [{ name: 'A', valueFrom: {} }]);
  env('a fieldRef path the API does not have', [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }]);
  env('a fieldRef to a label', [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }]);
  env('a resourceFieldRef without resource', [{ name: 'A', valueFrom: { resourceFieldRef: { containerName: 'main' } } }]);
  env('a resourceFieldRef to an unknown resource', [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }]);
  env('a configMapKeyRef with an invalid key', [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'c', key: 'bad key' } } }]);
  env('a secretKeyRef without name', [{ name: 'A', valueFrom: { secretKeyRef: { key: 'k' } } }]);
  env('duplicate env names', [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]);
  sets('env', [...c0, 'envFrom'], [{ configMapRef: { name: 'c' }, prefix: '1bad' }], [{ prefix: 'P_' }], [{ configMapRef: { name: 'c' }, secretRef: { name: 's' } }], [{ secretRef: { name: 'Bad_Name' } }]);
  const resources = (what: string, value: unknown) => change('resources', what, [[...c0, 'resources'], value]);
  resources('requests above limits', { requests: { cpu: '2' }, limits: { cpu: '1' } });
  resources('a cpu quantity that is not one', { requests: { cpu: 'lots' } });
  resources('a negative memory', { limits: { memory: '-1Gi' } });
  resources('a number as cpu', { requests: { cpu: 1 } });
  resources('a fractional memory', { requests: { memory: 0.5 } });
  resources('an unknown resource name', { limits: { 'bogus resource': '1' } });
  resources('an extended resource with a fraction', { limits: { 'example.com/gpu': '500m' } });
  resources('an extended resource in requests only', { requests: { 'example.com/gpu': '1' } });
  resources('hugepages without cpu or memory', { limits: { 'hugepages-2Mi': '2Mi' } });
  resources('claims without pod claims', { claims: [{ name: 'gpu' }] });
  resources('an exponent quantity', { limits: { memory: '1e3' } });
  const mounts = (what: string, value: unknown) => change('volume', what, [[...c0, 'volumeMounts'], value]);
  mounts('a mount of a volume that does not exist', [{ name: 'missing', mountPath: '/m' }]);
  const scratch = [{ name: 'scratch', emptyDir: {} }];
  const mounted = (what: string, mountList: unknown, volumes: unknown = scratch) => change('volume', what, [[...pod, 'volumes'], volumes], [[...c0, 'volumeMounts'], mountList]);
  mounted('the same mountPath twice', [{ name: 'scratch', mountPath: '/m' }, { name: 'scratch', mountPath: '/m' }]);
  mounted('a relative mountPath', [{ name: 'scratch', mountPath: 'relative' }]);
  mounted('an empty mountPath', [{ name: 'scratch', mountPath: '' }]);
  mounted('a subPath with ..', [{ name: 'scratch', mountPath: '/m', subPath: '../up' }]);
  mounted('an absolute subPath', [{ name: 'scratch', mountPath: '/m', subPath: '/abs' }]);
  mounted('mountPropagation Bogus', [{ name: 'scratch', mountPath: '/m', mountPropagation: 'Bogus' }]);
  mounted('recursiveReadOnly without readOnly', [{ name: 'scratch', mountPath: '/m', recursiveReadOnly: 'Enabled' }]);
  const volumes = (what: string, value: unknown) => change('volume', what, [[...pod, 'volumes'], value]);
  volumes('two volumes with one name', [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]);
  volumes('a volume without a source', [{ name: 'v' }]);
  volumes('a volume with two sources', [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }]);
  volumes('a volume name with capitals', [{ name: 'Vol', emptyDir: {} }]);
  volumes('an emptyDir medium Bogus', [{ name: 'v', emptyDir: { medium: 'Bogus' } }]);
  volumes('a negative sizeLimit', [{ name: 'v', emptyDir: { sizeLimit: '-1Gi' } }]);
  volumes('a configMap defaultMode above 0777', [{ name: 'v', configMap: { name: 'c', defaultMode: 512 } }]);
  volumes('a configMap item path with ..', [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '../x' }] } }]);
  volumes('a configMap item with an absolute path', [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '/x' }] } }]);
  volumes('a configMap without a name', [{ name: 'v', configMap: {} }]);
  volumes('a secret with an invalid name', [{ name: 'v', secret: { secretName: 'Bad_Name' } }]);
  volumes('a hostPath type Bogus', [{ name: 'v', hostPath: { path: '/tmp', type: 'Bogus' } }]);
  volumes('a hostPath without a path', [{ name: 'v', hostPath: {} }]);
  volumes('a relative hostPath', [{ name: 'v', hostPath: { path: 'tmp' } }]);
  volumes('a PVC without a claimName', [{ name: 'v', persistentVolumeClaim: {} }]);
  volumes('a projected volume without sources', [{ name: 'v', projected: { sources: [] } }]);
  volumes('a downwardAPI item without a path', [{ name: 'v', downwardAPI: { items: [{ fieldRef: { fieldPath: 'metadata.name' } }] } }]);
  volumes('an ephemeral volume without a template', [{ name: 'v', ephemeral: {} }]);
  volumes('an nfs volume without a server', [{ name: 'v', nfs: { path: '/x' } }]);

  // The pod.
  sets('pod', [...pod, 'terminationGracePeriodSeconds'], -1, 0);
  sets('pod', [...pod, 'activeDeadlineSeconds'], 0, 1);
  sets('pod', [...pod, 'hostname'], 'Bad_Host', 'h'.repeat(64));
  sets('pod', [...pod, 'subdomain'], 'Bad.Sub');
  sets('pod', [...pod, 'dnsPolicy'], 'None');
  sets('pod', [...pod, 'dnsConfig'], { nameservers: ['not-an-ip'] }, { options: [{ value: 'x' }] });
  sets('pod', [...pod, 'nodeSelector'], { 'Bad Key': 'x' }, { disk: 'bad value!' });
  sets('pod', [...pod, 'tolerations'], [{ operator: 'Exists', value: 'v' }], [{ key: 'k', effect: 'Bogus' }], [{ key: 'k', effect: 'NoSchedule', tolerationSeconds: 10 }], [{ key: 'Bad Key' }], [{ operator: 'Equal' }]);
  sets('pod', [...pod, 'serviceAccountName'], 'Bad_SA');
  sets('pod', [...pod, 'priority'], 10);
  sets('pod', [...pod, 'hostNetwork'], true);
  sets('pod', [...pod, 'hostAliases'], [{ ip: 'not-an-ip', hostnames: ['a'] }]);
  sets('pod', [...pod, 'imagePullSecrets'], [{ name: '' }], [{}]);
  sets('pod', [...pod, 'securityContext'], { runAsUser: -1 }, { sysctls: [{ name: 'bad sysctl', value: '1' }] }, { seccompProfile: { type: 'Localhost' } }, { seLinuxOptions: { level: 'bad level!' } }, { supplementalGroupsPolicy: 'Bogus' });
  sets('pod', [...pod, 'topologySpreadConstraints'], [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]);
  sets('pod', [...pod, 'affinity'], { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: '' }] } });
  sets('pod', [...pod, 'overhead'], { cpu: '1' });
  sets('pod', [...pod, 'os'], { name: 'plan9' });
  sets('pod', [...pod, 'schedulingGates'], [{ name: 'example.com/gate' }]);
  sets('pod', [...pod, 'readinessGates'], [{ conditionType: 'Bad Type' }]);
  sets('pod', [...pod, 'restartPolicy'], 'Always');
  change('pod', 'no containers', [[...pod, 'containers'], []]);

  // Jobs.
  sets('range', [...job, 'activeDeadlineSeconds'], 0, -5);
  sets('range', [...job, 'backoffLimit'], 2_147_483_647);
  sets('range', [...job, 'completions'], 0);
  sets('range', [...job, 'parallelism'], 0);
  sets('range', [...job, 'ttlSecondsAfterFinished'], 0, -1);
  sets('combination', [...job, 'managedBy'], 'kubernetes.io/job-controller', 'example.com/controller', 'Not A Controller', `example.com/${'m'.repeat(63)}`);

  // Schedules and time zones.
  if (base.kind === 'CronJob') {
    for (const schedule of ['* * *', '61 * * * *', '*/0 * * * *', '@hourly', '@every 5m', '0 0 30 2 *', 'TZ=UTC 0 * * * *', 'CRON_TZ=UTC 0 * * * *', '0 0 * * MON-FRI', '0 0 ? * *', '0 0 L * *', '* * * * * *'])
      sets('cron', ['spec', 'schedule'], schedule);
    sets('cron', ['spec', 'timeZone'], 'Mars/Olympus', ' Europe/Paris', 'UTC', 'Local', 'utc', 'Etc/GMT+5', '');
    sets('cron', ['spec', 'startingDeadlineSeconds'], 0);
    sets('cron', ['spec', 'jobTemplate', 'metadata', 'name'], 'ignored');
  }

  // YAML 1.1 reads these plain scalars as booleans; YAML 1.2 as strings.
  for (const word of ['yes', 'no', 'on', 'off', 'y', 'n', 'True']) {
    sets('yaml-1.1', [...c0, 'env'], [{ name: 'FLAG', value: word }]);
    sets('yaml-1.1', ['metadata', 'labels'], { flag: word });
  }
  sets('yaml-1.1', [...c0, 'command'], ['sh', '-c', 'echo', 'yes']);
  return out.filter((mutation) => appliesTo(mutation, base.manifest));
}

/** Drops mutations that do not change the base (setting a value it already has). */
function appliesTo(mutation: Mutation, manifest: Manifest): boolean {
  const changed = clone(manifest);
  mutation.apply(changed);
  return JSON.stringify(changed) !== JSON.stringify(manifest);
}
