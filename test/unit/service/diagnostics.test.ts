import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLEAN_JOB, codes, cronJob, dedent, service, yamlDocument } from './support';

/** CLEAN_JOB with one line replaced (matched by its text) or lines added after it. */
function job(edit: (text: string) => string): string {
  return edit(dedent(CLEAN_JOB));
}

test('a clean Job has no diagnostics at all', () => {
  assert.deepEqual(codes(CLEAN_JOB), []);
});

test('other kinds and plain YAML get nothing, even with mistakes', () => {
  assert.deepEqual(codes('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: X_Y\nspec:\n  replicass: 1\n'), []);
  assert.deepEqual(codes('just: [a, plain\nfile: {\n'), []);
  assert.deepEqual(codes('apiVersion: v1\nkind: Pod\nspec:\n  restartPolicy: Always\n'), []);
});

test('each document of a multi-document file is checked on its own, with positions in the file', () => {
  const text = `${dedent(CLEAN_JOB)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {completion: "1"}\n---\n${dedent(CLEAN_JOB).replace('ttlSecondsAfterFinished', 'ttlSecondsAfterFinish')}`;
  const diagnostics = service().validate(yamlDocument(text));
  // The misspelt field does not count as a ttl either.
  assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-field', 'missing-ttl']);
  const line = text.split('\n').findIndex((l) => l.includes('ttlSecondsAfterFinish:'));
  assert.equal(diagnostics[0].range.start.line, line);
  assert.equal(diagnostics[0].range.start.character, 2);
});

test('unknown fields suggest the field meant', () => {
  const diagnostics = service().validate(yamlDocument(job((t) => t.replace('  ttlSecondsAfterFinished: 600', '  ttlSecondsAfterFinished: 600\n  completion: 3\n  backofflimit: 2'))));
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    ['Unknown field "completion" in JobSpec. Did you mean "completions"?', 'Unknown field "backofflimit" in JobSpec. Did you mean "backoffLimit"?'],
  );
  assert.ok(diagnostics.every((d) => d.code === 'unknown-field' && d.source === 'kube-jobs' && d.severity === 1));
});

test('wrong types, missing required fields and enum values', () => {
  assert.deepEqual(codes(job((t) => t.replace('ttlSecondsAfterFinished: 600', 'ttlSecondsAfterFinished: soon'))), ['wrong-type']);
  assert.deepEqual(codes(job((t) => t.replace('      restartPolicy: Never', '      restartPolicy: Never\n      hostNetwork: "yes"'))), ['wrong-type']);
  assert.deepEqual(codes(job((t) => t.replace('image: busybox:1.36', 'image: busybox:1.36\n          env:\n            - value: x'))), ['missing-required']);
  const enumMessage = service().validate(yamlDocument(job((t) => t.replace('image: busybox:1.36', 'image: busybox:1.36\n          imagePullPolicy: ifNotPresent'))));
  assert.deepEqual(enumMessage.map((d) => d.code), ['enum-value']);
  assert.match(String(enumMessage[0].message), /Did you mean "IfNotPresent"/);
  // Label values are strings; resource quantities may be plain numbers.
  assert.deepEqual(codes(job((t) => t.replace('  name: clean', '  name: clean\n  labels:\n    version: 2'))), ['wrong-type']);
  assert.deepEqual(codes(job((t) => t.replace('memory: 64Mi', 'memory: 64Mi\n              cpu: 1'))), []);
});

test('a map, a list or null as a key is an error at the key, as kubectl refuses such a file', () => {
  const keyed = (key: string) => service().validate(yamlDocument(job((t) => t.replace('  name: clean\n', `  name: clean\n  annotations:\n    ${key}\n      : c\n`))));
  for (const [key, what] of [['? {a: b}', 'a map'], ['? [a, b]', 'a list'], ['? ~', 'null']]) {
    const found = keyed(key);
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line]), [['wrong-type', 5]], `${key}: ${JSON.stringify(found)}`);
    assert.match(String(found[0].message), new RegExp(`not ${what}: kubectl cannot convert the file to JSON`));
  }
  // In a field of the schema too, and a plain number or boolean key is read as text, as kubectl does.
  assert.deepEqual(codes(job((t) => t.replace('      restartPolicy: Never', '      restartPolicy: Never\n      ? [x]\n      : 1'))), ['wrong-type']);
  assert.deepEqual(codes(job((t) => t.replace('  name: clean\n', '  name: clean\n  annotations:\n    1: a\n    true: b\n'))), []);
});

