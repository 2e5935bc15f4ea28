// Rules found by comparing lint with a real kube-apiserver (test/cluster-live/diagnostics-agree):
// each error sits on the line of the field the API server names, and what it accepts stays clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { dedent, service, yamlDocument } from './support';

/** Errors as "line:code" (1-based lines), in order. */
function errors(text: string): string[] {
  return service()
    .validate(yamlDocument(dedent(text)))
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}`);
}

/** A Job with `spec` lines (indented by two) before its template, and template metadata lines. */
function job(spec = '', options: { name?: string; templateMetadata?: string; metadata?: string } = {}): string {
  return [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${options.name ?? 'j'}`,
    ...(options.metadata ? [options.metadata] : []),
    'spec:',
    ...(spec ? [spec] : []),
    '  template:',
    ...(options.templateMetadata ? ['    metadata:', options.templateMetadata] : []),
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: main',
    '          image: busybox:1.36',
    '',
  ].join('\n');
}

test('a 32-bit field holding more than 2147483647 is an error on its line', () => {
  assert.deepEqual(errors(job('  parallelism: 2147483648')), ['6:out-of-range']);
  assert.deepEqual(errors(job('  parallelism: 2147483647')), []);
  // 64-bit fields take it.
  assert.deepEqual(errors(job('  activeDeadlineSeconds: 2147483648')), []);
});

test('label and annotation keys are qualified names, label values at most 63 characters', () => {
  assert.deepEqual(errors(job('', { metadata: '  labels:\n    "Bad Key": x\n    ok.example.com/name: fine' })), ['6:invalid-label']);
  assert.deepEqual(errors(job('', { metadata: `  labels:\n    app: ${'v'.repeat(64)}` })), ['6:invalid-label']);
  assert.deepEqual(errors(job('', { metadata: '  labels:\n    app: "bad value!"\n    empty: ""' })), ['6:invalid-label']);
  assert.deepEqual(errors(job('', { templateMetadata: '      labels:\n        "-leading": x' })), ['9:invalid-label']);
  assert.deepEqual(errors(job('', { metadata: `  labels:\n    ${'p'.repeat(254)}/key: x` })), ['6:invalid-label']);
  // Annotation keys are compared in lower case; their values are free.
  assert.deepEqual(errors(job('', { metadata: '  annotations:\n    Example.com/Note: "anything at all!"' })), []);
  assert.deepEqual(errors(job('', { metadata: '  annotations:\n    "a/b/c": x' })), ['6:invalid-label']);
  assert.deepEqual(errors(job('', { metadata: `  annotations:\n    big: ${'x'.repeat(262_200)}` })), ['6:invalid-label']);
});

test('a generateName must make a valid name', () => {
  const generated = (prefix: string) => job().replace('  name: j', `  generateName: ${prefix}`);
  assert.deepEqual(errors(generated('agree-')), []);
  assert.deepEqual(errors(generated('Agree_')), ['4:invalid-name']);
});

test('a manual selector: valid keys, operators with or without values, and labels it matches', () => {
  const selected = (expression: string, labels = '        app: a\n        tier: batch') =>
    errors(job(`  manualSelector: true\n  selector:\n    matchLabels: {app: a}\n    matchExpressions:\n      - ${expression}`, { templateMetadata: `      labels:\n${labels}` }));
  assert.deepEqual(selected('{key: tier, operator: In, values: [batch]}'), []);
  assert.deepEqual(selected('{key: tier, operator: NotIn, values: [web]}'), []);
  assert.deepEqual(selected('{key: zone, operator: DoesNotExist}'), []);
  assert.deepEqual(selected('{key: tier, operator: Equals, values: [batch]}'), ['10:selector']);
  assert.deepEqual(selected('{key: tier, operator: In, values: []}'), ['10:selector']);
  assert.deepEqual(selected('{key: tier, operator: Exists, values: [batch]}'), ['10:selector']);
  assert.deepEqual(selected('{key: "Bad Key", operator: Exists}'), ['10:selector', '13:selector']);
  // matchExpressions decide too: the template's labels are where the API server points.
  assert.deepEqual(selected('{key: tier, operator: In, values: [web]}'), ['13:selector']);
});

