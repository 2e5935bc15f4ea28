// The grammars in syntaxes/, tokenized by the same TextMate engine VS Code uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { formatLogLine, formatStatusLine } from '../../client/src/logs/log-format';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

const onigLib = (async () => {
  await oniguruma.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  return { createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) };
})();

const grammarFiles: Record<string, string> = {
  'source.kube-jobs-log': `${root}syntaxes/kube-jobs-log.tmLanguage.json`,
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
