// `kube-jobs check`: the API server's verdict on manifests without running them, as
// `kubectl create --dry-run=server` gives it, at the lines `kube-jobs lint` would use.
import { parseArgs } from 'node:util';
import { checkOnServer, ClusterError, connectCluster, type ClusterConnection, type ClusterOptions } from '../runs/cluster';
import { ManifestError, readPlacedManifest, selectWorkload, type KubeObject } from '../runs/manifest';
import { ServerAnswerPlaces } from '../editor/server-problem-places';
import { collectYamlFiles } from './collect-files';
import { EXIT_FAILED, EXIT_OK, InputError, UsageError } from './exit-codes';
import { formatProblem, type LintProblem } from './lint';
import { readInputFile } from './run-input';

export const CHECK_USAGE = `Usage: kube-jobs check [--job NAME] [--context C] [--namespace N] [--format text|json] <file|dir>...

Sends each Job and CronJob of the files (with the ConfigMaps and Secrets of its file it uses) to
the cluster with dryRun=All, as kubectl create --dry-run=server: nothing is created. Prints what
the API server refuses at the line of the field it names, its warnings (Pod Security, deprecated
fields), whether the Job already exists there, and a verdict line per Job or CronJob. Folders
are searched recursively for .yaml and .yml files.

Options:
  --job NAME        only the Job or CronJob of this name (one file)
  --context C       the kube context (default: the kubeconfig's current context)
  --namespace N     the namespace (default: the manifest's, else the context's)
  --format text|json
  -h, --help        show this help

Exit codes: 0 all accepted, 1 one refused, 2 usage error, unreadable input or no cluster to ask,
70 internal error.`;

const CODE = 'api-server';

export type Connect = (options: ClusterOptions) => ClusterConnection;

/** The verdict on one Job or CronJob, as `--format json` prints it. */
export interface CheckResult {
  file: string;
  /** "job/name" or "cronjob/name". */
  workload: string;
  context: string;
  namespace: string;
  accepted: boolean;
  exists: boolean;
  problems: LintProblem[];
}

export async function check(argv: string[], out: (text: string) => void, connect: Connect = connectCluster): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      job: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(CHECK_USAGE);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const files = collectYamlFiles(positionals);
  if (values.job !== undefined && files.length !== 1) throw new UsageError('--job picks a Job or CronJob of one file');

  let connection: ClusterConnection | undefined;
  const results: CheckResult[] = [];
  for (const file of files) {
    const { text, placed, workloads } = readWorkloads(file, values.job);
    for (const workload of workloads) {
      try {
        connection ??= connect({ context: values.context, namespace: values.namespace });
        results.push(await checkOne(connection, file, text, placed, workload, values.namespace));
      } catch (error) {
        if (error instanceof ClusterError) throw new InputError(error.message);
        throw error;
      }
    }
  }

  if (values.format === 'json') out(JSON.stringify(results, null, 2));
  else {
    const problems = results.flatMap((r) => r.problems);
    if (problems.length > 0) out(problems.map(formatProblem).join('\n'));
    for (const r of results) {
      const where = `${r.context} (namespace ${r.namespace})`;
      out(`${r.file}: ${r.accepted ? `${r.workload} passes the API server's checks on ${where}; nothing was created` : `${r.workload} is refused by the API server on ${where}`}`);
    }
  }
  return results.every((r) => r.accepted) ? EXIT_OK : EXIT_FAILED;
}

function readWorkloads(file: string, job: string | undefined): { text: string; placed: ReturnType<typeof readPlacedManifest>; workloads: readonly KubeObject[] } {
  const text = readInputFile(file);
  try {
    const placed = readPlacedManifest(file, text);
    // A file without a Job or CronJob has nothing to check, unless one was named.
    const workloads = job !== undefined ? [selectWorkload(placed.manifest, job)] : placed.manifest.workloads;
    return { text, placed, workloads };
  } catch (error) {
    if (error instanceof ManifestError) throw new InputError(error.message);
    throw error;
  }
}

async function checkOne(connection: ClusterConnection, file: string, text: string, placed: ReturnType<typeof readPlacedManifest>, workload: KubeObject, namespace: string | undefined): Promise<CheckResult> {
  const verdict = await checkOnServer(connection, workload, [...placed.manifest.configMaps, ...placed.manifest.secrets], { namespace });
  const lines = text.split(/\r\n|\r|\n/);
  const problems = new ServerAnswerPlaces(text, placed.places).answers(verdict, workload, 'kube-jobs run asks for --on-conflict replace or copy').map(({ lines: at, severity, message }): LintProblem => {
    const line = lines[at.first] ?? '';
    return { file, line: at.first + 1, column: line.search(/\S/) + 1 || 1, endLine: at.first + 1, endColumn: line.length + 1, severity, code: CODE, message };
  });
  return { file, workload: verdict.workload, context: verdict.context, namespace: verdict.namespace, accepted: verdict.accepted, exists: verdict.exists, problems };
}