test('managedBy is a domain-prefixed path of at most 63 characters', () => {
  assert.deepEqual(errors(job('  managedBy: kubernetes.io/job-controller')), []);
  assert.deepEqual(errors(job('  managedBy: Not A Controller')), ['6:out-of-range']);
  assert.deepEqual(errors(job(`  managedBy: example.com/${'m'.repeat(63)}`)), ['6:out-of-range']);
});

test('with a podFailurePolicy, podReplacementPolicy must be Failed', () => {
  const policy = '  podFailurePolicy:\n    rules:\n      - {action: Ignore, onPodConditions: [{type: DisruptionTarget, status: "True"}]}';
  assert.deepEqual(errors(job(`${policy}\n  podReplacementPolicy: Failed`)), []);
  assert.deepEqual(errors(job(`${policy}\n  podReplacementPolicy: TerminatingOrFailed`)), ['9:pod-failure-policy']);
  assert.deepEqual(errors(job('  podReplacementPolicy: TerminatingOrFailed')), []);
});

test("an Indexed Job's last pod hostname (name-index) must be a DNS label", () => {
  const indexed = '  completionMode: Indexed\n  completions: 5';
  assert.deepEqual(errors(job(indexed, { name: 'a'.repeat(61) })), []);
  assert.deepEqual(errors(job(indexed, { name: 'a'.repeat(62) })), ['4:invalid-name']);
  assert.deepEqual(errors(job(indexed, { name: 'agree.dotted' })), ['4:invalid-name']);
  assert.deepEqual(errors(job('  completions: 5', { name: 'agree.dotted' })), []);
});

/** The Job above with lines added to its container (indented by ten). */
function withContainer(lines: string): string {
  return `${job()}${lines}\n`;
}

test('container ports: numbers 1-65535, valid and unique names, a host port once', () => {
  assert.deepEqual(errors(withContainer('          ports:\n            - {name: http, containerPort: 8080, protocol: TCP}')), []);
  assert.deepEqual(errors(withContainer('          ports:\n            - containerPort: 0')), ['13:invalid-port']);
  assert.deepEqual(errors(withContainer('          ports:\n            - containerPort: 65536')), ['13:invalid-port']);
  assert.deepEqual(errors(withContainer('          ports:\n            - {containerPort: 80, hostPort: 70000}')), ['13:invalid-port']);
  assert.deepEqual(errors(withContainer(`          ports:\n            - {name: ${'p'.repeat(16)}, containerPort: 80}`)), ['13:invalid-port']);
  assert.deepEqual(errors(withContainer('          ports:\n            - {name: "8080", containerPort: 80}')), ['13:invalid-port']);
  assert.deepEqual(errors(withContainer('          ports:\n            - {name: web, containerPort: 80}\n            - {name: web, containerPort: 81}')), ['14:invalid-port']);
  assert.deepEqual(errors(withContainer('          ports:\n            - {containerPort: 80, hostPort: 80}\n            - {containerPort: 81, hostPort: 80}')), ['14:invalid-port']);
});

test('env: names of printable ASCII without "=", one valueFrom source, downward API paths and keys it knows', () => {
  const env = (entry: string) => errors(withContainer(`          env:\n            - ${entry}`));
  assert.deepEqual(env('{name: 1STARTS_WITH_DIGIT, value: v}'), []);
  assert.deepEqual(env('{name: "has space", value: v}'), []);
  assert.deepEqual(env('{name: "A=B", value: v}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: "ÜNICODE", value: v}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: A, value: "", valueFrom: {fieldRef: {fieldPath: metadata.name}}}'), []);
  assert.deepEqual(env('{name: A, valueFrom: {}}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}, configMapKeyRef: {name: c, key: k}}}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: A, valueFrom: {fieldRef: {fieldPath: spec.bogus}}}'), ['13:env-value-from']);
  assert.deepEqual(env(`{name: A, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}`), []);
  assert.deepEqual(env('{name: A, valueFrom: {resourceFieldRef: {resource: limits.gpu}}}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: A, valueFrom: {configMapKeyRef: {name: c, key: "bad key"}}}'), ['13:env-value-from']);
  assert.deepEqual(env('{name: A, valueFrom: {secretKeyRef: {name: Bad_Name, key: k}}}'), ['13:invalid-name']);
  assert.deepEqual(errors(withContainer('          envFrom:\n            - {prefix: P_}')), ['13:env-value-from']);
  assert.deepEqual(errors(withContainer('          envFrom:\n            - {configMapRef: {name: c}, secretRef: {name: s}}')), ['13:env-value-from']);
  assert.deepEqual(errors(withContainer('          envFrom:\n            - {configMapRef: {name: c}, prefix: "A="}')), ['13:env-value-from']);
});

