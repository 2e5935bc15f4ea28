// Starts a run on the target the user chose, through the same targets the editor uses.
import type { StartRun } from './run';
import { createTarget } from '../runs/create-target';
import { InputError, UsageError } from './exit-codes';
import { ClusterError } from '../runs/cluster';
import { DockerEngineUnavailable } from '../runs/docker/docker-client';
import { JobSpecError } from '../runs/controller/job-spec';

/** Problems the user can act on (kubeconfig, engine, manifest) are reported as such, without a stack. */
function isUserFacing(error: unknown): error is Error {
  return error instanceof ClusterError || error instanceof DockerEngineUnavailable || error instanceof JobSpecError;
}

export const startRun: StartRun = async (...args) => {
  try {
    return await start(...args);
  } catch (error) {
    if (isUserFacing(error)) throw new InputError(error.message);
    throw error;
  }
};

const start: StartRun = async (options, manifest, workload, report) => {
  const target = await createTarget(
    options.target === 'docker' ? { kind: 'docker' } : { kind: 'cluster', context: options.context, namespace: options.namespace },
    { dockerHost: process.env.DOCKER_HOST, backoffScale: options.backoffScale },
  );
  return target.start({
    manifest,
    workload,
    allowHostAccess: options.allowHostAccess,
    report,
    warn: (message) => report(`warning: ${message}`),
    resolveConflict: (jobName, reason) => {
      if (options.onConflict === 'fail') {
        return Promise.reject(new UsageError(`job/${jobName} ${reason}; run again with --on-conflict replace (delete it and run again) or --on-conflict copy (run a copy)`));
      }
      return Promise.resolve(options.onConflict);
    },
  });
};
