// The grammars in syntaxes/, tokenized by the same TextMate engine VS Code uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { formatLogLine, formatStatusLine } from '../../client/src/logs/log-format';
import { describeRun } from '../../client/src/describe/describe-run';
import { describeSections } from '../../client/src/describe/describe-sections';
import type { Run } from '../../client/src/runs/model';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

const onigLib = (async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  return { createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) };
})();

const grammarFiles: Record<string, string> = {
  'source.kube-jobs-log': `${root}syntaxes/kube-jobs-log.tmLanguage.json`,
  'source.kube-jobs-describe': `${root}syntaxes/kube-jobs-describe.tmLanguage.json`,
  'kube-jobs.yaml.injection': `${root}syntaxes/kube-jobs-yaml.injection.tmLanguage.json`,
  'source.yaml': require.resolve('tm-grammars/grammars/yaml.json'),
};

const registry = new Registry({
  onigLib,
  loadGrammar: async (scope) => (grammarFiles[scope] ? parseRawGrammar(readFileSync(grammarFiles[scope], 'utf8'), grammarFiles[scope]) : null),
  getInjections: (scope) => (scope === 'source.yaml' ? ['kube-jobs.yaml.injection'] : undefined),
});

/** The scopes of the first token that covers `fragment` in `line`. */
function scopesOf(grammar: IGrammar, line: string, fragment: string): string[] {
  const at = line.indexOf(fragment);
  assert.ok(at >= 0, `"${fragment}" is not in "${line}"`);
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  const token = tokens.find((t) => t.startIndex <= at && at < t.endIndex);
  assert.ok(token);
  return token.scopes;
}

test('log lines: prefixes, stderr, timestamps and status lines get their own scopes', async () => {
  const log = (await registry.loadGrammar('source.kube-jobs-log'))!;
  const time = '2026-11-22T08:00:01.123456789Z';
  const out = formatLogLine({ pod: 'normal-job-abcde', container: 'busybox', stream: 'stdout', text: 'hello', time }, true);
  assert.ok(scopesOf(log, out, time).includes('constant.numeric.date.kube-jobs-log'));
  assert.ok(scopesOf(log, out, 'normal-job-abcde').includes('entity.name.tag.pod.kube-jobs-log'));
  assert.ok(scopesOf(log, out, 'busybox').includes('entity.name.function.container.kube-jobs-log'));
  assert.ok(scopesOf(log, out, 'hello').includes('string.unquoted.output.kube-jobs-log'));

  const err = formatLogLine({ pod: 'p', container: 'c', stream: 'stderr', text: 'boom', time }, false);
  assert.ok(scopesOf(log, err, 'boom').includes('markup.deleted.kube-jobs-log'));
  assert.ok(!scopesOf(log, out, 'hello').includes('markup.deleted.kube-jobs-log'));

  assert.ok(scopesOf(log, formatStatusLine('job/x Complete', 'success'), 'Complete').includes('markup.inserted.kube-jobs-log'));
  assert.ok(scopesOf(log, formatStatusLine('job/x Failed', 'failure'), 'Failed').includes('markup.deleted.kube-jobs-log'));
  assert.ok(scopesOf(log, formatStatusLine('the API server warns: would violate PodSecurity', 'warning'), 'PodSecurity').includes('markup.changed.kube-jobs-log'));
  assert.ok(scopesOf(log, formatStatusLine('pod/x started'), 'started').includes('markup.heading.kube-jobs-log'));
});

test('YAML: cron expressions in schedule and $(VAR) references are highlighted', async () => {
  const yaml = (await registry.loadGrammar('source.yaml'))!;
  const line = '  schedule: "*/5 9-17 * * MON-FRI"';
  assert.ok(scopesOf(yaml, line, '*/5').includes('meta.cron-expression.kube-jobs'));
  assert.ok(scopesOf(yaml, line, '9').includes('constant.numeric.cron.kube-jobs'));
  assert.ok(scopesOf(yaml, line, 'MON').includes('constant.language.cron-name.kube-jobs'));
  assert.ok(scopesOf(yaml, '  schedule: @hourly', '@hourly').includes('constant.language.cron-macro.kube-jobs'));
  // A key merely named like schedule inside a value is not a schedule.
  assert.ok(!scopesOf(yaml, '  note: schedule: 1 2 3 4 5', '1').includes('meta.cron-expression.kube-jobs'));

  const args = '      args: ["echo", "$(GREETING) world", "$$(LITERAL)"]';
  assert.ok(scopesOf(yaml, args, 'GREETING').includes('variable.other.env.kube-jobs'));
  assert.ok(scopesOf(yaml, args, '$$(LITERAL)').includes('constant.character.escape.kube-jobs'));
  assert.ok(!scopesOf(yaml, '# $(NOT_IN_A_COMMENT)', 'NOT_IN').includes('variable.other.env.kube-jobs'));
});

