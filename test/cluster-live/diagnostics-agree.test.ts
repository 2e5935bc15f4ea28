// `kube-jobs lint` against the API server itself: thousands of Jobs and CronJobs (valid bases and
// their mutations), each created with dryRun=All and strict field validation on the cluster from
// KUBECONFIG, and checked by the language service the CLI uses. No lint error on what the server
// accepts; an error at the line of the field it names for at least 98% of what it rejects.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { agreementCases } from '../support/api-agreement/cases';
import { DryRunClient } from '../support/api-agreement/dry-run';
import { compareWithServer, describeDisagreement, figures, formatFigures, type CaseResult } from '../support/api-agreement/agreement';

const kubeconfig = process.env.KUBECONFIG;
const CONCURRENCY = 12;
const MIN_CAUGHT_PERCENT = 98;

if (!kubeconfig) {
  test('the diagnostics agreement needs a cluster', () => {
    assert.fail('KUBECONFIG is not set: this suite compares lint with a real kube-apiserver. Start one (npm run cluster:up prints KUBECONFIG=<path>), export KUBECONFIG, and run again.');
  });
} else {
  let client: DryRunClient;
  let results: CaseResult[];

  before(async () => {
    client = await DryRunClient.connect(kubeconfig, `kube-jobs-agree-${randomBytes(3).toString('hex')}`, CONCURRENCY);
    await client.createNamespace();
    results = await compareWithServer(agreementCases(), client, CONCURRENCY);
    console.log(formatFigures(figures(results)));
  });
  after(async () => {
    await client?.deleteNamespace();
    client?.close();
  });

  test('the API server accepts every base manifest', () => {
    const bases = results.filter((r) => r.case.category === 'base');
    assert.ok(bases.length >= 5);
    for (const base of bases) assert.ok(base.verdict.accepted, describeDisagreement(base));
  });

  test('thousands of manifests, both accepted and rejected ones', () => {
    const f = figures(results);
    assert.ok(f.manifests >= 3000, `only ${f.manifests} manifests`);
    assert.ok(f.accepted >= 500 && f.rejected >= 1000, formatFigures(f));
  });

  test('lint reports no error on a manifest the API server accepts', () => {
    const alarms = results.filter((r) => r.outcome === 'false-alarm');
    assert.equal(alarms.length, 0, `${alarms.length} false alarms:\n${alarms.slice(0, 30).map(describeDisagreement).join('\n')}`);
  });

  test(`lint reports an error on the field's line for at least ${MIN_CAUGHT_PERCENT}% of what the API server rejects`, () => {
    const f = figures(results);
    const misses = results.filter((r) => r.outcome === 'missed' || r.outcome === 'elsewhere');
    assert.ok(f.caughtPercent >= MIN_CAUGHT_PERCENT, `${formatFigures(f)}\n${misses.slice(0, 40).map(describeDisagreement).join('\n')}`);
  });
}