test('restartPolicy Always or absent in a Job or CronJob template is an error', () => {
  const always = service().validate(yamlDocument(job((t) => t.replace('restartPolicy: Never', 'restartPolicy: Always'))));
  assert.deepEqual(always.map((d) => d.code), ['restart-policy']);
  assert.match(String(always[0].message), /Unsupported value: "Always": supported values: "OnFailure", "Never"/);
  assert.deepEqual(codes(job((t) => t.replace('      restartPolicy: Never\n', ''))), ['restart-policy']);
});

test('names: DNS-1123, at most 63 characters for a Job and 52 for a CronJob', () => {
  assert.deepEqual(codes(job((t) => t.replace('name: clean', 'name: Clean_Job'))), ['invalid-name']);
  assert.deepEqual(codes(job((t) => t.replace('name: clean', `name: ${'a'.repeat(63)}`))), []);
  assert.deepEqual(codes(job((t) => t.replace('name: clean', `name: ${'a'.repeat(64)}`))), ['invalid-name']);
  const cron = (name: string) => cronJob({ name });
  assert.deepEqual(codes(cron('a'.repeat(52))), []);
  assert.deepEqual(codes(cron('a'.repeat(53))), ['invalid-name']);
  assert.deepEqual(codes(job((t) => t.replace('- name: main', '- name: Main'))), ['invalid-name']);
  assert.deepEqual(codes(job((t) => t.replace('  name: clean\n', '  labels: {a: b}\n'))), ['missing-required']);
});

test('Indexed Jobs, per-index back-off and success policies need their preconditions', () => {
  const spec = (lines: string) => job((t) => t.replace('  ttlSecondsAfterFinished: 600', `  ttlSecondsAfterFinished: 600\n${lines}`));
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  parallelism: 2')), ['indexed-completions']);
  // Without completions and parallelism, the API server sets both to 1.
  assert.deepEqual(codes(spec('  completionMode: Indexed')), []);
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  completions: 3')), []);
  assert.deepEqual(codes(spec('  backoffLimitPerIndex: 1')), ['backoff-limit-per-index']);
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  completions: 3\n  maxFailedIndexes: 1')), ['backoff-limit-per-index']);
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  completions: 3\n  backoffLimitPerIndex: 1\n  maxFailedIndexes: 4')), ['backoff-limit-per-index']);
  assert.deepEqual(codes(spec('  completions: 3\n  successPolicy:\n    rules:\n      - succeededCount: 1')), ['success-policy']);
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n      - succeededIndexes: "0-5"')), ['success-policy']);
  assert.deepEqual(codes(spec('  completionMode: Indexed\n  completions: 3\n  successPolicy:\n    rules:\n      - succeededIndexes: "0,2"\n        succeededCount: 2')), []);
  assert.deepEqual(codes(spec('  parallelism: -1\n  activeDeadlineSeconds: 0')), ['out-of-range', 'out-of-range']);
});

test('podFailurePolicy: restartPolicy Never, no exit code 0 with In, known container names', () => {
  const policy = (rule: string, restartPolicy = 'Never') =>
    job((t) => t.replace('  ttlSecondsAfterFinished: 600', `  ttlSecondsAfterFinished: 600\n  podFailurePolicy:\n    rules:\n${rule}`).replace('restartPolicy: Never', `restartPolicy: ${restartPolicy}`));
  const exitCodes = (values: string, container = 'main') => `      - action: FailJob\n        onExitCodes:\n          containerName: ${container}\n          operator: In\n          values: ${values}`;
  assert.deepEqual(codes(policy(exitCodes('[1, 42]'))), []);
  assert.deepEqual(codes(policy(exitCodes('[0, 1]'))), ['pod-failure-policy']);
  assert.deepEqual(codes(policy(exitCodes('[1]'), 'OnFailure')), ['pod-failure-policy']);
  assert.deepEqual(codes(policy(exitCodes('[1]', 'sidecar'))), ['pod-failure-policy']);
  assert.deepEqual(codes(policy('      - action: Ignore')), ['pod-failure-policy']);
});

