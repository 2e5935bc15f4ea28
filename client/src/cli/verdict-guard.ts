// The CLI never ends without a verdict: should Node run out of things to wait for while a command
// still waits for an outcome (nothing left that could bring it), that is said, with a non-zero
// exit, rather than Node exiting 0 in silence.
import { EXIT_NO_VERDICT } from './exit-codes';

export function guardVerdict<T>(command: Promise<T>): Promise<T> {
  let settled = false;
  const onBeforeExit = (): void => {
    if (settled) return;
    process.stderr.write('kube-jobs: nothing is left that could end the run (its engine or watch is gone); no verdict\n');
    process.exit(EXIT_NO_VERDICT);
  };
  process.on('beforeExit', onBeforeExit);
  return command.finally(() => {
    settled = true;
    process.off('beforeExit', onBeforeExit);
  });
}
