// `kube-jobs run`: runs one Job from a manifest on the local Docker engine or a cluster.
import { parseArgs } from 'node:util';
import { boundsText, SETTINGS, withinBounds } from '@shared/settings';
import type { KubeObject, ManifestObjects } from '../runs/manifest';
import { finishedCondition, RunGone, type RemovalCause, type Run, type RunHandle } from '../runs/model';
import { followRunLogs } from '../runs/log-follower';
import { StatusOrder } from '../runs/status-order';
import { RunReporter, type ReporterStreams } from './run-reporter';
import { isLocalRunHandle } from '../runs/local-runner';
import { EXIT_FAILED, EXIT_NO_VERDICT, EXIT_OK, EXIT_TIMEOUT, UsageError } from './exit-codes';
import { hostAccessNeeds } from '../runs/host-access';
import { readRunInput } from './run-input';

// The CLI's --backoff-scale is the editor's kubeJobs.docker.backoffScale.
const BACKOFF_SCALE = SETTINGS['docker.backoffScale'];

export const RUN_USAGE = `Usage: kube-jobs run <file> [--job NAME] [--target docker|cluster] [--context C]
                     [--namespace N] [--output text|json] [--timeout SECONDS] [--keep]
                     [--backoff-scale F] [--allow-host-path] [--on-conflict fail|replace|copy]

Runs a Job (or a Job made from a CronJob's jobTemplate) and follows it to the end:
live status, logs of every container prefixed [pod/container], and a final summary.

Options:
  --job NAME              which Job or CronJob of a multi-document file to run
  --target docker|cluster where to run it (default: docker, the local Docker engine)
  --context C             kubeconfig context for --target cluster (default: the current one)
  --namespace N           namespace (default: the context's, else "default")
  --output text|json      text (default) or the final status as one JSON object
  --timeout SECONDS       stop waiting after this long and exit 3
  --keep                  keep the run (containers and logs) after it ends
  --backoff-scale F       docker: scale the controller's back-off delays (default 1 =
                          Kubernetes' timing; 0.1 retries ten times sooner)
  --allow-host-path       consent to hostPath volumes, privileged containers and host namespaces
  --on-conflict fail|replace|copy
                          cluster: when the Job already exists, stop (default), delete it and
                          run again, or run a copy with a generated name
  -h, --help              show this help

Exit codes: 0 the Job completed, 1 it failed, 2 usage or input error (no Docker engine or
cluster to run on included), 3 timed out, 4 no verdict: the run was deleted (by another process)
before it finished, 130 interrupted.`;

export interface RunOptions {
  file: string;
  job?: string;
  target: 'docker' | 'cluster';
  context?: string;
  namespace?: string;
  output: 'text' | 'json';
  timeoutSeconds?: number;
  keep: boolean;
  backoffScale: number;
  allowHostAccess: boolean;
  onConflict: 'fail' | 'replace' | 'copy';
}

