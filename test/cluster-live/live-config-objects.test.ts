// The ConfigMap and the Secret a Job uses, written in the same multi-document file, go to a real
// cluster with it and the pod reads them through env, envFrom and volumes; no message of the run
// carries a secret value (the pod prints only a digest of it). Without KUBECONFIG this suite fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { ClusterConnection } from '../../client/src/runs/cluster/cluster-connection';
import type { ClusterRun } from '../../client/src/runs/cluster/cluster-run';
import { ClusterTarget } from '../../client/src/runs/cluster/cluster-target';
import { readManifest, selectWorkload } from '../../client/src/runs/manifest';
import { finishedCondition } from '../../client/src/runs/model';
import { explainFailure } from '../../client/src/runs/run-summary';
import { liveNamespace } from './live-namespace';
import { followToEnd } from './follow-to-end';

const LIVE_TIMEOUT = 150_000;
const PASSWORD = 'live-hunter2-secret';
const TOKEN = 'live-s3cr3t-api-token';
const SECRET_VALUES = [PASSWORD, TOKEN, Buffer.from(PASSWORD).toString('base64'), Buffer.from(TOKEN).toString('base64')];
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let connection: ClusterConnection;
const namespace = liveNamespace('kube-jobs-config', (ready) => (connection = ready));
if (namespace) {
  // The pod prints what it read: the ConfigMap's values as they are, the Secret's as digests.
  const script = [
    'echo "greeting=$GREETING"',
    'echo "mode=$MODE"',
    'echo "settings-file=$(cat /config/greeting)"',
    'echo "token-digest=$(printf %s "$API_TOKEN" | sha256sum | cut -d" " -f1)"',
    'echo "password-digest=$(sha256sum < /secrets/password | cut -d" " -f1)"',
  ].join('; ');
  const file = [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { greeting: 'hello from the file', MODE: 'batch' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'credentials' }, type: 'Opaque', stringData: { password: PASSWORD }, data: { API_TOKEN: Buffer.from(TOKEN).toString('base64') } },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'uses-config' },
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            terminationGracePeriodSeconds: 1,
            containers: [
              {
                name: 'main',
                image: 'busybox:latest',
                imagePullPolicy: 'IfNotPresent',
                command: ['sh', '-c', script],
                env: [{ name: 'GREETING', valueFrom: { configMapKeyRef: { name: 'settings', key: 'greeting' } } }],
                envFrom: [{ configMapRef: { name: 'settings' } }, { secretRef: { name: 'credentials' } }],
                volumeMounts: [
                  { name: 'config', mountPath: '/config', readOnly: true },
                  { name: 'secrets', mountPath: '/secrets', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'config', configMap: { name: 'settings' } },
              { name: 'secrets', secret: { secretName: 'credentials' } },
            ],
          },
        },
      },
    },
  ];

  test('a Job using a ConfigMap and a Secret of its own file (env, envFrom, volumes) runs with them applied; no secret value is printed', { timeout: LIVE_TIMEOUT }, async () => {
    const manifest = readManifest('app.yaml', file.map((o) => stringify(o)).join('---\n'));
    const messages: string[] = [];
    // Through the cluster target, as the editor and the CLI start it.
    const run = (await new ClusterTarget(connection).start({ manifest, workload: selectWorkload(manifest), allowHostAccess: false, report: (m) => messages.push(m) })) as ClusterRun;
    try {
      const lines = await followToEnd(run);
      const final = run.snapshot();
      assert.equal(finishedCondition(final.status)?.type, 'Complete', explainFailure(final).join('\n'));
      assert.deepEqual(
        lines.map((l) => l.text),
        ['greeting=hello from the file', 'mode=batch', 'settings-file=hello from the file', `token-digest=${sha256(TOKEN)}`, `password-digest=${sha256(PASSWORD)}`],
      );
      assert.ok(messages.includes(`creating configmap/settings in ${namespace}`), messages.join('\n'));
      assert.ok(messages.includes(`creating secret/credentials in ${namespace}`), messages.join('\n'));
      const texts = [...messages, ...lines.map((l) => l.text), ...explainFailure(final), JSON.stringify(final.events)];
      for (const text of texts) for (const value of SECRET_VALUES) assert.ok(!text.includes(value), `a secret value was printed: ${text}`);

      // On the cluster, as `kubectl apply -f app.yaml` leaves them.
      const settings = await connection.call('read configmap', () => connection.core.readNamespacedConfigMap({ name: 'settings', namespace }));
      assert.deepEqual(settings.data, { greeting: 'hello from the file', MODE: 'batch' });
      const credentials = await connection.call('read secret', () => connection.core.readNamespacedSecret({ name: 'credentials', namespace }));
      assert.equal(credentials.type, 'Opaque');
      assert.deepEqual(credentials.data, { API_TOKEN: Buffer.from(TOKEN).toString('base64'), password: Buffer.from(PASSWORD).toString('base64') });
    } finally {
      run.dispose();
    }

    // The same file again: the objects are unchanged and left as they are, the Job is a new run.
    const again: string[] = [];
    const second = (await new ClusterTarget(connection).start({ manifest, workload: selectWorkload(manifest), allowHostAccess: false, report: (m) => again.push(m), resolveConflict: () => Promise.resolve('replace' as const) })) as ClusterRun;
    try {
      const final = await second.finished();
      assert.equal(finishedCondition(final.status)?.type, 'Complete');
      assert.ok(again.includes(`configmap/settings in ${namespace} is unchanged`), again.join('\n'));
      assert.ok(again.includes(`secret/credentials in ${namespace} is unchanged`), again.join('\n'));
      for (const text of again) for (const value of SECRET_VALUES) assert.ok(!text.includes(value), `a secret value was printed: ${text}`);
    } finally {
      second.dispose();
    }
  });
}
