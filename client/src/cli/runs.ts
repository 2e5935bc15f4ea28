// `kube-jobs runs list|logs|delete`: the local runs kept on the Docker engine (`run --keep`, or
// runs of an editor session), found by their labels.
import { parseArgs } from 'node:util';
import type Docker from 'dockerode';
import { createDockerClient, DockerEngineUnavailable, pingEngine } from '../runs/docker/docker-client';
import { checkRunId, InvalidRunId, isRunId } from '../runs/run-id';
import { findRuns, ownerIsGone, removeRun, type RunResources } from '../runs/docker/cleanup';
import { Label, labelFilter } from '../runs/docker/labels';
import { logLinesOf } from '../runs/docker/log-lines';
import { formatLogLine } from '../logs/log-format';
import { EXIT_FAILED, EXIT_OK, InputError, UsageError } from './exit-codes';
import { defaultJournalDir, removeJournal } from '../runs/journal/run-journal';
import { isControlled } from '../runs/journal/run-owner';
import { journaledRun, statusSummary, ttlEnd } from '../runs/journal/journal-status';
import { isFinished, type Run } from '../runs/model';
import { attach } from './runs-attach';
import type { ReporterStreams } from './run-reporter';

export const RUNS_USAGE = `Usage: kube-jobs runs list [--output text|json]
       kube-jobs runs logs <run>
       kube-jobs runs attach <run> [--output text|json] [--timeout SECONDS]
       kube-jobs runs delete <run>... | --all

Local runs on the Docker engine (\`kube-jobs run --keep\`, runs started in the editor, runs
whose process was killed): list them with their state and status, print every container's
logs prefixed [pod/container], attach to a run no process controls any more (it goes on
from where it was, followed like \`kube-jobs run\`; Ctrl+C leaves it as it is), or delete
them with their containers, volumes and logs.

States: running (a live process controls it), detached (nobody does: attach to go on),
finished, orphaned (containers left running by a process that kept no journal).

Exit codes: 0 done (attach: the Job completed), 1 a named run does not exist (attach: the Job
failed), 2 usage or input error (a run id that is not one, no Docker engine), 3 attach timed
out, 4 attach: the run was deleted before it finished (no verdict).`;

