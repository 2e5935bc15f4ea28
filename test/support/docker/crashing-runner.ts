// A runner process that creates a pod and dies without cleaning up: the orphan that
// removeOrphans must find. Usage: node --import tsx crashing-runner.ts <runId>
import { DockerPodRuntime } from '../../../client/src/runs/docker/docker-pod-runtime';

const runId = process.argv[2];
const runtime = new DockerPodRuntime();
const podName = `${runId}-pod`;
runtime
  .createPod({
    runId,
    namespace: 'default',
    jobName: 'crashed',
    podName,
    uid: `${runId}-uid`,
    hostname: podName,
    labels: {},
    annotations: {},
    spec: { restartPolicy: 'Never', volumes: [{ name: 'scratch', emptyDir: {} }], containers: [{ name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '600'] }] },
    configMaps: [],
    secrets: [],
  })
  .then(() => runtime.startContainer(podName, 'c'))
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
