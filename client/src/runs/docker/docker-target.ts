// The local Docker engine as a run target: the Job controller's state machine (local-runner)
// carrying out its pods on the engine (DockerPodRuntime). Every run keeps a journal, so that a
// later process (an editor after a reload, another CLI call) can take it over.
import type Docker from 'dockerode';
import { createDockerClient, pingEngine } from './docker-client';
import { DockerPodRuntime } from './docker-pod-runtime';
import { defaultJournalDir } from '../journal/run-journal';
import { keepFolderPrivate } from '../journal/private-folder';
import { startLocalRun, type LocalRunHandle } from '../local-runner';
import type { RunHandle } from '../model';
import { LOCAL_DOCKER_LABEL, type RunTarget, type StartRequest } from '../run-target';

export interface DockerTargetOptions {
  /** kubeJobs.docker.host; empty: DOCKER_HOST, else the default socket. */
  dockerHost?: string;
  backoffScale?: number;
  /** Where runs keep their journals; default defaultJournalDir(). */
  journalDir?: string;
}

/** Resolves once the engine answers; otherwise rejects saying how to start one. */
export async function createDockerTarget(options: DockerTargetOptions): Promise<RunTarget> {
  const docker = createDockerClient(options.dockerHost);
  await pingEngine(docker, options.dockerHost);
  let engineId: Promise<string | undefined> | undefined;
  return {
    kind: 'docker',
    label: LOCAL_DOCKER_LABEL,
    namespace: 'default',
    async start(request: StartRequest): Promise<RunHandle> {
      // Consent to host access is per run, so each run has its own runtime.
      const runtime = new DockerPodRuntime({ docker, allowHostAccess: request.allowHostAccess });
      try {
        await runtime.ready();
        engineId ??= engineIdOf(docker);
        request.report?.(`creating job/${request.workload.metadata?.name ?? ''} on the local Docker engine`);
        const journalDir = options.journalDir ?? defaultJournalDir();
        const shared = keepFolderPrivate(journalDir);
        if (shared) request.warn?.(`the run journals' folder ${shared}. Journals hold the Jobs' Secrets: make the folder private (chmod 700) or set KUBE_JOBS_STATE_DIR to a folder of yours.`);
        const handle = startLocalRun({
          job: request.workload,
          configMaps: request.manifest.configMaps,
          secrets: request.manifest.secrets,
          runtime,
          backoffScale: options.backoffScale,
          namespace: request.workload.metadata?.namespace,
          journal: { dir: journalDir, allowHostAccess: request.allowHostAccess, engineId: await engineId, origin: request.origin },
        });
        disposeWithRun(handle, runtime);
        return handle;
      } catch (error) {
        runtime.dispose();
        throw error;
      }
    },
  };
}

/** The engine's ID, to tell later whether a run's journal belongs to this engine. */
export async function engineIdOf(docker: Docker): Promise<string | undefined> {
  try {
    return ((await docker.info()) as { ID?: string }).ID || undefined;
  } catch {
    return undefined;
  }
}

/** The run's runtime goes when the run is removed. */
export function disposeWithRun(handle: LocalRunHandle, runtime: DockerPodRuntime): void {
  const subscription = handle.onDidChange((change) => {
    if (change.kind !== 'removed') return;
    subscription.dispose();
    runtime.dispose();
  });
}