/** A failed run with a condition, a pod and events of both types, as Describe shows it. */
function describedRun(): string {
  const run: Run = {
    id: 'r',
    target: 'docker',
    namespace: 'default',
    jobName: 'always-fails',
    job: { metadata: { name: 'always-fails' }, spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } },
    status: {
      active: 0,
      ready: 0,
      succeeded: 0,
      failed: 1,
      terminating: 0,
      startTime: '2026-12-04T10:00:00Z',
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastTransitionTime: '2026-12-04T10:00:05Z' }],
    },
    pods: [
      {
        name: 'always-fails-abcde',
        uid: 'u',
        phase: 'Failed',
        node: 'local',
        createdAt: '2026-12-04T10:00:00Z',
        labels: {},
        annotations: {},
        initContainers: [],
        containers: [{ name: 'main', image: 'busybox', role: 'main', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-12-04T10:00:04Z' } } }],
      },
    ],
    events: [
      { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: always-fails-abcde', involvedObject: 'job/always-fails', time: '2026-12-04T10:00:00Z' },
      { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', involvedObject: 'job/always-fails', time: '2026-12-04T10:00:05Z' },
    ],
  };
  return describeRun(run, 'Local Docker', Date.parse('2026-12-04T10:01:00Z'));
}

test('Describe: headings, keys, condition statuses and event types get their own scopes', async () => {
  const grammar = (await registry.loadGrammar('source.kube-jobs-describe'))!;
  const lines = describedRun().split('\n');
  const line = (pattern: RegExp): string => {
    const found = lines.find((l) => pattern.test(l));
    assert.ok(found, `no line ${String(pattern)}`);
    return found;
  };
  for (const heading of ['Conditions:', 'Pods:', 'Events:']) assert.ok(scopesOf(grammar, heading, heading.slice(0, -1)).includes('markup.heading.section.kube-jobs-describe'), heading);
  assert.ok(scopesOf(grammar, line(/^Name:/), 'Name').includes('entity.name.tag.key.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, line(/^Start Time:/), '2026-12-04').includes('constant.numeric.date.kube-jobs-describe'));
  const condition = line(/^ {2}Failed {3,}True/);
  assert.ok(scopesOf(grammar, condition, 'Failed').includes('entity.name.type.condition.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, condition, 'True').includes('constant.language.boolean.true.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, condition, 'BackoffLimitExceeded').includes('markup.deleted.status.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, line(/^ {2}Type {3,}Reason/), 'Reason').includes('markup.bold.table-header.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, line(/^ {2}Normal /), 'Normal').includes('markup.inserted.event.normal.kube-jobs-describe'));
  const warning = line(/^ {2}Warning /);
  assert.ok(scopesOf(grammar, warning, 'Warning').includes('markup.deleted.event.warning.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, warning, 'BackoffLimitExceeded').includes('entity.name.function.event-reason.kube-jobs-describe'));
  assert.ok(scopesOf(grammar, line(/Phase:/), 'Failed').includes('markup.deleted.status.kube-jobs-describe'));
});

test('Describe folds by section: Pod Template, Conditions, Pods (and each pod), Events', () => {
  const text = describedRun();
  const lines = text.split('\n');
  const folded = describeSections(text).map((s) => lines[s.start].trim());
  for (const heading of ['Pod Template:', 'Conditions:', 'Pods:', 'Events:', 'always-fails-abcde', 'Containers:', 'Why It Failed:']) assert.ok(folded.includes(heading), `${heading} does not fold: ${folded.join(' | ')}`);
  assert.ok(!folded.includes(lines.find((l) => l.startsWith('Name:'))!.trim()));
  const events = describeSections(text).find((s) => lines[s.start] === 'Events:')!;
  assert.equal(events.end, lines.length - 2, 'the Events section runs to the last event');
});