export function parseRunArgs(argv: string[]): RunOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      job: { type: 'string' },
      target: { type: 'string', default: 'docker' },
      context: { type: 'string' },
      namespace: { type: 'string', short: 'n' },
      output: { type: 'string', short: 'o', default: 'text' },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'backoff-scale': { type: 'string', default: String(BACKOFF_SCALE.default) },
      'allow-host-path': { type: 'boolean', default: false },
      'on-conflict': { type: 'string', default: 'fail' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'run needs a manifest file' : 'run takes exactly one manifest file');
  if (values.target !== 'docker' && values.target !== 'cluster') throw new UsageError(`--target must be docker or cluster, not "${values.target}"`);
  if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`--output must be text or json, not "${values.output}"`);
  let timeoutSeconds: number | undefined;
  if (values.timeout !== undefined) {
    timeoutSeconds = Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a positive number of seconds, not "${values.timeout}"`);
  }
  const backoffScale = Number(values['backoff-scale']);
  if (!withinBounds(BACKOFF_SCALE, backoffScale)) throw new UsageError(`--backoff-scale must be a number in ${boundsText(BACKOFF_SCALE)}, not "${values['backoff-scale']}"`);
  const onConflict = values['on-conflict'];
  if (onConflict !== 'fail' && onConflict !== 'replace' && onConflict !== 'copy') throw new UsageError(`--on-conflict must be fail, replace or copy, not "${onConflict}"`);
  if (values.target === 'docker' && values.context !== undefined) throw new UsageError('--context applies to --target cluster only');
  return {
    file: positionals[0],
    job: values.job,
    target: values.target,
    context: values.context,
    namespace: values.namespace,
    output: values.output,
    timeoutSeconds,
    keep: values.keep ?? false,
    backoffScale,
    allowHostAccess: values['allow-host-path'] ?? false,
    onConflict,
  };
}

/** Starts the selected workload on the chosen target; the CLI then follows the handle. */
export type StartRun = (options: RunOptions, manifest: ManifestObjects, workload: KubeObject, report: (message: string) => void) => Promise<RunHandle>;

export async function run(argv: string[], out: (text: string) => void, start: StartRun, streams: ReporterStreams): Promise<number> {
  const options = parseRunArgs(argv);
  if (options === 'help') {
    out(RUN_USAGE);
    return EXIT_OK;
  }
  const { manifest, workload } = readRunInput(options.file, options.job);
  const needs = hostAccessNeeds(workload);
  if (needs.length > 0 && !options.allowHostAccess) {
    throw new UsageError(`${workload.kind}/${workload.metadata?.name ?? ''} reaches outside its containers (${needs.join('; ')}); run again with --allow-host-path to consent`);
  }
  const reporter = new RunReporter(streams, options.output);
  const handle = await start(options, manifest, workload, (message) => reporter.message(message));
  return followToEnd(handle, reporter, { ...options, mode: 'run' });
}

export interface FollowOptions {
  target: RunOptions['target'];
  keep: boolean;
  timeoutSeconds?: number;
  /** run: Ctrl+C removes the run. attach: Ctrl+C leaves it as it is, for another attach. */
  mode: 'run' | 'attach';
}

/** What --keep kept: nothing, when the run is already gone. */
function keptMessage(runId: string, removal: RemovalCause | undefined): string {
  if (removal === 'ttl') return `not kept: run ${runId} was removed by its ttlSecondsAfterFinished`;
  if (removal !== undefined) return `not kept: run ${runId} was deleted`;
  return `kept: run ${runId} — "kube-jobs runs logs ${runId}" shows its logs, "kube-jobs runs delete ${runId}" removes it`;
}

/** Follows a run until it finishes, times out or is interrupted, and returns the exit code. */
export async function followToEnd(handle: RunHandle, reporter: RunReporter, options: FollowOptions): Promise<number> {
  const removeOnExit = options.target === 'docker' && !options.keep;
  const logs = followRunLogs(handle, (line) => reporter.logLine(line), (error) => reporter.message(`logs: ${String(error)}`));
  // Status lines after the output they sum up, in the order they came, as in the editor's log channel.
  const order = new StatusOrder(logs);
  const ended = new Set<string>();
  let statusShown = Promise.resolve();
  let summarized = false;
  const status = (run: Run): void => {
    const endedNow = run.pods.filter((pod) => (pod.phase === 'Succeeded' || pod.phase === 'Failed') && !ended.has(pod.name)).map((pod) => pod.name);
    for (const pod of endedNow) ended.add(pod);
    statusShown = statusShown.then(() =>
      order.afterPods(endedNow, () => {
        if (!summarized) reporter.status(run);
      }),
    );
  };
  let removal: RemovalCause | undefined;
  const changes = handle.onDidChange((change) => {
    if (change.kind === 'removed') removal = change.cause ?? 'deletedElsewhere';
    else if (change.kind === 'event') reporter.event(change.event, handle.snapshot());
    else status(handle.snapshot());
  });
  const first = handle.snapshot();
  for (const event of first.events) reporter.event(event, first);
  status(first);

  // Ctrl+C, or a CI runner or terminal closing: the run is removed cleanly either way; a second
  // one quits at once. One listener stays for the whole run, so that no signal ever meets
  // Node's default handling (instant death) between the first and the second.
  let interrupts = 0;
  let onFirst: (() => void) | undefined;
  let onSecond: (() => void) | undefined;
  const interruption = new Promise<'interrupted'>((resolve) => (onFirst = () => resolve('interrupted')));
  const again = new Promise<'again'>((resolve) => (onSecond = () => resolve('again')));
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts === 1) onFirst?.();
    else onSecond?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    if (options.timeoutSeconds !== undefined) timer = setTimeout(() => resolve('timeout'), options.timeoutSeconds * 1000);
  });

  try {
    const ending = handle.finished().then(
      () => 'finished' as const,
      (error: unknown) => {
        if (error instanceof RunGone) return error;
        throw error;
      },
    );
    const outcome = await Promise.race([ending, timeout, interruption]);
    if (outcome instanceof RunGone) {
      // Its outcome can no longer arrive: say so, with the last status seen.
      summarized = true;
      removal = outcome.removal;
      reporter.final(outcome.last, outcome.removal);
      reporter.message(`kube-jobs: ${outcome.message}; no verdict`);
      return EXIT_NO_VERDICT;
    }
    if (outcome === 'finished') await Promise.all([logs.drained(), statusShown]);
    summarized = true;
    // A TTL of 0 removes the run the moment it finished, maybe before it was followed.
    removal ??= handle.removedBy;
    const final = handle.snapshot();
    reporter.final(final, removal);
    if (outcome === 'interrupted' && options.mode === 'attach') {
      reporter.message(`stopped following: run ${handle.id} is left as it is; "kube-jobs runs attach ${handle.id}" goes on with it, "kube-jobs runs delete ${handle.id}" removes it`);
      return 130;
    }
    if (outcome === 'interrupted') {
      // Removing waits for the pods' grace period, as on a cluster; a second Ctrl+C quits at once.
      reporter.message('interrupted: removing the run (Ctrl+C again to leave it and quit)');
      const removal = await Promise.race([handle.delete().then(() => 'removed' as const), again]);
      if (removal === 'again') reporter.message(`left run ${handle.id} behind${options.target === 'docker' ? `; "kube-jobs runs delete ${handle.id}" removes it` : ''}`);
      return 130;
    }
    if (outcome === 'timeout') {
      reporter.message(`timed out after ${options.timeoutSeconds} s${removeOnExit ? '; removing the run' : ''}`);
      return EXIT_TIMEOUT;
    }
    return finishedCondition(final.status)?.type === 'Complete' ? EXIT_OK : EXIT_FAILED;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    changes.dispose();
    logs.dispose();
    const interrupted = interrupts > 0;
    if (removeOnExit && !interrupted) await handle.delete();
    else if (isLocalRunHandle(handle)) {
      // What is left is left tidy: no idle sandbox running, and the run free for another process to take over.
      await handle.detach();
      if (options.keep && !interrupted) reporter.message(keptMessage(handle.id, removal));
    }
  }
}
