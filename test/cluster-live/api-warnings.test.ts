// The API server's warnings reach the user, as kubectl prints them: a namespace that warns at the
// "restricted" Pod Security level, and Jobs whose pods would or would not violate it, run through
// the cluster target the editor and the CLI use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import { ClusterTarget } from '../../client/src/runs/cluster/cluster-target';
import { finishedCondition } from '../../client/src/runs/model';
import type { KubeObject } from '../../client/src/runs/manifest';
import { liveNamespace } from './live-namespace';
import { busyboxJob } from './live-runs';

const LIVE_TIMEOUT = 180_000;

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-warnings', (ready) => (connection = ready), { 'pod-security.kubernetes.io/warn': 'restricted' });
if (namespace) {
  /** Runs the Job to its end through the cluster target; resolves with the warnings it was told. */
  async function warningsOf(job: KubeObject): Promise<string[]> {
    const warnings: string[] = [];
    const target = new ClusterTarget(connection);
    const run = await target.start({ manifest: { file: 'job.yaml', workloads: [job], configMaps: [], secrets: [] }, workload: job, allowHostAccess: false, warn: (message) => warnings.push(message) });
    try {
      const final = await run.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Complete', 'a warning does not stop the run');
    } finally {
      await run.delete();
    }
    return warnings;
  }

  const main = (securityContext?: Record<string, unknown>) => ({ name: 'main', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'exit 0'], ...(securityContext ? { securityContext } : {}) });

  test('a Job whose pods would violate the namespace\'s Pod Security level runs, and its warning is told once', { timeout: LIVE_TIMEOUT }, async () => {
    const warnings = await warningsOf(busyboxJob('warned', [main()]) as KubeObject);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /^the API server warns: would violate PodSecurity "restricted:latest": /);
    assert.match(warnings[0], /allowPrivilegeEscalation != false/);
    assert.match(warnings[0], /container "main" must set securityContext\.allowPrivilegeEscalation=false/);
  });

  test('a Job that meets the level is told nothing', { timeout: LIVE_TIMEOUT }, async () => {
    const restricted = { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 1000, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
    assert.deepEqual(await warningsOf(busyboxJob('quiet', [main(restricted)]) as KubeObject), []);
  });
}