/** Diagnostics as "line:code:severity", to tell warnings from errors. */
function all(text: string): string[] {
  const names = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' } as const;
  return service()
    .validate(yamlDocument(dedent(text)))
    .filter((d) => d.severity !== DiagnosticSeverity.Information)
    .map((d) => `${d.range.start.line + 1}:${String(d.code)}:${names[d.severity ?? 1]}`);
}

test('plain yes/no/on/off where a string belongs is read as a boolean by kubectl: an error with a quote fix', () => {
  assert.deepEqual(errors(withContainer('          env:\n            - {name: FLAG, value: yes}')), ['13:wrong-type']);
  assert.deepEqual(errors(withContainer('          env:\n            - {name: FLAG, value: "yes"}')), []);
  assert.deepEqual(errors(withContainer('          command: [sh, -c, echo, on]')), ['12:wrong-type']);
  assert.deepEqual(errors(job('', { metadata: '  labels:\n    flag: n' })), ['6:wrong-type']);
});

test('quantities must parse; an empty enum value is the default; requests stay within limits', () => {
  const resources = (lines: string) => errors(withContainer(`          resources:\n${lines}`));
  assert.deepEqual(resources('            requests: {cpu: 100m, memory: 1.5Gi, ephemeral-storage: 1e3}'), []);
  assert.deepEqual(resources('            requests: {cpu: lots}'), ['13:wrong-type']);
  assert.deepEqual(resources('            requests: {cpu: "2"}\n            limits: {cpu: "1"}'), ['13:resources']);
  assert.deepEqual(resources('            limits: {memory: -1Gi}'), ['13:resources']);
  assert.deepEqual(resources('            limits: {example.com/gpu: 500m}'), ['13:resources']);
  assert.deepEqual(resources('            requests: {example.com/gpu: "1"}'), ['13:resources']);
  assert.deepEqual(resources('            limits: {"bogus resource": "1"}'), ['13:resources']);
  assert.deepEqual(errors(withContainer('          imagePullPolicy: ""')), []);
});

test('a request above its limit is told with both quantities as written', () => {
  const messages = service()
    .validate(yamlDocument(dedent(withContainer('          resources:\n            requests: {cpu: 500m}\n            limits: {cpu: 250m}'))))
    .map((d) => d.message);
  assert.ok(messages.includes('The request for cpu (500m) is above its limit (250m).'), messages.join('\n'));
});

test('what the API server accepts stays clean, or gets a warning when it will not work as meant', () => {
  // Defaults and fields it never checks.
  assert.deepEqual(all(job('  podFailurePolicy: {}')), []);
  assert.deepEqual(all(job('  podFailurePolicy:\n    rules:\n      - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}')), []);
  assert.deepEqual(all(job('  activeDeadlineSeconds: 0')), ['6:out-of-range:warning']);
  assert.deepEqual(all(job('  completionMode: Indexed\n  completions: 2\n  backoffLimitPerIndex: 1').replace('restartPolicy: Never', 'restartPolicy: OnFailure')), ['8:backoff-limit-per-index:warning']);
  // Without the generated job-name label, a Job name may be a long subdomain.
  const manual = job('  manualSelector: true\n  selector: {matchLabels: {app: a}}', { name: 'a'.repeat(64), templateMetadata: '      labels: {app: a}' });
  assert.deepEqual(all(manual), []);
  // A field whose feature gate is off is dropped: its values do not matter, its types still do.
  assert.deepEqual(all(withContainer('          lifecycle:\n            stopSignal: Bogus')), ['13:field-version:warning']);
  assert.deepEqual(all(withContainer('          lifecycle:\n            stopSignal: 5')), ['13:field-version:warning', '13:wrong-type:error']);
  assert.deepEqual(errors(`${job()}      volumes:\n        - image: {pullPolicy: Bogus}\n`), []);
  assert.deepEqual(errors(`${job()}      volumes:\n        - name: v\n`), []);
  assert.deepEqual(errors(job('', { name: 'j', templateMetadata: '' }).replace('      containers:', '      terminationGracePeriodSeconds: -1\n      containers:')), []);
});

