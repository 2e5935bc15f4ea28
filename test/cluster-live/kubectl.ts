// kubectl for the live tests, as a user would type it against the test namespace. Which binary:
// $KUBECTL, else the local cluster's own, found from its kubeconfig (scripts/cluster-env.sh lays
// out <home>/state/kubeconfig/admin.kubeconfig and <home>/bin/kubectl, whatever the cache folder),
// else kubectl on PATH.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run$ = promisify(execFile);

function kubectlBinary(kubeconfig: string): string {
  if (process.env.KUBECTL) return process.env.KUBECTL;
  const beside = join(dirname(dirname(dirname(kubeconfig))), 'bin', 'kubectl');
  return existsSync(beside) ? beside : 'kubectl';
}

/** Runs kubectl in `namespace` with the tests' KUBECONFIG and gives its standard output. */
export function kubectlIn(namespace: string, timeoutMs: number): (...args: string[]) => Promise<string> {
  const kubeconfig = process.env.KUBECONFIG as string;
  const binary = kubectlBinary(kubeconfig);
  return async (...args) => (await run$(binary, ['--kubeconfig', kubeconfig, '-n', namespace, ...args], { timeout: timeoutMs })).stdout;
}
