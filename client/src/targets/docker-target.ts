// The local Docker engine as a run target: the Job controller's state machine (local-runner)
// carrying out its pods on the engine (DockerPodRuntime).
import { createDockerClient, pingEngine } from '../runs/docker/docker-client';
import { DockerPodRuntime } from '../runs/docker/docker-pod-runtime';
import { startLocalRun } from '../runs/local-runner';
import type { RunHandle } from '../runs/model';
import { LOCAL_DOCKER_LABEL, type RunTarget, type StartRequest } from './run-target';

export interface DockerTargetOptions {
  /** kubeJobs.docker.host; empty: DOCKER_HOST, else the default socket. */
  dockerHost?: string;
  backoffScale?: number;
}

/** Resolves once the engine answers; otherwise rejects saying how to start one. */
export async function createDockerTarget(options: DockerTargetOptions): Promise<RunTarget> {
  const docker = createDockerClient(options.dockerHost);
  await pingEngine(docker, options.dockerHost);
  return {
    kind: 'docker',
    label: LOCAL_DOCKER_LABEL,
    namespace: 'default',
    async start(request: StartRequest): Promise<RunHandle> {
      // Consent to host access is per run, so each run has its own runtime.
      const runtime = new DockerPodRuntime({ docker, allowHostAccess: request.allowHostAccess });
      try {
        await runtime.ready();
      } catch (error) {
        runtime.dispose();
        throw error;
      }
      request.report?.(`creating job/${request.workload.metadata?.name ?? ''} on the local Docker engine`);
      const handle = startLocalRun({
        job: request.workload,
        configMaps: request.manifest.configMaps,
        secrets: request.manifest.secrets,
        runtime,
        backoffScale: options.backoffScale,
        namespace: request.workload.metadata?.namespace,
      });
      const subscription = handle.onDidChange((change) => {
        if (change.kind !== 'removed') return;
        subscription.dispose();
        runtime.dispose();
      });
      return handle;
    },
  };
}