test("a CronJob's Job labels are checked when each Job is created: a warning; a day no month has never runs", () => {
  const cron = (schedule: string, jobLabels = 'app: a') =>
    all(`apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "${schedule}"\n  jobTemplate:\n    metadata:\n      labels: {${jobLabels}}\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n            - {name: main, image: busybox:1.36}\n`);
  assert.deepEqual(cron('0 0 * * *'), []);
  assert.deepEqual(cron('0 0 * * *', '"Bad Key": x'), ['9:invalid-label:warning']);
  assert.deepEqual(cron('0 0 30 2 *'), ['6:cron-schedule:warning']);
});

test('pod fields: host and account names, nodeSelector, tolerations, DNS, ids, OS and readiness gates', () => {
  const pod = (line: string) => errors(job().replace('      containers:', `${line}\n      containers:`));
  assert.deepEqual(pod('      hostname: Bad_Host'), ['9:invalid-name']);
  assert.deepEqual(pod('      serviceAccountName: Bad_SA'), ['9:invalid-name']);
  assert.deepEqual(pod('      nodeSelector: {"Bad Key": x}'), ['9:invalid-label']);
  assert.deepEqual(pod('      tolerations: [{operator: Exists}, {key: k, operator: Equal, value: v, effect: NoExecute, tolerationSeconds: 5}]'), []);
  assert.deepEqual(pod('      tolerations: [{operator: Exists, value: v}]'), ['9:enum-value']);
  assert.deepEqual(pod('      tolerations: [{key: k, effect: NoSchedule, tolerationSeconds: 10}]'), ['9:enum-value']);
  assert.deepEqual(pod('      tolerations: [{operator: Equal}]'), ['9:enum-value']);
  assert.deepEqual(pod('      dnsPolicy: None'), ['9:missing-required']);
  assert.deepEqual(pod('      dnsConfig: {nameservers: [not-an-ip, 10.0.0.10]}'), ['9:wrong-type']);
  assert.deepEqual(pod('      securityContext: {runAsUser: -1}'), ['9:out-of-range']);
  assert.deepEqual(pod('      securityContext: {seccompProfile: {type: Localhost}}'), ['9:missing-required']);
  assert.deepEqual(pod('      activeDeadlineSeconds: 0'), ['9:out-of-range']);
  assert.deepEqual(pod('      os: {name: plan9}'), ['9:enum-value']);
  assert.deepEqual(pod('      readinessGates: [{conditionType: "Bad Type"}]'), ['9:invalid-name']);
  assert.deepEqual(pod('      topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]'), ['9:out-of-range']);
});

test('volumes and mounts: unique valid names, one source, relative paths, modes up to 0777, mounts of known volumes', () => {
  const volumes = (list: string, mounts = '') => errors(`${job()}${mounts}      volumes:\n${list}\n`);
  assert.deepEqual(volumes('        - {name: v, emptyDir: {}}\n        - {name: v, emptyDir: {}}'), ['14:invalid-name']);
  assert.deepEqual(volumes('        - {name: Vol, emptyDir: {}}'), ['13:invalid-name']);
  assert.deepEqual(volumes('        - {name: v, emptyDir: {}, configMap: {name: c}}'), ['13:missing-required']);
  assert.deepEqual(volumes('        - {name: v, configMap: {}}'), ['13:missing-required']);
  assert.deepEqual(volumes('        - {name: v, configMap: {name: c, defaultMode: 512}}'), ['13:out-of-range']);
  assert.deepEqual(volumes('        - {name: v, configMap: {name: c, items: [{key: k, path: ../x}]}}'), ['13:invalid-name']);
  assert.deepEqual(volumes('        - {name: v, ephemeral: {}}'), ['13:missing-required']);
  const mounts = (list: string) => volumes('        - {name: v, emptyDir: {}}', `          volumeMounts:\n${list}\n`);
  assert.deepEqual(mounts('            - {name: v, mountPath: /m, subPath: sub}'), []);
  assert.deepEqual(mounts('            - {name: missing, mountPath: /m}'), ['13:missing-required']);
  assert.deepEqual(mounts('            - {name: v, mountPath: /m}\n            - {name: v, mountPath: /m}'), ['14:invalid-name']);
  assert.deepEqual(mounts('            - {name: v, mountPath: /m, subPath: ../up}'), ['13:invalid-name']);
  assert.deepEqual(mounts('            - {name: v, mountPath: /m, recursiveReadOnly: Enabled}'), ['13:missing-required']);
});

