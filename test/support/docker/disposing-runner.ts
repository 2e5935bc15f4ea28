// A runner process that starts a memory-limited container, disposes its runtime and returns,
// leaving the container running: nothing of the runtime may then hold the process open.
// Usage: node --import tsx disposing-runner.ts <runId>
import { DockerPodRuntime } from '../../../client/src/runs/docker/docker-pod-runtime';

const runId = process.argv[2];
const runtime = new DockerPodRuntime({ directFileAccess: true });
const podName = `${runId}-pod`;
const limited = { name: 'c', image: 'busybox:latest', imagePullPolicy: 'IfNotPresent', command: ['sleep', '600'], resources: { limits: { memory: '16Mi' } } };
runtime
  .createPod({ runId, namespace: 'default', jobName: 'disposed', podName, uid: `${runId}-uid`, hostname: podName, labels: {}, annotations: {}, spec: { restartPolicy: 'Never', containers: [limited] }, configMaps: [], secrets: [] })
  .then(() => runtime.startContainer(podName, 'c'))
  .then(() => runtime.dispose())
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