export interface RunsStreams {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runs(argv: string[], streams: RunsStreams, engine?: Docker, followStreams?: ReporterStreams): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o', default: 'text' },
      all: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [verb, ...names] = positionals;
  if (values.help || verb === undefined) {
    if (verb === undefined && !values.help) throw new UsageError('runs needs a verb: list, logs or delete');
    streams.out(RUNS_USAGE);
    return EXIT_OK;
  }
  if (values.output !== 'text' && values.output !== 'json') throw new UsageError(`--output must be text or json, not "${values.output}"`);
  let docker: Docker;
  try {
    // Run ids name files: a bad one is refused before anything is touched.
    for (const name of names) checkRunId(name);
    docker = engine ?? createDockerClient();
  } catch (error) {
    return inputError(error);
  }
  await pingEngine(docker).catch(inputError);
  switch (verb) {
    case 'list':
      return list(docker, streams, values.output);
    case 'attach': {
      if (names.length !== 1) throw new UsageError('runs attach takes one run id');
      const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a number of seconds, not "${values.timeout}"`);
      const follow = followStreams ?? { stdout: process.stdout, stderr: process.stderr, interactive: false };
      return attach(names[0], { output: values.output, timeoutSeconds }, follow);
    }
    case 'logs':
      if (names.length !== 1) throw new UsageError('runs logs takes one run id');
      return logs(docker, streams, names[0]);
    case 'delete':
      if (values.all === (names.length > 0)) throw new UsageError('runs delete takes run ids, or --all');
      return remove(docker, streams, values.all ? (await findRuns(docker)).map((r) => r.runId) : names);
    default:
      throw new UsageError(`unknown runs verb "${verb}" (verbs: list, logs, attach, delete)`);
  }
}

/** Problems with what the user gave (a run id, the Docker host) are one line and exit 2. */
function inputError(error: unknown): never {
  if (error instanceof InvalidRunId || error instanceof DockerEngineUnavailable) throw new InputError(error.message);
  throw error;
}

/** Runs with a Kubernetes container still running (a pod's sandbox alone does not count). */
async function runsWithRunningContainers(docker: Docker): Promise<Set<string>> {
  const running = await docker.listContainers({ filters: { label: [labelFilter(Label.role, 'container')], status: ['running'] } });
  return new Set(running.map((c) => c.Labels[Label.run] ?? ''));
}

function state(run: RunResources, running: Set<string>, journaled: Run | undefined, dir: string): string {
  if (journaled) {
    if (isControlled(dir, run.runId)) return 'running';
    return isFinished(journaled.status) ? 'finished' : 'detached';
  }
  if (running.has(run.runId)) return ownerIsGone(run.owner) ? 'orphaned' : 'running';
  return 'finished';
}

async function list(docker: Docker, streams: RunsStreams, output: 'text' | 'json'): Promise<number> {
  const dir = defaultJournalDir();
  const all = (await findRuns(docker)).sort((a, b) => a.runId.localeCompare(b.runId));
  const running = await runsWithRunningContainers(docker);
  const rows = all.map((r) => {
    const journaled = journaledRun(dir, r.runId);
    return { resources: r, journaled, state: state(r, running, journaled, dir), status: journaled ? statusSummary(journaled) : '' };
  });
  // As a cluster's TTL controller would have: finished runs nobody controls are gone once their TTL ended.
  const expired = rows.filter((row) => row.state === 'finished' && row.journaled && (ttlEnd(row.journaled) ?? Infinity) <= Date.now());
  for (const { resources } of expired) {
    await removeRun(docker, resources.runId);
    removeJournal(dir, resources.runId);
    streams.err(`removed run ${resources.runId}: its ttlSecondsAfterFinished ended`);
  }
  const listed = rows.filter((row) => !expired.includes(row));
  if (output === 'json') {
    const entries = listed.map(({ resources: r, state, status }) => ({ run: r.runId, job: r.jobName ?? null, namespace: r.namespace ?? null, state, status: status || null, containers: r.containerIds.length, volumes: r.volumeNames.length }));
    streams.out(JSON.stringify(entries, null, 2));
    return EXIT_OK;
  }
  if (listed.length === 0) {
    streams.err('no local runs on the Docker engine');
    return EXIT_OK;
  }
  const table = [['RUN', 'JOB', 'NAMESPACE', 'STATE', 'STATUS', 'CONTAINERS'], ...listed.map(({ resources: r, state, status }) => [r.runId, r.jobName ?? '', r.namespace ?? '', state, status, String(r.containerIds.length)])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  streams.out(table.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('   ').trimEnd()).join('\n'));
  return EXIT_OK;
}

async function logs(docker: Docker, streams: RunsStreams, runId: string): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [labelFilter(Label.run, runId), labelFilter(Label.role, 'container')] } });
  if (containers.length === 0) {
    streams.err(`kube-jobs: no run "${runId}" on the Docker engine (see "kube-jobs runs list")`);
    return EXIT_FAILED;
  }
  // In the order they were created: pods as they came, restarts after the runs they replaced.
  for (const info of containers.sort((a, b) => a.Created - b.Created)) {
    const pod = info.Labels[Label.pod] ?? '';
    const container = info.Labels[Label.container] ?? '';
    const restart = Number(info.Labels[Label.restartCount] ?? 0);
    const output = (await docker.getContainer(info.Id).logs({ stdout: true, stderr: true, timestamps: true, follow: false })) as unknown as Buffer;
    for await (const line of logLinesOf([output], pod, container)) {
      // The format `run` and the editor use; a restarted container's earlier runs are told apart by #N.
      streams.out(formatLogLine(restart > 0 ? { ...line, container: `${container} #${restart}` } : line, false));
    }
  }
  return EXIT_OK;
}

async function remove(docker: Docker, streams: RunsStreams, runIds: string[]): Promise<number> {
  let missing = 0;
  for (const runId of runIds) {
    // The journal first: a process still following the run sees it deleted, not its pods failing.
    // (An id read from a label by --all may not be one: its containers go, no file is touched.)
    if (isRunId(runId)) removeJournal(defaultJournalDir(), runId);
    const removed = await removeRun(docker, runId);
    if (removed.containers + removed.volumes === 0) {
      streams.err(`kube-jobs: no run "${runId}" on the Docker engine`);
      missing++;
    } else {
      streams.out(`deleted run ${runId} (${removed.containers} containers, ${removed.volumes} volumes)`);
    }
  }
  return missing > 0 ? EXIT_FAILED : EXIT_OK;
}
