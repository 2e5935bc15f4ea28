// The one mapper from findings to LSP diagnostics: every diagnostic carries `source` and `code`.
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const DIAGNOSTIC_SOURCE = 'kube-jobs';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A text replacement, in offsets of the whole file. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A quick fix for a finding. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  readonly preferred?: boolean;
}

export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly fixes?: readonly Fix[];
}

const toLspSeverity: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(Math.max(end, start)) };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: toRange(document, finding.start, finding.end),
    severity: toLspSeverity[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
}
