// `kube-jobs lint`: the language server's diagnostics for files and folders, as text or JSON.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '@language-service';
import { isKubernetesVersion } from '@shared/settings';
import { collectYamlFiles } from './collect-files';
import { EXIT_FAILED, EXIT_OK, UsageError } from './exit-codes';
import { pathToFileURL } from 'node:url';

export const LINT_USAGE = `Usage: kube-jobs lint [--format text|json] [--kubernetes-version X.Y] <file|dir>...

Checks Job and CronJob manifests as the Kubernetes API server would. Folders are searched
recursively for .yaml and .yml files.

Options:
  --format text|json          output format (default: text)
  --kubernetes-version X.Y    the Kubernetes version to check against
  -h, --help                  show this help

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input, 70 internal error.`;

/** One problem as the CLI reports it: 1-based lines and columns. */
export interface LintProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

const severityName: Record<DiagnosticSeverity, LintProblem['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function toProblem(file: string, diagnostic: Diagnostic): LintProblem {
  return {
    file,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: severityName[diagnostic.severity ?? DiagnosticSeverity.Error],
    code: String(diagnostic.code ?? ''),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
}

export function lint(argv: string[], out: (text: string) => void): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'kubernetes-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(LINT_USAGE);
    return EXIT_OK;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}"`);
  const kubernetesVersion = values['kubernetes-version'];
  if (kubernetesVersion !== undefined && !isKubernetesVersion(kubernetesVersion)) {
    throw new UsageError(`--kubernetes-version must look like 1.34, not "${kubernetesVersion}"`);
  }
  if (positionals.length === 0) throw new UsageError('lint needs at least one file or folder');

  const service = createLanguageService({ kubernetesVersion });
  const problems: LintProblem[] = [];
  for (const file of collectYamlFiles(positionals)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const document = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, text);
    // One at a time: spreading a huge file's problems into push() would overflow the stack.
    for (const diagnostic of service.validate(document)) problems.push(toProblem(file, diagnostic));
  }

  if (values.format === 'json') out(JSON.stringify(problems, null, 2));
  else if (problems.length > 0) out(problems.map(formatProblem).join('\n'));
  return problems.some((p) => p.severity === 'error') ? EXIT_FAILED : EXIT_OK;
}

export function formatProblem(p: LintProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity} ${p.message} [${p.code}]`;
}