test('probes and hooks: one handler, timings, successThreshold 1, none on a plain init container', () => {
  const probe = (value: string) => errors(withContainer(`          livenessProbe: ${value}`));
  assert.deepEqual(probe('{exec: {command: ["true"]}, periodSeconds: 5}'), []);
  assert.deepEqual(probe('{httpGet: {port: http, path: /}}'), []);
  assert.deepEqual(probe('{exec: {command: ["true"]}, tcpSocket: {port: 80}}'), ['12:probe']);
  assert.deepEqual(probe('{periodSeconds: 5}'), ['12:probe']);
  assert.deepEqual(probe('{exec: {command: ["true"]}, successThreshold: 2}'), ['12:probe']);
  assert.deepEqual(probe('{tcpSocket: {port: 0}}'), ['12:invalid-port']);
  assert.deepEqual(errors(withContainer('          lifecycle: {preStop: {}}')), ['12:probe']);
  const init = (extra: string) => errors(job().replace('      containers:', `      initContainers:\n        - {name: init, image: busybox:1.36${extra}}\n      containers:`));
  assert.deepEqual(init(', readinessProbe: {exec: {command: ["true"]}}'), ['10:probe']);
  assert.deepEqual(init(', restartPolicy: Always, readinessProbe: {exec: {command: ["true"]}}'), []);
  // A name shared by an init container and a container is reported on the init container.
  assert.deepEqual(errors(job().replace('      containers:', '      initContainers:\n        - {name: main, image: busybox:1.36}\n      containers:')), ['10:duplicate-container-name']);
});

test('podFailurePolicy with OnFailure is reported at the restartPolicy; an empty succeededIndexes lists no index', () => {
  const policy = '  podFailurePolicy:\n    rules:\n      - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}';
  assert.deepEqual(errors(job(policy).replace('restartPolicy: Never', 'restartPolicy: OnFailure')), ['11:pod-failure-policy']);
  assert.deepEqual(errors(job(policy).replace('restartPolicy: Never', 'restartPolicy: ""')), ['11:restart-policy']);
  const success = (rule: string) => errors(job(`  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n      - ${rule}`));
  assert.deepEqual(success('{succeededIndexes: "", succeededCount: 1}'), ['10:success-policy']);
  assert.deepEqual(success('{succeededIndexes: "0, 2"}'), ['10:success-policy']);
});

test('job policies: at least one success rule and one exit code, known condition statuses, maxFailedIndexes above 100000 completions', () => {
  const indexed = (lines: string) => errors(job(`  completionMode: Indexed\n  completions: 3\n${lines}`));
  assert.deepEqual(indexed('  successPolicy:\n    rules: []'), ['9:success-policy']);
  const failure = (rule: string) => errors(job(`  podFailurePolicy:\n    rules:\n      - ${rule}`));
  assert.deepEqual(failure('{action: FailJob, onExitCodes: {operator: In, values: []}}'), ['8:pod-failure-policy']);
  assert.deepEqual(failure('{action: Ignore, onPodConditions: []}'), ['8:pod-failure-policy']);
  assert.deepEqual(failure('{action: Ignore, onPodConditions: [{type: DisruptionTarget, status: Maybe}]}'), ['8:pod-failure-policy']);
  assert.deepEqual(failure('{action: Ignore, onPodConditions: [{type: "Bad Type"}]}'), ['8:pod-failure-policy']);
  assert.deepEqual(failure('{action: Ignore, onPodConditions: [{type: DisruptionTarget, status: ""}]}'), []);
  // An empty action or operator is not defaulted, unlike most enums.
  assert.deepEqual(failure('{action: "", onPodConditions: [{type: DisruptionTarget}]}'), ['8:enum-value']);
  assert.deepEqual(errors(job('  podReplacementPolicy: ""')), ['6:enum-value']);
  assert.deepEqual(
    errors(job('  completionMode: Indexed\n  completions: 100001\n  backoffLimitPerIndex: 1')),
    ['7:backoff-limit-per-index'],
  );
});

