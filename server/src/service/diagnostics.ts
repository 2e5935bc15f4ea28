// The one mapper from findings to LSP diagnostics: every diagnostic carries `source` and `code`.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const DIAGNOSTIC_SOURCE = 'kube-jobs';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
}

const toLspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const range: Range = {
    start: document.positionAt(finding.start),
    end: document.positionAt(Math.max(finding.end, finding.start)),
  };
  return {
    range,
    severity: toLspSeverity[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}
