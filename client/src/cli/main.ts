// The `kube-jobs` command line: a thin shell over the language service and the run engine.
import { lint, LINT_USAGE } from './lint';
import { check, CHECK_USAGE } from './check';
import { run, RUN_USAGE } from './run';
import { startRun } from './start-run';
import { runs, RUNS_USAGE } from './runs';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, InputError, UsageError } from './exit-codes';
import { guardVerdict } from './verdict-guard';
import packageJson from '../../../package.json';

const USAGE = `kube-jobs ${packageJson.version} — check and run Kubernetes Jobs and CronJobs

Usage:
  kube-jobs lint [--format text|json] [--kubernetes-version X.Y] <file|dir>...
  kube-jobs check [--job NAME] [--context C] [--namespace N] [--format text|json] <file|dir>...
  kube-jobs run <file> [--job NAME] [--target docker|cluster] [--context C] [--namespace N]
                       [--output text|json] [--timeout SECONDS] [--keep] [--allow-host-path]
  kube-jobs runs list|logs|attach|delete   local runs on the Docker engine
  kube-jobs --version
  kube-jobs --help

Run "kube-jobs <command> --help" for a command's options and exit codes.`;

const commandUsage: Record<string, string> = { lint: LINT_USAGE, check: CHECK_USAGE, run: RUN_USAGE, runs: RUNS_USAGE };

async function main(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return command === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    out(packageJson.version);
    return EXIT_OK;
  }
  try {
    switch (command) {
      case 'lint':
        return lint(rest, out);
      case 'check':
        return await check(rest, out);
      case 'run':
        return await run(rest, out, startRun, { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY === true });
      case 'runs':
        return await runs(rest, { out, err: (text) => process.stderr.write(`${text}\n`) }, undefined, { stdout: process.stdout, stderr: process.stderr, interactive: process.stderr.isTTY === true });
      default:
        throw new UsageError(`unknown command "${command}" (commands: lint, check, run, runs)`);
    }
  } catch (error) {
    // node:util parseArgs reports unknown or malformed flags with these codes.
    const code = (error as { code?: string }).code;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kube-jobs: ${(error as Error).message}\n`);
      if (commandUsage[command] && !(error instanceof InputError)) process.stderr.write(`Run "kube-jobs ${command} --help" for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

guardVerdict(main(process.argv.slice(2))).then(
  (code) => {
    // A kept run's engine watch would hold the process open: once all output is written, exit.
    process.stdout.write('', () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`kube-jobs: internal error (a bug in kube-jobs, not in the input): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_INTERNAL;
  },
);
