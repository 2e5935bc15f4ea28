// Prints how far `kube-jobs lint` agrees with a real kube-apiserver (the cluster from KUBECONFIG):
//   KUBECONFIG=… node --import tsx bench/diagnostics-agreement.ts [--details FILE] [--category C]
// --details writes every disagreement (server answer and lint errors) to FILE.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { agreementCases } from '../test/support/api-agreement/cases';
import { DryRunClient } from '../test/support/api-agreement/dry-run';
import { compareWithServer, describeDisagreement, figures, formatFigures } from '../test/support/api-agreement/agreement';

const { values } = parseArgs({ options: { details: { type: 'string' }, category: { type: 'string' }, concurrency: { type: 'string', default: '12' } } });
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) {
  console.error('KUBECONFIG is not set: start a cluster (npm run cluster:up) and export the path it prints.');
  process.exit(2);
}
async function main(kubeconfigPath: string): Promise<void> {
const concurrency = Number(values.concurrency);
const cases = agreementCases().filter((c) => !values.category || c.category === values.category || c.category === 'base');
const client = await DryRunClient.connect(kubeconfigPath, `kube-jobs-agree-${randomBytes(3).toString('hex')}`, concurrency);
const started = performance.now();
try {
  await client.createNamespace();
  const results = await compareWithServer(cases, client, concurrency);
  console.log(formatFigures(figures(results)));
  console.log(`in ${((performance.now() - started) / 1000).toFixed(1)} s, ${concurrency} requests at a time`);
  if (values.details) {
    const disagreements = results.filter((r) => r.outcome !== 'agreed' && r.outcome !== 'caught');
    writeFileSync(values.details, `${disagreements.map(describeDisagreement).join('\n')}\n`);
    console.log(`${disagreements.length} disagreements written to ${values.details}`);
  }
} finally {
  await client.deleteNamespace();
  client.close();
}
}

void main(kubeconfig);