test('selector needs manualSelector and must match the template labels', () => {
  assert.deepEqual(codes(job((t) => t.replace('  ttlSecondsAfterFinished: 600', '  ttlSecondsAfterFinished: 600\n  selector:\n    matchLabels: {app: a}'))), ['selector']);
  const manual = (label: string) =>
    job((t) => t.replace('  ttlSecondsAfterFinished: 600', '  ttlSecondsAfterFinished: 600\n  manualSelector: true\n  selector:\n    matchLabels: {app: a}').replace('  template:\n', `  template:\n    metadata:\n      labels: {app: ${label}}\n`));
  assert.deepEqual(codes(manual('a')), []);
  assert.deepEqual(codes(manual('b')), ['selector']);
});

test('containers: unique names, an image each, env value xor valueFrom', () => {
  const second = (extra: string) => job((t) => t.replace('      restartPolicy: Never', `${extra}\n      restartPolicy: Never`));
  assert.deepEqual(codes(second('        - name: main\n          image: busybox:1.36\n          resources: {limits: {memory: 1Mi}}')), ['duplicate-container-name']);
  assert.deepEqual(codes(job((t) => t.replace('          image: busybox:1.36\n', ''))), ['missing-required']);
  assert.deepEqual(
    codes(job((t) => t.replace('image: busybox:1.36', 'image: busybox:1.36\n          env:\n            - name: A\n              value: x\n              valueFrom:\n                fieldRef: {fieldPath: metadata.name}'))),
    ['env-value-from'],
  );
});

test('CronJob schedules and time zones', () => {
  const cron = (schedule: string, timeZone?: string) => cronJob({ schedule, timeZone });
  for (const valid of ['*/5 * * * *', '0 3 * * 1-5', '@hourly', '@every 1h30m', '0 0 1 JAN,JUL *']) assert.deepEqual(codes(cron(valid)), [], valid);
  for (const invalid of ['* * * *', '* * * * * *', '61 * * * *', '@often', '0 0 L * *', '']) assert.deepEqual(codes(cron(invalid)), ['cron-schedule'], invalid);
  assert.deepEqual(codes(cron('TZ=Asia/Tokyo 0 9 * * *')), ['time-zone']);
  assert.deepEqual(codes(cron('0 9 * * *', 'Asia/Tokyo')), []);
  assert.deepEqual(codes(cron('0 9 * * *', 'Mars/Olympus')), ['time-zone']);
  assert.deepEqual(codes(cron('0 9 * * *', 'Local')), ['time-zone']);
});

test('version awareness: newer fields name their version; removed apiVersions are errors', () => {
  const successPolicy = job((t) =>
    t.replace('  ttlSecondsAfterFinished: 600', '  ttlSecondsAfterFinished: 600\n  completionMode: Indexed\n  completions: 2\n  managedBy: example.com/queue\n  successPolicy:\n    rules:\n      - succeededCount: 1'),
  );
  const old = service({ kubernetesVersion: '1.29' }).validate(yamlDocument(successPolicy));
  assert.deepEqual(old.map((d) => d.code), ['field-version', 'field-version']);
  assert.match(String(old[0].message), /`managedBy` needs Kubernetes 1\.32/);
  assert.match(String(old[1].message), /`successPolicy` needs Kubernetes 1\.31/);
  assert.deepEqual(codes(successPolicy), []);
  const beta = (version?: string) => codes(job((t) => t.replace('batch/v1', 'batch/v1beta1').replace('kind: Job', 'kind: CronJob')), { kubernetesVersion: version });
  assert.ok(beta().includes('api-version'));
  const v2alpha = service().validate(yamlDocument(job((t) => t.replace('batch/v1', 'batch/v2alpha1'))));
  assert.equal(v2alpha.find((d) => d.code === 'api-version')?.severity, 1);
  const cronV1beta1 = cronJob({ apiVersion: 'batch/v1beta1' });
  const removed = service().validate(yamlDocument(cronV1beta1));
  assert.deepEqual(removed.map((d) => [d.code, d.severity]), [['api-version', 1]]);
  assert.match(String(removed[0].message), /removed in Kubernetes 1\.25/);
  assert.deepEqual(service({ kubernetesVersion: '1.24' }).validate(yamlDocument(cronV1beta1)).map((d) => [d.code, d.severity]), [['api-version', 2]]);
});