test('a Job without a pod template, a manual selector without a selector, the labels the server sets', () => {
  assert.deepEqual(errors('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n'), ['2:missing-required']);
  assert.deepEqual(errors('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template: {}\n'), ['6:missing-required']);
  assert.deepEqual(errors(job('  manualSelector: true')), ['6:selector']);
  assert.deepEqual(errors(job('', { templateMetadata: '      labels: {batch.kubernetes.io/job-name: other}' })), ['8:selector']);
  assert.deepEqual(errors(job('', { templateMetadata: '      labels: {app: a}' })), []);
});

test('mount names, case-exact time zones, generated names that fit', () => {
  assert.deepEqual(errors(`${job()}          volumeMounts: [{name: "", mountPath: /m}]\n`), ['12:missing-required']);
  const cron = (lines: string) => errors(`apiVersion: batch/v1\nkind: CronJob\nmetadata:\n${lines}\nspec:\n  schedule: "@daily"\n  timeZone: utc\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: busybox:1.36}]\n`);
  assert.deepEqual(cron('  name: c'), ['7:time-zone']);
  assert.deepEqual(errors(cronJobText('Etc/UTC')), []);
  assert.deepEqual(cron(`  generateName: ${'g'.repeat(48)}`), ['4:invalid-name', '7:time-zone']);
  const indexed = job('  completionMode: Indexed\n  completions: 5').replace('  name: j', `  generateName: ${'g'.repeat(70)}`);
  assert.deepEqual(errors(indexed), ['4:invalid-name']);
});

