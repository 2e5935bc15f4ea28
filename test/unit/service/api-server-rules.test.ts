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