test('best practices are information by default, without probe or restartPolicy noise', () => {
  const diagnostics = service().validate(yamlDocument(job((t) => t.replace('  ttlSecondsAfterFinished: 600\n', '').replace('busybox:1.36', 'busybox').replace(/ +resources:\n +limits:\n +memory: 64Mi\n/, ''))));
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]).sort(), [
    ['latest-image', 3],
    ['missing-resource-limits', 3],
    ['missing-ttl', 3],
  ]);
});

test('severity per code is configurable, and "off" removes the code', () => {
  const text = job((t) => t.replace('restartPolicy: Never', 'restartPolicy: Always').replace('  ttlSecondsAfterFinished: 600\n', ''));
  const configured = service({ rules: { 'restart-policy': 'warning', 'missing-ttl': 'off' } }).validate(yamlDocument(text));
  assert.deepEqual(configured.map((d) => [d.code, d.severity]), [['restart-policy', 2]]);
  const live = service();
  const document = yamlDocument(text);
  assert.equal(live.validate(document).length, 2);
  live.configure({ rules: { 'restart-policy': 'information' } });
  assert.deepEqual(live.validate(document).map((d) => [d.code, d.severity]), [['restart-policy', 3], ['missing-ttl', 3]]);
});

test('syntax errors and duplicate keys of a Job are reported at their position', () => {
  const text = job((t) => t.replace('  name: clean', '  name: clean\n  name: again'));
  const duplicate = service().validate(yamlDocument(text));
  assert.ok(duplicate.some((d) => d.code === 'duplicate-key' && d.range.start.line === 4));
  const broken = service().validate(yamlDocument('apiVersion: batch/v1\nkind: Job\nspec:\n  template: [\n    - x\n'));
  assert.ok(broken.some((d) => d.code === 'yaml-syntax'));
});

test('a Job written in flow style is checked too', () => {
  const flow = '{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"ttlSecondsAfterFinished": 60, "template": {"spec": {"restartPolicy": "Always", "containers": [{"name": "c", "image": "busybox:1.36", "resources": {"limits": {"memory": "1Mi"}}}]}}}}\n';
  assert.deepEqual(codes(flow), ['restart-policy']);
});

test('validation in slices pauses between documents and ends with the same diagnostics', () => {
  const text = [CLEAN_JOB, CLEAN_JOB.replace('restartPolicy: Never', 'restartPolicy: Always'), CLEAN_JOB].map(dedent).join('---\n');
  const steps = service().validateInSteps(yamlDocument(text), 0);
  let pauses = 0;
  let step = steps.next();
  while (!step.done) {
    pauses++;
    step = steps.next();
  }
  assert.equal(pauses, 3);
  assert.deepEqual(step.value, service().validate(yamlDocument(text)));
});

test('a Job under the wrong built-in apiVersion is flagged; a custom resource named Job is not ours', () => {
  const coreV1 = service().validate(yamlDocument(dedent(CLEAN_JOB).replace('batch/v1', 'v1')));
  assert.deepEqual(coreV1.map((d) => d.code), ['api-version']);
  assert.equal(coreV1[0].message, 'Job is served only as batch/v1, not v1.');
  assert.deepEqual(codes(dedent(CLEAN_JOB).replace('batch/v1', 'batch.volcano.sh/v1alpha1').replace('restartPolicy: Never', 'restartPolicy: Always')), []);
});
