import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostAccessNeeds } from '../../../client/src/runs/host-access';

test('hostPath volumes and privileged containers of a Job need consent', () => {
  const job = {
    kind: 'Job',
    spec: {
      template: {
        spec: {
          volumes: [{ name: 'data', hostPath: { path: '/var/data' } }, { name: 'scratch', emptyDir: {} }],
          initContainers: [{ name: 'setup', securityContext: { privileged: true } }],
          containers: [{ name: 'main' }],
        },
      },
    },
  };
  assert.deepEqual(hostAccessNeeds(job), ['volume "data" mounts the host path /var/data', 'container "setup" is privileged']);
});

test("a CronJob's job template is checked too, and a plain Job needs nothing", () => {
  const cronJob = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { hostNetwork: true, containers: [] } } } } } };
  assert.deepEqual(hostAccessNeeds(cronJob), ['the pod uses the host network']);
  assert.deepEqual(hostAccessNeeds({ kind: 'Job', spec: { template: { spec: { containers: [{ name: 'c' }] } } } }), []);
});
