// `kube-jobs check`: the API server's verdict on a manifest without running it, as
// `kubectl create --dry-run=server` gives it, at the lines `kube-jobs lint` would use.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkOnServer, ClusterError, connectCluster, type ClusterConnection, type ClusterOptions, type ServerVerdict } from '../runs/cluster';
import { ManifestError, readPlacedManifest, selectWorkload } from '../runs/manifest';
import { ServerAnswerPlaces, type PlacedLines } from '../editor/server-problem-places';
import { EXIT_FAILED, EXIT_OK, InputError, UsageError } from './exit-codes';
import { formatProblem, type LintProblem } from './lint';

export const CHECK_USAGE = `Usage: kube-jobs check <file> [--job NAME] [--context C] [--namespace N] [--format text|json]

Sends the Job or CronJob of the file (and the ConfigMaps and Secrets of the file it uses) to
the cluster with dryRun=All, as kubectl create --dry-run=server: nothing is created. Prints
what the API server refuses at the line of the field it names, its warnings (Pod Security,
deprecated fields), and whether the Job already exists there.

Options:
  --job NAME        the Job or CronJob to check when the file has several
  --context C       the kube context (default: the kubeconfig's current context)
  --namespace N     the namespace (default: the manifest's, else the context's)
  --format text|json
  -h, --help        show this help

Exit codes: 0 accepted, 1 refused, 2 usage error, unreadable input or no cluster to ask,
70 internal error.`;

const CODE = 'api-server';

export type Connect = (options: ClusterOptions) => ClusterConnection;

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
  if (positionals.length !== 1) throw new UsageError('check needs exactly one file');
  const [file] = positionals;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let placed: ReturnType<typeof readPlacedManifest>;
  let workload: ReturnType<typeof selectWorkload>;
  try {
    placed = readPlacedManifest(file, text);
    workload = selectWorkload(placed.manifest, values.job);
  } catch (error) {
    if (error instanceof ManifestError) throw new InputError(error.message);
    throw error;
  }
  let verdict: ServerVerdict;
  try {
    const connection = connect({ context: values.context, namespace: values.namespace });
    verdict = await checkOnServer(connection, workload, [...placed.manifest.configMaps, ...placed.manifest.secrets], { namespace: values.namespace });
  } catch (error) {
    if (error instanceof ClusterError) throw new InputError(error.message);
    throw error;
  }

  const label = `${(workload.kind ?? 'Job').toLowerCase()}/${workload.metadata?.name ?? ''}`;
  const places = new ServerAnswerPlaces(text, placed.places);
  const lines = text.split(/\r\n|\r|\n/);
  const problem = (at: PlacedLines, severity: LintProblem['severity'], message: string): LintProblem => {
    const column = (lines[at.first] ?? '').search(/\S/) + 1 || 1;
    return { file, line: at.first + 1, column, endLine: at.first + 1, endColumn: (lines[at.first] ?? '').length + 1, severity, code: CODE, message };
  };
  const problems = [
    ...verdict.problems.map((p) => problem(places.problem(p, workload), 'error', p.field ? `${p.message} (${p.field})` : p.message)),
    ...verdict.warnings.map((w) => problem(places.kindLine(workload), 'warning', `Warning: ${w}`)),
  ];
  if (verdict.exists) problems.push(problem(places.kindLine(workload), 'info', `${label} already exists in ${verdict.namespace}: kube-jobs run asks for --on-conflict replace or copy`));

  if (values.format === 'json') {
    out(JSON.stringify({ context: verdict.context, namespace: verdict.namespace, accepted: verdict.accepted, exists: verdict.exists, problems }, null, 2));
  } else {
    if (problems.length > 0) out(problems.map(formatProblem).join('\n'));
    const where = `${verdict.context} (namespace ${verdict.namespace})`;
    out(verdict.accepted ? `${label} passes the API server's checks on ${where}; nothing was created` : `${label} is refused by the API server on ${where}`);
  }
  return verdict.accepted ? EXIT_OK : EXIT_FAILED;
}