function cronJobText(timeZone: string): string {
  return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "@daily"\n  timeZone: ${timeZone}\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: main, image: busybox:1.36}]\n`;
}

test('scheduling: node selector requirements, weights 1-100, topology keys, spread constraints', () => {
  const pod = (line: string) => errors(job().replace('      containers:', `${line}\n      containers:`));
  const required = (expression: string) => pod(`      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [${expression}]}]}}}`);
  assert.deepEqual(required('{key: size, operator: Gt, values: ["1"]}'), []);
  assert.deepEqual(required('{key: size, operator: Gt, values: ["1", "2"]}'), ['9:selector']);
  assert.deepEqual(required('{key: zone, operator: In, values: []}'), ['9:selector']);
  assert.deepEqual(required('{key: "Bad Key", operator: Exists}'), ['9:invalid-label']);
  assert.deepEqual(pod('      affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 101, podAffinityTerm: {topologyKey: zone}}]}}'), ['9:out-of-range']);
  assert.deepEqual(pod('      affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: "Bad Key"}]}}'), ['9:invalid-label']);
  const spread = (extra: string) => `{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule${extra}}`;
  assert.deepEqual(pod(`      topologySpreadConstraints:\n        - ${spread('')}\n        - ${spread('')}`), ['10:out-of-range']);
  assert.deepEqual(pod(`      topologySpreadConstraints: [${spread(', minDomains: 0')}]`), ['9:out-of-range']);
  assert.deepEqual(pod('      topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}]'), ['9:out-of-range']);
});

test('security and host namespaces: privileged escalation, Unmasked, profiles, groups, sysctls, DNS limits', () => {
  const pod = (line: string) => errors(job().replace('      containers:', `${line}\n      containers:`));
  const container = (context: string) => errors(withContainer(`          securityContext: ${context}`));
  assert.deepEqual(container('{privileged: true, allowPrivilegeEscalation: false}'), ['12:out-of-range']);
  assert.deepEqual(container('{procMount: Unmasked}'), ['12:out-of-range']);
  assert.deepEqual(container('{seccompProfile: {type: RuntimeDefault, localhostProfile: x}}'), ['12:missing-required']);
  assert.deepEqual(container('{windowsOptions: {hostProcess: true}}'), ['12:out-of-range']);
  assert.deepEqual(pod('      securityContext: {supplementalGroups: [-1]}'), ['9:out-of-range']);
  assert.deepEqual(pod('      securityContext: {sysctls: [{name: a.b, value: "1"}, {name: a.b, value: "0"}]}'), ['9:invalid-name']);
  assert.deepEqual(pod('      shareProcessNamespace: true\n      hostPID: true'), ['9:out-of-range']);
  assert.deepEqual(pod('      dnsConfig: {nameservers: [1.1.1.1, 1.0.0.1, 8.8.8.8, 8.8.4.4]}'), ['9:out-of-range']);
  assert.deepEqual(pod('      dnsConfig: {searches: [Bad_Domain, my_domain.example.com]}'), ['9:invalid-name']);
  assert.deepEqual(pod('      runtimeClassName: Bad_Class'), ['9:invalid-name']);
  assert.deepEqual(pod('      resourceClaims: [{name: gpu}]'), ['9:missing-required']);
  const hostNetwork = (hostPort: number) => errors(`${job().replace('      containers:', '      hostNetwork: true\n      containers:')}          ports: [{containerPort: 80, hostPort: ${hostPort}}]\n`);
  assert.deepEqual(hostNetwork(80), []);
  assert.deepEqual(hostNetwork(81), ['13:invalid-port']);
});

test('hooks, resize policies, devices and the rarer volume sources', () => {
  assert.deepEqual(errors(withContainer('          lifecycle: {preStop: {sleep: {seconds: 5}}}')), []);
  assert.deepEqual(errors(withContainer('          lifecycle: {preStop: {sleep: {seconds: 40}}}')), ['12:probe']);
  assert.deepEqual(errors(withContainer('          resizePolicy: [{resourceName: gpu, restartPolicy: NotRequired}]')), ['12:resources']);
  assert.deepEqual(errors(withContainer('          volumeDevices: [{name: missing, devicePath: /dev/x}]')), ['12:missing-required']);
  const volume = (source: string) => errors(`${job()}      volumes:\n        - {name: v, ${source}}\n`);
  assert.deepEqual(volume('projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]}'), []);
  assert.deepEqual(volume('projected: {sources: [{serviceAccountToken: {path: token, expirationSeconds: 300}}]}'), ['13:out-of-range']);
  assert.deepEqual(volume('projected: {sources: [{configMap: {name: c}, secret: {name: s}}]}'), ['13:missing-required']);
  assert.deepEqual(volume('projected: {sources: [{downwardAPI: {items: [{path: name, fieldRef: {fieldPath: spec.bogus}}]}}]}'), ['13:env-value-from']);
  assert.deepEqual(volume('downwardAPI: {items: [{path: cpu, resourceFieldRef: {resource: limits.cpu}}]}'), ['13:missing-required']);
  assert.deepEqual(volume('csi: {driver: "Bad Driver"}'), ['13:invalid-name']);
  assert.deepEqual(volume('nfs: {server: nfs.example.com, path: relative}'), ['13:invalid-name']);
  assert.deepEqual(volume('gitRepo: {repository: r, directory: ../up}'), ['13:invalid-name']);
});

test('schedules as robfig/cron reads them: days of the week 0-6, no Jenkins H; at most 20 condition patterns', () => {
  const schedule = (value: string) => errors(cronJobText('Etc/UTC').replace('"@daily"', `"${value}"`));
  assert.deepEqual(schedule('0 0 * * SUN-SAT'), []);
  assert.deepEqual(schedule('0 0 ? * MON'), []);
  assert.deepEqual(schedule('0 0 * * 7'), ['6:cron-schedule']);
  assert.deepEqual(schedule('H 0 * * *'), ['6:cron-schedule']);
  const patterns = Array.from({ length: 21 }, () => '{type: DisruptionTarget}').join(', ');
  assert.deepEqual(errors(job(`  podFailurePolicy:\n    rules:\n      - action: Ignore\n        onPodConditions: [${patterns}]`)), ['9:pod-failure-policy']);
});
