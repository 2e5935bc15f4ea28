// Starts a run on the target the user chose.
import type { StartRun } from './run';
import { UsageError } from './exit-codes';

export const startRun: StartRun = async (options) => {
  throw new UsageError(`the ${options.target} target is not available in this build`);
};
