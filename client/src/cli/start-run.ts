// Starts a run on the target the user chose, through the same targets the editor uses.
import type { StartRun } from './run';
import { createTarget } from '../targets/create-target';
import { UsageError } from './exit-codes';

export const startRun: StartRun = async (options, manifest, workload, report) => {
  const target = await createTarget(
    options.target === 'docker' ? { kind: 'docker' } : { kind: 'cluster', context: options.context, namespace: options.namespace },
    { dockerHost: process.env.DOCKER_HOST, backoffScale: options.backoffScale },
  );
  return target.start({
    manifest,
    workload,
    allowHostAccess: options.allowHostAccess,
    report,
    resolveConflict: (jobName, reason) => {
      if (options.onConflict === 'fail') {
        return Promise.reject(new UsageError(`job/${jobName} ${reason}; run again with --on-conflict replace (delete it and run again) or --on-conflict copy (run a copy)`));
      }
      return Promise.resolve(options.onConflict);
    },
  });
};
