// The one mapper from findings to LSP diagnostics: every diagnostic carries `source` and `code`.
import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver-types';
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
  return diagnosticAt(toRange(document, finding.start, finding.end), finding);
}

function diagnosticAt(range: Range, finding: Finding): Diagnostic {
  return { range, severity: toLspSeverity[finding.severity], code: finding.code, source: DIAGNOSTIC_SOURCE, message: finding.message };
}

/** The diagnostics of all findings of a document: toDiagnostic for each, found in one go. */
export function toDiagnostics(document: TextDocument, findings: readonly Finding[]): Diagnostic[] {
  const positionAt = positionFinder(document, findings.flatMap((finding) => [finding.start, Math.max(finding.end, finding.start)]));
  return findings.map((finding) => diagnosticAt({ start: positionAt(finding.start), end: positionAt(Math.max(finding.end, finding.start)) }, finding));
}

/**
 * document.positionAt for the given offsets. In a text without carriage returns, line feeds are
 * the only line breaks: one sweep along them finds every position, where the document's first
 * positionAt would build a table of all line starts, a pass over each character of a big file.
 */
function positionFinder(document: TextDocument, offsets: readonly number[]): (offset: number) => Position {
  const text = document.getText();
  if (text.includes('\r')) return (offset) => document.positionAt(offset);
  const clamp = (offset: number): number => Math.max(Math.min(offset, text.length), 0);
  const found = new Map<number, Position>();
  let line = 0;
  let lineStart = 0;
  for (const offset of [...new Set(offsets.map(clamp))].sort((a, b) => a - b)) {
    for (let next = text.indexOf('\n', lineStart); next !== -1 && next < offset; next = text.indexOf('\n', lineStart)) {
      line++;
      lineStart = next + 1;
    }
    found.set(offset, { line, character: offset - lineStart });
  }
  return (offset) => {
    const position = found.get(clamp(offset));
    return position ? { line: position.line, character: position.character } : document.positionAt(offset);
  };
}
